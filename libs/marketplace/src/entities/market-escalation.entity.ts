import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ShiftEntity } from '@anw/rosters';

/** That a dienst still open close to its start was escalated to the planners (once per dienst). */
@Entity('market_escalations')
export class MarketEscalationEntity {
  @PrimaryColumn({ type: 'uuid', name: 'shift_id' })
  shiftId: string;

  @ManyToOne(() => ShiftEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'shift_id' })
  shift?: Relation<ShiftEntity>;

  @Index()
  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'int', name: 'open_positions' })
  openPositions: number;

  @Column({ type: 'timestamptz', name: 'escalated_at' })
  escalatedAt: Date;
}
