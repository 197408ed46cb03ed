import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export enum AvailabilityKind {
  Absence = 'absence',
  Blocked = 'blocked',
  Wants = 'wants',
  Avoids = 'avoids',
}

/** An interval a GP is away (absence, blocked: hard) or prefers (wants, avoids: soft). */
@Entity('availability')
@Index(['hdsId', 'gpId', 'startAt'])
export class AvailabilityEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'uuid', name: 'gp_id' })
  gpId: string;

  @Column({ type: 'text' })
  kind: AvailabilityKind;

  @Column({ type: 'timestamptz', name: 'start_at' })
  startAt: Date;

  @Column({ type: 'timestamptz', name: 'end_at' })
  endAt: Date;

  @Column({ type: 'text', default: '' })
  note: string;

  /** wants and avoids: 1–3 */
  @Column({ type: 'smallint', default: 1 })
  weight: number;

  @Column({ type: 'uuid', name: 'entered_by', nullable: true })
  enteredBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

/** That a GP has entered (or confirmed) their availability for a period. */
@Entity('availability_responses')
export class AvailabilityResponseEntity {
  @PrimaryColumn({ type: 'uuid', name: 'period_id' })
  periodId: string;

  @PrimaryColumn({ type: 'uuid', name: 'gp_id' })
  gpId: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'timestamptz', name: 'responded_at' })
  respondedAt: Date;

  @Column({ type: 'uuid', name: 'entered_by', nullable: true })
  enteredBy: string | null;
}
