import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export enum RunStatus {
  Queued = 'queued',
  Running = 'running',
  Completed = 'completed',
  Failed = 'failed',
  Cancelled = 'cancelled',
  Applied = 'applied',
}

/** One run of the distribution engine over a period; its result is a draft until applied. */
@Entity('distribution_runs')
@Index(['hdsId', 'periodId', 'createdAt'])
export class DistributionRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'uuid', name: 'period_id' })
  periodId: string;

  @Column({ type: 'text', default: RunStatus.Queued })
  status: RunStatus;

  @Column({ type: 'int' })
  seed: number;

  @Column({ type: 'int' })
  seconds: number;

  @Column({ type: 'real', default: 0 })
  percent: number;

  @Column({ type: 'jsonb', nullable: true })
  score: unknown;

  /** The engine's result (anw-roster-result/1). */
  @Column({ type: 'jsonb', nullable: true })
  result: unknown;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'boolean', name: 'cancel_requested', default: false })
  cancelRequested: boolean;

  @Column({ type: 'uuid', name: 'requested_by', nullable: true })
  requestedBy: string | null;

  @Column({ type: 'text', name: 'request_id', nullable: true })
  requestId: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'started_at', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt: Date | null;
}

/** Hours per category a GP is ahead (+) or behind (−) after a period: the next period's balance. */
@Entity('carry_over_balances')
export class CarryOverBalanceEntity {
  @PrimaryColumn({ type: 'uuid', name: 'period_id' })
  periodId: string;

  @PrimaryColumn({ type: 'uuid', name: 'gp_id' })
  gpId: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'real' })
  avond: number;

  @Column({ type: 'real' })
  nacht: number;

  @Column({ type: 'real' })
  weekend: number;

  @Column({ type: 'real' })
  feestdag: number;
}
