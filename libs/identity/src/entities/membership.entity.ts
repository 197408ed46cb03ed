import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { HdsEntity } from './hds.entity.js';
import { RegionEntity } from './region.entity.js';
import { UserEntity } from './user.entity.js';

export enum Role {
  Gp = 'gp',
  Planner = 'planner',
  HdsAdmin = 'hds-admin',
  RegionalAuditor = 'regional-auditor',
}

/**
 * A user's role in one HDS (gp, planner, hds-admin) or, for a regional auditor, in one region.
 * A locum who works for two HDS'en has two gp memberships.
 */
@Entity('memberships')
@Index(['userId', 'hdsId', 'role'], { unique: true, where: 'hds_id IS NOT NULL' })
@Index(['userId', 'regionId', 'role'], { unique: true, where: 'region_id IS NOT NULL' })
export class MembershipEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid', name: 'user_id' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @Column({ type: 'text' })
  role: Role;

  @Index()
  @Column({ type: 'uuid', name: 'hds_id', nullable: true })
  hdsId: string | null;

  @ManyToOne(() => HdsEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'hds_id' })
  hds?: Relation<HdsEntity>;

  @Column({ type: 'uuid', name: 'region_id', nullable: true })
  regionId: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'region_id' })
  region?: Relation<RegionEntity>;

  /** For role gp: the GP record this user is. */
  @Column({ type: 'uuid', name: 'gp_id', nullable: true })
  gpId: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
