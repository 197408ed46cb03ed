import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { TariffTable } from '@anw/tariffs';
import type { Category } from '@anw/time';
import { BIGINT_CENTS } from './bigint-cents.js';

/** A period the revision recomputed. */
export interface RevisionPeriod {
  periodId: string;
  name: string;
  startDate: string;
  endDate: string;
  /** the run with the figures before the revision; null when the period could not be priced before it */
  previousRunId: string | null;
  /** the run with the revised figures; null when the period cannot be priced under either table set */
  runId: string | null;
  previousTotalCents: number;
  revisedTotalCents: number;
  totalDifferenceCents: number;
  affectedGps: number;
  /** why the period was skipped or could not be priced before, in Dutch */
  note: string | null;
}

/** One GP's difference in one period: revised − old. */
export interface GpDifference {
  periodId: string;
  gpId: string;
  oldTotalCents: number;
  revisedTotalCents: number;
  differenceCents: number;
  differenceByCategory: Record<Category, number>;
  differenceSurchargeCents: number;
}

/**
 * A retroactive tariff revision of one HDS: the revised table version (which from then on is in
 * force for the HDS instead of the earlier version) and what it changed per period and GP.
 */
@Entity('tariff_revisions')
@Index(['hdsId', 'tableId', 'version'], { unique: true })
@Index(['hdsId', 'createdAt'])
export class TariffRevisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'text', name: 'table_id' })
  tableId: string;

  @Column({ type: 'int' })
  version: number;

  /** the version it replaces; null for a table the HDS did not have (e.g. a first 2025 table) */
  @Column({ type: 'int', name: 'previous_version', nullable: true })
  previousVersion: number | null;

  @Column({ type: 'jsonb' })
  table: TariffTable;

  @Column({ type: 'jsonb', name: 'previous_table', nullable: true })
  previousTable: TariffTable | null;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'jsonb' })
  periods: RevisionPeriod[];

  @Column({ type: 'jsonb' })
  differences: GpDifference[];

  /** the GPs whose pay changes, over all periods */
  @Column({ type: 'int', name: 'affected_gps' })
  affectedGps: number;

  @Column({ type: 'bigint', name: 'total_difference_cents', transformer: BIGINT_CENTS })
  totalDifferenceCents: number;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
