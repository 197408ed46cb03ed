import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { WishKind } from '../domain/recurring-wishes.js';

/** A GP's weekly wish for one period ("no Friday nights", "prefer Sunday days"): soft, weight 1–3. */
@Entity('recurring_wishes')
@Index(['hdsId', 'periodId', 'gpId'])
export class RecurringWishEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'uuid', name: 'gp_id' })
  gpId: string;

  @Column({ type: 'uuid', name: 'period_id' })
  periodId: string;

  @Column({ type: 'text' })
  kind: WishKind;

  /** ISO: 1 = Monday … 7 = Sunday */
  @Column({ type: 'smallint' })
  weekday: number;

  /** local 'HH:mm' */
  @Column({ type: 'text', name: 'start_time' })
  startTime: string;

  /** local 'HH:mm'; at or before the start: the next day */
  @Column({ type: 'text', name: 'end_time' })
  endTime: string;

  @Column({ type: 'smallint', default: 1 })
  weight: number;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'uuid', name: 'entered_by', nullable: true })
  enteredBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
