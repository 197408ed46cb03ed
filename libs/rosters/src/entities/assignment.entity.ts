import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { GpEntity } from './gp.entity.js';
import { ShiftEntity } from './shift.entity.js';

export enum AssignmentSource {
  Planner = 'planner',
  Engine = 'engine',
  Pick = 'pick',
  Trade = 'trade',
}

/** A GP on a dienst (bezetting). Removed ones are kept with removed_at for history and feeds. */
@Entity('assignments')
@Index('assignments_active_unique', ['shiftId', 'gpId'], { unique: true, where: 'removed_at IS NULL' })
@Index(['hdsId', 'gpId'])
// Active assignments of an HDS by dienst, carrying the GP, for the audit reports (migration
// AuditReportIndexes1795431239785, INCLUDE columns: `synchronize: false` as on shifts).
@Index('assignments_live_by_hds', { synchronize: false })
export class AssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Index()
  @Column({ type: 'uuid', name: 'shift_id' })
  shiftId: string;

  @ManyToOne(() => ShiftEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'shift_id' })
  shift?: Relation<ShiftEntity>;

  @Column({ type: 'uuid', name: 'gp_id' })
  gpId: string;

  @ManyToOne(() => GpEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'gp_id' })
  gp?: Relation<GpEntity>;

  @Column({ type: 'text' })
  source: AssignmentSource;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'removed_at', nullable: true })
  removedAt: Date | null;
}
