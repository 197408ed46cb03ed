import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { LIMIT_KINDS, type GpLimits, type LimitKind } from '@anw/distribution';
import type { FieldProblem } from '@anw/platform';
import { GpEntity } from '../entities/gp.entity.js';
import { GpLimitEntity, GpLimitStatus } from '../entities/gp-limit.entity.js';
import { RosterPeriodEntity } from '../entities/roster-period.entity.js';
import { RosterError, RosterErrorCode } from '../rosters.errors.js';

/** Limits as entered: a kind left out (or null) has no limit; periodId absent or null: every period. */
export type GpLimitInput = Partial<Record<LimitKind, number | null>> & { periodId?: string | null };

export interface GpLimitView {
  id: string;
  gpId: string;
  periodId: string | null;
  status: GpLimitStatus;
  limits: GpLimits;
  requestedBy: string | null;
  decidedBy: string | null;
  updatedAt: Date;
}

const DUTCH: Record<LimitKind, string> = { night: 'nachtdiensten', weekend: 'weekenddiensten', holiday: 'feestdagdiensten', evening: 'avonddiensten', total: 'diensten in totaal' };

export function limitsOf(row: Pick<GpLimitEntity, LimitKind>): GpLimits {
  const limits: GpLimits = {};
  for (const k of LIMIT_KINDS) if (row[k] !== null && row[k] !== undefined) limits[k] = row[k];
  return limits;
}

function view(row: GpLimitEntity): GpLimitView {
  return { id: row.id, gpId: row.gpId, periodId: row.periodId, status: row.status, limits: limitsOf(row), requestedBy: row.requestedBy, decidedBy: row.decidedBy, updatedAt: row.updatedAt };
}

/**
 * The approved limits of these GPs in a period, by GP id: the period's own row, else the row for
 * every period. Requested limits do not count until a planner approves them.
 */
export async function approvedLimits(m: EntityManager, hdsId: string, gpIds: readonly string[], periodId: string | null): Promise<Map<string, GpLimits>> {
  if (gpIds.length === 0) return new Map();
  const rows = (await m.query(
    `SELECT DISTINCT ON (gp_id) * FROM gp_limits
      WHERE hds_id = $1 AND gp_id = ANY($2::uuid[]) AND status = 'approved' AND (period_id IS NULL OR period_id = $3)
      ORDER BY gp_id, period_id NULLS LAST`,
    [hdsId, gpIds, periodId],
  )) as (Pick<GpLimitEntity, LimitKind> & { gp_id: string })[];
  return new Map(rows.map((r) => [r.gp_id, limitsOf(r)]));
}

async function assertGp(m: EntityManager, hdsId: string, gpId: string): Promise<void> {
  if (!(await m.existsBy(GpEntity, { hdsId, id: gpId }))) throw new RosterError(RosterErrorCode.GpNotFound, `Huisarts ${gpId} bestaat niet in deze HDS.`);
}

/** Per-GP limits (most nights, weekend, holiday, evening and total diensten per period). */
@Injectable()
export class GpLimitsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async list(hdsId: string, gpId: string): Promise<GpLimitView[]> {
    await assertGp(this.dataSource.manager, hdsId, gpId);
    const rows = await this.dataSource.manager.find(GpLimitEntity, { where: { hdsId, gpId }, order: { createdAt: 'ASC' } });
    return rows.map(view);
  }

  /** The requests awaiting a planner, oldest first. */
  async pending(hdsId: string): Promise<GpLimitView[]> {
    const rows = await this.dataSource.manager.find(GpLimitEntity, { where: { hdsId, status: GpLimitStatus.Requested }, order: { updatedAt: 'ASC' } });
    return rows.map(view);
  }

  /** A planner sets (and so approves) the GP's limits for a period or for every period. */
  async set(ctx: ChangeContext, gpId: string, input: GpLimitInput): Promise<GpLimitView> {
    return this.save(ctx, gpId, input, GpLimitStatus.Approved);
  }

  /** A GP asks for limits of their own; they count once a planner approves them. */
  async request(ctx: ChangeContext, gpId: string, input: GpLimitInput): Promise<GpLimitView> {
    return this.save(ctx, gpId, input, GpLimitStatus.Requested);
  }

  /** A planner approves the GP's pending request for a period (or for every period). */
  async approve(ctx: ChangeContext, gpId: string, periodId: string | null): Promise<GpLimitView> {
    return this.dataSource.transaction(async (m) => {
      const request = await m.findOneBy(GpLimitEntity, { hdsId: ctx.hdsId, gpId, periodId: periodId ?? IsNull(), status: GpLimitStatus.Requested });
      if (!request) throw new RosterError(RosterErrorCode.LimitRequestNotFound, 'Deze huisarts heeft voor deze periode geen aangevraagde limieten.');
      const before = await m.findOneBy(GpLimitEntity, { hdsId: ctx.hdsId, gpId, periodId: periodId ?? IsNull(), status: GpLimitStatus.Approved });
      if (before) await m.delete(GpLimitEntity, { id: before.id });
      request.status = GpLimitStatus.Approved;
      request.decidedBy = ctx.actorUserId;
      const saved = await m.save(GpLimitEntity, request);
      await this.audit.change(
        m,
        ctx,
        { action: 'gp.limits.approved', entityType: 'gp_limits', entityId: saved.id, before: before ? view(before) : null, after: view(saved) },
        { type: 'gp.limits.approved', payload: { gpId, periodId, limits: limitsOf(saved) } },
      );
      return view(saved);
    });
  }

  private async save(ctx: ChangeContext, gpId: string, input: GpLimitInput, status: GpLimitStatus): Promise<GpLimitView> {
    const problems: FieldProblem[] = [];
    for (const k of LIMIT_KINDS) {
      const v = input[k];
      if (v !== undefined && v !== null && !(Number.isInteger(v) && v >= 0)) problems.push({ field: k, message: `${DUTCH[k]}: een geheel getal van 0 of meer` });
    }
    if (problems.length > 0) throw new RosterError(RosterErrorCode.LimitInvalid, problems.map((p) => p.message).join('; '), problems);
    const periodId = input.periodId ?? null;
    return this.dataSource.transaction(async (m) => {
      await assertGp(m, ctx.hdsId, gpId);
      if (periodId && !(await m.existsBy(RosterPeriodEntity, { hdsId: ctx.hdsId, id: periodId }))) {
        throw new RosterError(RosterErrorCode.PeriodNotFound, `Periode ${periodId} bestaat niet in deze HDS.`);
      }
      const before = await m.findOneBy(GpLimitEntity, { hdsId: ctx.hdsId, gpId, periodId: periodId ?? IsNull(), status });
      const row = before ?? m.create(GpLimitEntity, { hdsId: ctx.hdsId, gpId, periodId, status });
      const beforeView = before ? view(before) : null;
      for (const k of LIMIT_KINDS) row[k] = input[k] ?? null;
      if (status === GpLimitStatus.Requested) {
        row.requestedBy = ctx.actorUserId;
        row.decidedBy = null;
      } else {
        row.decidedBy = ctx.actorUserId;
        // a planner's decision settles the GP's pending request for the same period
        await m.delete(GpLimitEntity, { hdsId: ctx.hdsId, gpId, periodId: periodId ?? IsNull(), status: GpLimitStatus.Requested });
      }
      const saved = await m.save(GpLimitEntity, row);
      const action = status === GpLimitStatus.Approved ? 'gp.limits.set' : 'gp.limits.requested';
      await this.audit.change(
        m,
        ctx,
        { action, entityType: 'gp_limits', entityId: saved.id, before: beforeView, after: view(saved) },
        { type: action, payload: { gpId, periodId, limits: limitsOf(saved) } },
      );
      return view(saved);
    });
  }
}
