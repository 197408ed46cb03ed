import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { GpEntity, ShiftEntity } from '@anw/rosters';

export enum OfferAudience {
  All = 'all',
  Named = 'named',
}

export enum OfferStatus {
  Open = 'open',
  Taken = 'taken',
  Withdrawn = 'withdrawn',
  /** The offering GP no longer holds the dienst (swapped away, undone, removed by a planner). */
  Cancelled = 'cancelled',
}

/** A dienst a GP offers (dienst aanbieden): to everyone eligible or to named colleagues. */
@Entity('market_offers')
@Index('market_offers_open_unique', ['shiftId', 'gpId'], { unique: true, where: "status = 'open'" })
@Index(['hdsId', 'status', 'createdAt'])
@Index(['hdsId', 'gpId', 'createdAt'])
export class MarketOfferEntity {
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

  /** The GP who gives the dienst away. */
  @Column({ type: 'uuid', name: 'gp_id' })
  gpId: string;

  @ManyToOne(() => GpEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'gp_id' })
  gp?: Relation<GpEntity>;

  @Column({ type: 'text' })
  audience: OfferAudience;

  @Column({ type: 'uuid', name: 'named_gp_ids', array: true, default: () => "'{}'" })
  namedGpIds: string[];

  @Column({ type: 'timestamptz', nullable: true })
  deadline: Date | null;

  @Column({ type: 'text', default: OfferStatus.Open })
  status: OfferStatus;

  /** Why a planner acted on the GP's behalf. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt: Date | null;
}
