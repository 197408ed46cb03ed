import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { GpEntity, ShiftEntity } from '@anw/rosters';
import { MarketOfferEntity } from './market-offer.entity.js';

export enum ClaimStatus {
  /** Queued for a planner's approval (first come, first served). */
  Pending = 'pending',
  Completed = 'completed',
  Withdrawn = 'withdrawn',
  Refused = 'refused',
  Lost = 'lost',
  Undone = 'undone',
}

/** A GP taking an open position of a dienst, or an offered dienst (overnemen). */
@Entity('market_claims')
@Index('market_claims_pending_unique', ['shiftId', 'gpId'], { unique: true, where: "status = 'pending'" })
@Index('market_claims_queue', ['shiftId', 'status', 'createdAt', 'id'])
@Index(['hdsId', 'gpId', 'createdAt'])
@Index(['hdsId', 'status', 'createdAt'])
export class MarketClaimEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'uuid', name: 'shift_id' })
  shiftId: string;

  @ManyToOne(() => ShiftEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'shift_id' })
  shift?: Relation<ShiftEntity>;

  /** The offer claimed; null for an open (unfilled) position. */
  @Index()
  @Column({ type: 'uuid', name: 'offer_id', nullable: true })
  offerId: string | null;

  @ManyToOne(() => MarketOfferEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'offer_id' })
  offer?: Relation<MarketOfferEntity>;

  /** The GP who takes the dienst. */
  @Column({ type: 'uuid', name: 'gp_id' })
  gpId: string;

  @ManyToOne(() => GpEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'gp_id' })
  gp?: Relation<GpEntity>;

  /** The GP who gives it (the offer's GP); null for an open position. */
  @Column({ type: 'uuid', name: 'from_gp_id', nullable: true })
  fromGpId: string | null;

  @Column({ type: 'text', default: ClaimStatus.Pending })
  status: ClaimStatus;

  /** Why a planner acted on the GP's behalf. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** Why it was refused or lost, in Dutch (the broken rule's reason when a rule decided it). */
  @Column({ type: 'text', name: 'decision_reason', nullable: true })
  decisionReason: string | null;

  /** The hard rule that refused it, if one did. */
  @Column({ type: 'text', nullable: true })
  rule: string | null;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'uuid', name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true })
  completedAt: Date | null;
}
