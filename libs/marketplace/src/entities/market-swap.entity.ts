import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { GpEntity, ShiftEntity } from '@anw/rosters';

export enum SwapStatus {
  Proposed = 'proposed',
  /** The other GP agreed; waiting for a planner's approval. */
  Accepted = 'accepted',
  Completed = 'completed',
  Declined = 'declined',
  Withdrawn = 'withdrawn',
  Refused = 'refused',
  /** One of the two no longer holds their dienst. */
  Cancelled = 'cancelled',
  Undone = 'undone',
}

/** A 1:1 ruil: the proposer's dienst for one of the other GP's. */
@Entity('market_swaps')
@Index('market_swaps_open_unique', ['fromShiftId', 'toShiftId', 'fromGpId', 'toGpId'], { unique: true, where: "status IN ('proposed', 'accepted')" })
@Index(['hdsId', 'fromGpId', 'createdAt'])
@Index(['hdsId', 'toGpId', 'createdAt'])
@Index(['hdsId', 'status', 'createdAt'])
export class MarketSwapEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  /** The proposer and the dienst they give. */
  @Column({ type: 'uuid', name: 'from_gp_id' })
  fromGpId: string;

  @ManyToOne(() => GpEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'from_gp_id' })
  fromGp?: Relation<GpEntity>;

  @Index()
  @Column({ type: 'uuid', name: 'from_shift_id' })
  fromShiftId: string;

  @ManyToOne(() => ShiftEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'from_shift_id' })
  fromShift?: Relation<ShiftEntity>;

  /** The GP asked and the dienst they would give in return. */
  @Column({ type: 'uuid', name: 'to_gp_id' })
  toGpId: string;

  @ManyToOne(() => GpEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'to_gp_id' })
  toGp?: Relation<GpEntity>;

  @Index()
  @Column({ type: 'uuid', name: 'to_shift_id' })
  toShiftId: string;

  @ManyToOne(() => ShiftEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'to_shift_id' })
  toShift?: Relation<ShiftEntity>;

  @Column({ type: 'text', default: SwapStatus.Proposed })
  status: SwapStatus;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'text', name: 'decision_reason', nullable: true })
  decisionReason: string | null;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'responded_at', nullable: true })
  respondedAt: Date | null;

  @Column({ type: 'uuid', name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true })
  completedAt: Date | null;
}
