import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { HdsEntity } from '@anw/identity';
import { AssignmentSource, GpEntity, GpKind, RosterError, RosterErrorCode, type RosterPeriodEntity } from '@anw/rosters';
import {
  type AssignmentPrice,
  type Period,
  type PricingContext,
  type Statement,
  type StatementAssignment,
  type TariffTable,
  buildStatement,
  buildStatements,
} from '@anw/tariffs';
import { type Category, localIso, type Minutes, nzaHolidayDates } from '@anw/time';
import { type RunFigures, StatementRunEntity, StatementRunKind, type TableVersion } from './entities/statement-run.entity.js';
import { PayPolicyService, type PayPolicyView } from './pay-policy.service.js';
import { payrollCsv, payrollXlsx } from './payroll-export.js';
import { TariffTablesService } from './tariff-tables.service.js';
import { TariffsError, TariffsErrorCode, engine } from './tariffs.errors.js';

export interface GpInfo {
  gpId: string;
  name: string;
  email: string;
  kind: GpKind;
}

/** A GP's statement (afrekening) over a period, without its lines. Integer cents throughout. */
export interface StatementView extends GpInfo {
  periodId: string;
  period: Period;
  assignments: number;
  minutes: Minutes;
  hours: Record<Category, number>;
  /** base pay per category (dag is not paid by the ANW tariff: always 0) */
  cents: Record<Category, number>;
  surchargeCents: number;
  /** totalCents − Σ cents − surchargeCents: each assignment is rounded once, as a whole */
  roundingCents: number;
  totalCents: number;
  tables: TableVersion[];
  policyVersion: number;
}

export interface StatementLineView {
  assignmentId: string;
  shiftId: string;
  localDate: string;
  code: string;
  role: string;
  /** local time, Europe/Amsterdam */
  start: string;
  end: string;
  startAt: string;
  endAt: string;
  shortNotice: boolean;
  minutes: Minutes;
  centsByCategory: Record<Category, number>;
  surchargeCents: number;
  roundingCents: number;
  totalCents: number;
  tableIds: string[];
}

export interface StatementDetail extends StatementView {
  lines: StatementLineView[];
}

export interface StatementRunView {
  id: string;
  periodId: string;
  kind: StatementRunKind;
  revisionId: string | null;
  tableVersions: TableVersion[];
  policyVersion: number;
  gpCount: number;
  totalCents: number;
  reason: string | null;
  createdBy: string | null;
  createdAt: Date;
}

export interface StatementRunDetail extends StatementRunView {
  figures: (RunFigures & { name: string | null })[];
}

interface AssignmentRow {
  id: string;
  shift_id: string;
  gp_id: string;
  source: AssignmentSource;
  created_at: Date;
  start_at: Date;
  end_at: Date;
  role: string;
  code: string;
  local_date: string;
}

/** What pricing a period needs besides the tables. */
export interface PricingInputs {
  period: Period;
  assignments: StatementAssignment[];
  rows: Map<string, AssignmentRow>;
  context: Omit<PricingContext, 'tables' | 'table'>;
  policy: PayPolicyView;
}

const MS_PER_HOUR = 3_600_000;

function years(period: Period): number[] {
  // A night that starts on the period's last day ends in the next year when that day is 31 December.
  const first = Number(period.start.slice(0, 4));
  const last = Number(period.end.slice(0, 4)) + 1;
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** The versions of the tables a statement used. */
export function tableVersions(ids: Iterable<string>, tables: readonly TariffTable[]): TableVersion[] {
  const byId = new Map(tables.map((t) => [t.id, t.version]));
  return [...new Set(ids)].sort().map((id) => ({ id, version: byId.get(id) ?? 0 }));
}

/** A statement as stored in a run: the totals without the lines. */
export function runFigures(statement: Statement): RunFigures {
  return {
    gpId: statement.gpId,
    assignments: statement.lines.length,
    minutes: statement.minutes,
    cents: statement.cents,
    surchargeCents: statement.surchargeCents,
    roundingCents: statement.roundingCents,
    totalCents: statement.totalCents,
    tableIds: statement.tableIds,
  };
}

/**
 * Statements per GP per period: every active assignment priced with the HDS's tables in force
 * (per local date), its evening start, the NZa holidays and its pay policy; computed from the
 * roster as it stands, and frozen in statement runs when asked or when a tariff revision
 * recomputes them.
 */
@Injectable()
export class StatementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tables: TariffTablesService,
    private readonly policies: PayPolicyService,
    private readonly audit: AuditTrail,
  ) {}

  /** Loads the active assignments of a period (optionally of one GP) and the HDS's pricing settings. */
  async inputs(m: EntityManager, hdsId: string, period: RosterPeriodEntity, policy?: PayPolicyView, gpId?: string): Promise<PricingInputs> {
    const range: Period = { start: period.startDate, end: period.endDate };
    const rows = (await m.query(
      `SELECT a.id, a.shift_id, a.gp_id, a.source, a.created_at, s.start_at, s.end_at, s.role, s.code, s.local_date::text AS local_date
         FROM assignments a JOIN shifts s ON s.id = a.shift_id
        WHERE s.hds_id = $1 AND s.period_id = $2 AND s.removed_at IS NULL AND a.removed_at IS NULL
          AND ($3::uuid IS NULL OR a.gp_id = $3::uuid)
        ORDER BY s.start_at, a.id`,
      [hdsId, period.id, gpId ?? null],
    )) as AssignmentRow[];
    const { eveningStart } = await m.findOneOrFail(HdsEntity, { where: { id: hdsId }, select: { id: true, eveningStart: true } });
    const payPolicy = policy ?? (await this.policies.current(hdsId, m));
    const shortNoticeMs = payPolicy.shortNoticeHours * MS_PER_HOUR;
    return {
      period: range,
      rows: new Map(rows.map((r) => [r.id, r])),
      assignments: rows.map((r) => ({
        id: r.id,
        gpId: r.gp_id,
        startMs: r.start_at.getTime(),
        endMs: r.end_at.getTime(),
        role: r.role,
        templateCode: r.code,
        claimedShortNotice: this.shortNotice(r, shortNoticeMs),
      })),
      context: { policy: payPolicy, classify: { eveningStart, holidays: nzaHolidayDates(years(range)) } },
      policy: payPolicy,
    };
  }

  /** Prices the inputs with a table set; a minute on a date without a table is a 422 naming the date. */
  price(inputs: PricingInputs, tables: readonly TariffTable[]): Statement[] {
    return engine(() => buildStatements(inputs.assignments, inputs.period, { ...inputs.context, tables }));
  }

  async list(hdsId: string, period: RosterPeriodEntity, page: { page: number; pageSize: number }): Promise<{ items: StatementView[]; total: number; totalCents: number }> {
    const inputs = await this.inputs(this.dataSource.manager, hdsId, period);
    const { inForce } = await this.tables.forHds(hdsId);
    const statements = this.price(inputs, inForce);
    const gps = await this.gps(hdsId, statements.map((s) => s.gpId));
    const views = statements.map((s) => this.view(s, period.id, gps.get(s.gpId), inForce, inputs.policy));
    views.sort((a, b) => a.name.localeCompare(b.name, 'nl') || (a.gpId < b.gpId ? -1 : 1));
    const start = (page.page - 1) * page.pageSize;
    return {
      items: views.slice(start, start + page.pageSize),
      total: views.length,
      totalCents: statements.reduce((sum, s) => sum + s.totalCents, 0),
    };
  }

  /** All statements of a period, ordered by name: the payroll export's rows. */
  async all(hdsId: string, period: RosterPeriodEntity): Promise<{ items: StatementView[]; tables: TableVersion[] }> {
    const { items } = await this.list(hdsId, period, { page: 1, pageSize: Number.MAX_SAFE_INTEGER });
    const used = new Map<string, number>();
    for (const item of items) for (const t of item.tables) used.set(t.id, t.version);
    return { items, tables: [...used].sort().map(([id, version]) => ({ id, version })) };
  }

  async forGp(hdsId: string, period: RosterPeriodEntity, gpId: string): Promise<StatementDetail> {
    const gps = await this.gps(hdsId, [gpId]);
    const gp = gps.get(gpId);
    if (!gp) throw new RosterError(RosterErrorCode.GpNotFound, `Huisarts ${gpId} bestaat niet in deze HDS.`);
    const inputs = await this.inputs(this.dataSource.manager, hdsId, period, undefined, gpId);
    const { inForce } = await this.tables.forHds(hdsId);
    const [statement] = this.price(inputs, inForce);
    const own = statement ?? buildStatement(gpId, inputs.period, []);
    const shortNotice = new Set(inputs.assignments.filter((a) => a.claimedShortNotice).map((a) => a.id));
    return {
      ...this.view(own, period.id, gp, inForce, inputs.policy),
      lines: own.lines.map(({ assignmentId, price }) => this.line(inputs.rows.get(assignmentId) as AssignmentRow, price, shortNotice.has(assignmentId))),
    };
  }

  // ---- payroll export ----------------------------------------------------------------------

  async payrollCsv(hdsId: string, period: RosterPeriodEntity): Promise<string> {
    return payrollCsv((await this.all(hdsId, period)).items);
  }

  async payrollXlsx(hdsId: string, period: RosterPeriodEntity): Promise<Buffer> {
    const { items, tables } = await this.all(hdsId, period);
    const hds = await this.dataSource.getRepository(HdsEntity).findOneOrFail({ where: { id: hdsId }, select: { id: true, name: true } });
    const policy = await this.policies.current(hdsId);
    return payrollXlsx(items, {
      hdsName: hds.name,
      periodName: period.name,
      startDate: period.startDate,
      endDate: period.endDate,
      tables,
      policyVersion: policy.version,
      createdAt: new Date(),
    });
  }

  // ---- runs --------------------------------------------------------------------------------

  /** Freezes the current figures of a period (e.g. when it is paid out). */
  async snapshot(ctx: ChangeContext, period: RosterPeriodEntity, reason: string | null): Promise<StatementRunView> {
    return this.dataSource.transaction(async (m) => {
      const inputs = await this.inputs(m, ctx.hdsId, period);
      const { inForce } = await this.tables.forHds(ctx.hdsId, m);
      const statements = this.price(inputs, inForce);
      const run = await this.saveRun(m, ctx, period.id, StatementRunKind.Snapshot, statements, inForce, inputs.policy.version, { reason });
      await this.audit.change(m, ctx, {
        action: 'statements.frozen',
        entityType: 'statement_run',
        entityId: run.id,
        after: { periodId: period.id, gpCount: run.gpCount, totalCents: run.totalCents, tableVersions: run.tableVersions, policyVersion: run.policyVersion },
        reason,
      });
      return this.runView(run);
    });
  }

  async saveRun(
    m: EntityManager,
    ctx: ChangeContext,
    periodId: string,
    kind: StatementRunKind,
    statements: readonly Statement[],
    tables: readonly TariffTable[],
    policyVersion: number,
    extra: { id?: string; revisionId?: string; reason?: string | null } = {},
  ): Promise<StatementRunEntity> {
    return m.save(
      StatementRunEntity,
      m.create(StatementRunEntity, {
        ...(extra.id ? { id: extra.id } : {}),
        hdsId: ctx.hdsId,
        periodId,
        kind,
        revisionId: extra.revisionId ?? null,
        tableVersions: tableVersions(
          statements.flatMap((s) => s.tableIds),
          tables,
        ),
        policyVersion,
        figures: statements.map(runFigures),
        gpCount: statements.length,
        totalCents: statements.reduce((sum, s) => sum + s.totalCents, 0),
        reason: extra.reason ?? null,
        createdBy: ctx.actorUserId,
      }),
    );
  }

  async listRuns(hdsId: string, periodId: string, page: { page: number; pageSize: number }): Promise<{ items: StatementRunView[]; total: number }> {
    const [rows, total] = await this.dataSource.getRepository(StatementRunEntity).findAndCount({
      where: { hdsId, periodId },
      select: { id: true, periodId: true, kind: true, revisionId: true, tableVersions: true, policyVersion: true, gpCount: true, totalCents: true, reason: true, createdBy: true, createdAt: true },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    });
    return { items: rows.map((r) => this.runView(r)), total };
  }

  async getRun(hdsId: string, periodId: string, runId: string): Promise<StatementRunDetail> {
    const run = await this.dataSource.getRepository(StatementRunEntity).findOneBy({ hdsId, periodId, id: runId });
    if (!run) throw new TariffsError(TariffsErrorCode.StatementRunNotFound, `Afrekeningsrun ${runId} bestaat niet voor deze periode.`);
    const gps = await this.gps(hdsId, run.figures.map((f) => f.gpId));
    return { ...this.runView(run), figures: run.figures.map((f) => ({ ...f, name: gps.get(f.gpId)?.name ?? null })) };
  }

  /** Name, e-mail and kind of GPs of this HDS, by id. */
  async gps(hdsId: string, ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, GpInfo>> {
    if (ids.length === 0) return new Map();
    const rows = await manager.find(GpEntity, { where: { hdsId, id: In([...new Set(ids)]) }, select: { id: true, name: true, email: true, kind: true } });
    return new Map(rows.map((g) => [g.id, { gpId: g.id, name: g.name, email: g.email, kind: g.kind }]));
  }

  // ---- internals ---------------------------------------------------------------------------

  /** A dienst taken over (swap or claim) shortly before it starts. */
  private shortNotice(row: AssignmentRow, windowMs: number): boolean {
    return row.source === AssignmentSource.Trade && row.start_at.getTime() - row.created_at.getTime() < windowMs;
  }

  private view(s: Statement, periodId: string, gp: GpInfo | undefined, tables: readonly TariffTable[], policy: PayPolicyView): StatementView {
    return {
      gpId: s.gpId,
      name: gp?.name ?? '',
      email: gp?.email ?? '',
      kind: gp?.kind ?? GpKind.Locum,
      periodId,
      period: s.period,
      assignments: s.lines.length,
      minutes: s.minutes,
      hours: s.hours,
      cents: s.cents,
      surchargeCents: s.surchargeCents,
      roundingCents: s.roundingCents,
      totalCents: s.totalCents,
      tables: tableVersions(s.tableIds, tables),
      policyVersion: policy.version,
    };
  }

  private line(row: AssignmentRow, price: AssignmentPrice, shortNotice: boolean): StatementLineView {
    return {
      assignmentId: row.id,
      shiftId: row.shift_id,
      localDate: row.local_date,
      code: row.code,
      role: row.role,
      start: localIso(row.start_at),
      end: localIso(row.end_at),
      startAt: row.start_at.toISOString(),
      endAt: row.end_at.toISOString(),
      shortNotice,
      minutes: price.minutes,
      centsByCategory: price.centsByCategory,
      surchargeCents: price.surchargeCents,
      roundingCents: price.roundingCents,
      totalCents: price.totalCents,
      tableIds: price.tableIds,
    };
  }

  private runView(run: StatementRunEntity): StatementRunView {
    return {
      id: run.id,
      periodId: run.periodId,
      kind: run.kind,
      revisionId: run.revisionId,
      tableVersions: run.tableVersions,
      policyVersion: run.policyVersion,
      gpCount: run.gpCount,
      totalCents: run.totalCents,
      reason: run.reason,
      createdBy: run.createdBy,
      createdAt: run.createdAt,
    };
  }
}
