import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { GpKind, PeriodStatus, RosterPeriodEntity } from '@anw/rosters';
import {
  type Period,
  type PricingContext,
  type RevisionReport,
  type Statement,
  type StatementAssignment,
  type TariffTable,
  TariffError,
  buildStatement,
  buildStatements,
  recomputeStatements,
  validateTariffTable,
  validateTariffTables,
} from '@anw/tariffs';
import { CATEGORIES, type Category } from '@anw/time';
import { StatementRunKind } from './entities/statement-run.entity.js';
import { type GpDifference, type RevisionPeriod, TariffRevisionEntity } from './entities/tariff-revision.entity.js';
import { PayPolicyService } from './pay-policy.service.js';
import { type GpInfo, StatementsService } from './statements.service.js';
import { TariffTablesService, plainTable } from './tariff-tables.service.js';
import { TariffsError, TariffsErrorCode, engine } from './tariffs.errors.js';

export interface RevisionInput {
  table: unknown;
  reason: string;
}

export interface RevisionSummary {
  id: string;
  tableId: string;
  version: number;
  previousVersion: number | null;
  reason: string;
  periods: RevisionPeriod[];
  affectedGps: number;
  totalDifferenceCents: number;
  createdBy: string | null;
  createdAt: Date;
}

/** One GP's difference over all periods the revision touched. */
export interface GpRevisionView extends GpInfo {
  oldTotalCents: number;
  revisedTotalCents: number;
  differenceCents: number;
  differenceByCategory: Record<Category, number>;
  differenceSurchargeCents: number;
  periods: GpDifference[];
}

export interface RevisionDetail extends RevisionSummary {
  table: TariffTable;
  previousTable: TariffTable | null;
  gps: { items: GpRevisionView[]; page: number; pageSize: number; total: number };
}

interface PeriodOutcome {
  report: RevisionReport;
  /** false when the period could not be priced under the tables in force before the revision */
  pricedBefore: boolean;
  /** false when it cannot be priced under either table set: nothing to compare */
  comparable: boolean;
  note: string | null;
}

function zero(): Record<Category, number> {
  return { dag: 0, avond: 0, nacht: 0, weekend: 0, feestdag: 0 };
}

function latest(a: string, b: string): string {
  return a > b ? a : b;
}

function noTariff(error: unknown): error is TariffError {
  return error instanceof TariffError && error.code === 'no_tariff_in_force';
}

/**
 * Retroactive tariff revisions (the NZa revises a decision after appeals): the revised table
 * version is stored for the HDS and from then on in force there; every published period whose
 * dates overlap the old or the new table's dates is recomputed under the old and the revised
 * tables (same assignments and policy), both sets of figures are kept as statement runs, and the
 * difference per GP is stored with the revision. One transaction: audit record and outbox event
 * `tariffs.revised` included.
 */
@Injectable()
export class TariffRevisionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tables: TariffTablesService,
    private readonly policies: PayPolicyService,
    private readonly statements: StatementsService,
    private readonly audit: AuditTrail,
  ) {}

  async revise(ctx: ChangeContext, input: RevisionInput): Promise<RevisionDetail> {
    const table = plainTable(engine(() => validateTariffTable(input.table, 'herziene tarieftabel')));
    const id = await this.dataSource.transaction(async (m) => {
      // Serialises revisions and policy changes of one HDS (the same lock as PayPolicyService).
      await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 23))', [ctx.hdsId]);
      const { inForce: oldTables, versions } = await this.tables.forHds(ctx.hdsId, m);
      const previous = oldTables.find((t) => t.id === table.id) ?? null;
      const highest = Math.max(0, ...versions.filter((v) => v.id === table.id).map((v) => v.version));
      if (table.version <= highest) {
        throw new TariffsError(
          TariffsErrorCode.RevisionVersionNotHigher,
          `Tarieftabel ${table.id} heeft al versie ${highest}; een herziening krijgt een hoger versienummer.`,
          [{ field: 'table.version', message: `moet hoger zijn dan ${highest}` }],
        );
      }
      const revisedTables = engine(() => validateTariffTables([...oldTables.filter((t) => t.id !== table.id), table]));

      // Every period touched by the old or the new dates of the table; drafts have no statements yet.
      const from = previous && previous.effectiveFrom < table.effectiveFrom ? previous.effectiveFrom : table.effectiveFrom;
      const openEnded = table.effectiveTo === undefined || (previous !== null && previous.effectiveTo === undefined);
      const to = openEnded ? null : latest(table.effectiveTo as string, previous?.effectiveTo ?? (table.effectiveTo as string));
      const qb = m
        .createQueryBuilder(RosterPeriodEntity, 'p')
        .where('p.hds_id = :hdsId AND p.status <> :draft AND p.end_date >= :from', { hdsId: ctx.hdsId, draft: PeriodStatus.Draft, from });
      if (to) qb.andWhere('p.start_date <= :to', { to });
      const periods = await qb.orderBy('p.start_date', 'ASC').getMany();

      const policy = await this.policies.current(ctx.hdsId, m);
      const revisionId = randomUUID();
      const revisionPeriods: RevisionPeriod[] = [];
      const differences: GpDifference[] = [];
      for (const period of periods) {
        const inputs = await this.statements.inputs(m, ctx.hdsId, period, policy);
        const outcome = this.recompute(oldTables, revisedTables, inputs.assignments, inputs.period, inputs.context);
        const { report } = outcome;
        if (!outcome.comparable) {
          revisionPeriods.push({ ...this.periodHeader(period), previousRunId: null, runId: null, previousTotalCents: 0, revisedTotalCents: 0, totalDifferenceCents: 0, affectedGps: 0, note: outcome.note });
          continue;
        }
        const olds = report.statements.map((s) => s.old);
        const reviseds = report.statements.map((s) => s.revised);
        const previousRunId = outcome.pricedBefore ? randomUUID() : null;
        const runId = randomUUID();
        if (previousRunId) {
          await this.statements.saveRun(m, ctx, period.id, StatementRunKind.BeforeRevision, olds, oldTables, policy.version, { id: previousRunId, revisionId, reason: input.reason });
        }
        await this.statements.saveRun(m, ctx, period.id, StatementRunKind.Revision, reviseds, revisedTables, policy.version, { id: runId, revisionId, reason: input.reason });
        for (const s of report.statements) {
          differences.push({
            periodId: period.id,
            gpId: s.gpId,
            oldTotalCents: s.old.totalCents,
            revisedTotalCents: s.revised.totalCents,
            differenceCents: s.differenceCents,
            differenceByCategory: s.differenceByCategory,
            differenceSurchargeCents: s.differenceSurchargeCents,
          });
        }
        revisionPeriods.push({
          ...this.periodHeader(period),
          previousRunId,
          runId,
          previousTotalCents: olds.reduce((sum, s) => sum + s.totalCents, 0),
          revisedTotalCents: reviseds.reduce((sum, s) => sum + s.totalCents, 0),
          totalDifferenceCents: report.totalDifferenceCents,
          affectedGps: report.affectedGpIds.length,
          note: outcome.note,
        });
      }

      const totalDifferenceCents = differences.reduce((sum, d) => sum + d.differenceCents, 0);
      const affectedGpIds = [...new Set(differences.filter((d) => d.differenceCents !== 0).map((d) => d.gpId))].sort();
      await m.insert(TariffRevisionEntity, {
        id: revisionId,
        hdsId: ctx.hdsId,
        tableId: table.id,
        version: table.version,
        previousVersion: previous?.version ?? null,
        table,
        previousTable: previous,
        reason: input.reason.trim(),
        periods: revisionPeriods,
        differences,
        totalDifferenceCents,
        affectedGps: affectedGpIds.length,
        createdBy: ctx.actorUserId,
      });
      await this.audit.change(
        m,
        ctx,
        {
          action: 'tariffs.revised',
          entityType: 'tariff_table',
          entityId: revisionId,
          before: previous,
          after: { table, periods: revisionPeriods.map((p) => ({ periodId: p.periodId, totalDifferenceCents: p.totalDifferenceCents })), totalDifferenceCents },
          reason: input.reason.trim(),
        },
        {
          type: 'tariffs.revised',
          payload: { revisionId, tableId: table.id, version: table.version, periodIds: revisionPeriods.map((p) => p.periodId), affectedGpIds, totalDifferenceCents },
        },
      );
      return revisionId;
    });
    return this.get(ctx.hdsId, id, { page: 1, pageSize: 50 });
  }

  async list(hdsId: string, page: { page: number; pageSize: number }): Promise<{ items: RevisionSummary[]; total: number }> {
    const [rows, total] = await this.dataSource.getRepository(TariffRevisionEntity).findAndCount({
      where: { hdsId },
      select: { id: true, tableId: true, version: true, previousVersion: true, reason: true, periods: true, affectedGps: true, totalDifferenceCents: true, createdBy: true, createdAt: true },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    });
    return { items: rows.map((r) => this.summary(r)), total };
  }

  /** A revision with the difference per GP (summed over its periods, with the breakdown), paginated by GP name. */
  async get(hdsId: string, id: string, page: { page: number; pageSize: number }): Promise<RevisionDetail> {
    const revision = await this.dataSource.getRepository(TariffRevisionEntity).findOneBy({ hdsId, id });
    if (!revision) throw new TariffsError(TariffsErrorCode.RevisionNotFound, `Tariefherziening ${id} bestaat niet in deze HDS.`);
    const byGp = new Map<string, GpDifference[]>();
    for (const d of revision.differences) byGp.set(d.gpId, [...(byGp.get(d.gpId) ?? []), d]);
    const gps = await this.statements.gps(hdsId, [...byGp.keys()]);
    const views = [...byGp].map(([gpId, periods]): GpRevisionView => {
      const differenceByCategory = zero();
      for (const d of periods) for (const c of CATEGORIES) differenceByCategory[c] += d.differenceByCategory[c];
      const gp = gps.get(gpId);
      return {
        gpId,
        name: gp?.name ?? '',
        email: gp?.email ?? '',
        kind: gp?.kind ?? GpKind.Locum,
        oldTotalCents: periods.reduce((sum, d) => sum + d.oldTotalCents, 0),
        revisedTotalCents: periods.reduce((sum, d) => sum + d.revisedTotalCents, 0),
        differenceCents: periods.reduce((sum, d) => sum + d.differenceCents, 0),
        differenceByCategory,
        differenceSurchargeCents: periods.reduce((sum, d) => sum + d.differenceSurchargeCents, 0),
        periods,
      };
    });
    views.sort((a, b) => a.name.localeCompare(b.name, 'nl') || (a.gpId < b.gpId ? -1 : 1));
    const start = (page.page - 1) * page.pageSize;
    return {
      ...this.summary(revision),
      table: revision.table,
      previousTable: revision.previousTable,
      gps: { items: views.slice(start, start + page.pageSize), page: page.page, pageSize: page.pageSize, total: views.length },
    };
  }

  // ---- internals ---------------------------------------------------------------------------

  /**
   * recomputeStatements, plus the case of a table the HDS did not have before (e.g. a first 2025
   * table): then the old figures do not exist and every revised amount is a difference. A period
   * that cannot be priced after the revision while it could before is refused (422 naming the date).
   */
  private recompute(
    oldTables: readonly TariffTable[],
    revisedTables: readonly TariffTable[],
    assignments: readonly StatementAssignment[],
    period: Period,
    context: Omit<PricingContext, 'tables' | 'table'>,
  ): PeriodOutcome {
    try {
      return { report: recomputeStatements(oldTables, revisedTables, assignments, period, context), pricedBefore: true, comparable: true, note: null };
    } catch (error) {
      if (!noTariff(error)) throw error instanceof TariffError ? TariffsError.from(error) : error;
    }
    let oldError: TariffError | null = null;
    try {
      buildStatements(assignments, period, { ...context, tables: oldTables });
    } catch (error) {
      if (!noTariff(error)) throw error;
      oldError = error;
    }
    let revised: Statement[];
    try {
      revised = buildStatements(assignments, period, { ...context, tables: revisedTables });
    } catch (error) {
      if (!noTariff(error)) throw error;
      if (oldError === null) throw TariffsError.from(error);
      const empty: RevisionReport = { period, statements: [], affectedGpIds: [], totalDifferenceCents: 0 };
      return { report: empty, pricedBefore: false, comparable: false, note: `niet te berekenen, voor noch na de herziening: ${error.message}` };
    }
    const statements = revised.map((next) => {
      const old = buildStatement(next.gpId, period, []);
      return {
        gpId: next.gpId,
        old,
        revised: next,
        differenceCents: next.totalCents,
        differenceByCategory: { ...next.cents },
        differenceSurchargeCents: next.surchargeCents,
      };
    });
    return {
      report: {
        period,
        statements,
        affectedGpIds: statements.filter((s) => s.differenceCents !== 0).map((s) => s.gpId),
        totalDifferenceCents: statements.reduce((sum, s) => sum + s.differenceCents, 0),
      },
      pricedBefore: false,
      comparable: true,
      note: `voor de herziening niet te berekenen (${oldError?.message ?? 'onbekend'}); het hele herziene bedrag is verschil`,
    };
  }

  private periodHeader(period: RosterPeriodEntity): Pick<RevisionPeriod, 'periodId' | 'name' | 'startDate' | 'endDate'> {
    return { periodId: period.id, name: period.name, startDate: period.startDate, endDate: period.endDate };
  }

  private summary(r: TariffRevisionEntity): RevisionSummary {
    return {
      id: r.id,
      tableId: r.tableId,
      version: r.version,
      previousVersion: r.previousVersion,
      reason: r.reason,
      periods: r.periods,
      affectedGps: r.affectedGps,
      totalDifferenceCents: r.totalDifferenceCents,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
    };
  }
}
