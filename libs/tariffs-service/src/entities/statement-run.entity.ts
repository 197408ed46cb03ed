import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Category, Minutes } from '@anw/time';
import { BIGINT_CENTS } from './bigint-cents.js';

export enum StatementRunKind {
  /** frozen on request, e.g. when the period is paid out */
  Snapshot = 'snapshot',
  /** the figures under the tables in force just before a tariff revision */
  BeforeRevision = 'before_revision',
  /** the figures under the revised tables */
  Revision = 'revision',
}

export interface TableVersion {
  id: string;
  version: number;
}

/** One GP's figures in a run (a statement without its lines). */
export interface RunFigures {
  gpId: string;
  assignments: number;
  minutes: Minutes;
  cents: Record<Category, number>;
  surchargeCents: number;
  roundingCents: number;
  totalCents: number;
  tableIds: string[];
}

/**
 * A snapshot of the statements of one period: the figures per GP and the table versions and
 * policy version they were priced with. Runs are never changed; a revision adds new ones.
 */
@Entity('statement_runs')
@Index(['hdsId', 'periodId', 'createdAt'])
export class StatementRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'uuid', name: 'period_id' })
  periodId: string;

  @Column({ type: 'text' })
  kind: StatementRunKind;

  @Column({ type: 'uuid', name: 'revision_id', nullable: true })
  revisionId: string | null;

  @Column({ type: 'jsonb', name: 'table_versions' })
  tableVersions: TableVersion[];

  /** 0: the default policy (100 % of the maximum, no surcharges) */
  @Column({ type: 'int', name: 'policy_version' })
  policyVersion: number;

  @Column({ type: 'jsonb' })
  figures: RunFigures[];

  @Column({ type: 'int', name: 'gp_count' })
  gpCount: number;

  @Column({ type: 'bigint', name: 'total_cents', transformer: BIGINT_CENTS })
  totalCents: number;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
