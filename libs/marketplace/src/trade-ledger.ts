import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type AssignmentMove, AssignmentSource, GpEntity, PeriodLocks, PeriodStatus, type Qualification, RosterError, RosterErrorCode, RosterWrites, RuleCheckService, type RuleQuestion, ShiftEntity } from '@anw/rosters';
import type { Verdict } from './domain/claim-queue.js';
import { dropsBelowMinimum, resolvePolicy, type MarketplacePolicy } from './domain/policy.js';
import { MarketplaceError, MarketplaceErrorCode } from './marketplace.errors.js';
import { prepared } from '@anw/platform';

const TRADABLE = [PeriodStatus.Published, PeriodStatus.Amended];

/**
 * The tenant condition of a lookup by primary key, as a filter the planner cannot turn into an
 * index condition (compared as text): statistics that have not yet seen an HDS's rows (a new HDS;
 * or one among many, whose share stays below the autoanalyze threshold) estimate its rows at ~1,
 * and the planner then scanned the (hds_id, …) index, every dienst of the HDS, instead of the
 * primary key. `column` is compared with $1.
 */
export const BY_ID = (column: string): string => `${column}::text = $1::text`;

interface ShiftRow {
  id: string;
  hds_id: string;
  period_id: string;
  post_id: string;
  template_id: string | null;
  code: string;
  role: Qualification;
  local_date: string;
  start_at: Date;
  end_at: Date;
  required: number;
  revision: number;
  removed_at: Date | null;
  updated_at: Date;
  period_status: PeriodStatus;
  marketplace_policy: unknown;
}

function toShift(m: EntityManager, r: ShiftRow): ShiftEntity {
  return m.create(ShiftEntity, {
    id: r.id,
    hdsId: r.hds_id,
    periodId: r.period_id,
    postId: r.post_id,
    templateId: r.template_id,
    code: r.code,
    role: r.role,
    localDate: r.local_date,
    startAt: r.start_at,
    endAt: r.end_at,
    required: r.required,
    revision: r.revision,
    removedAt: r.removed_at,
    updatedAt: r.updated_at,
  });
}

/** Diensten locked by one trade, with their periods' status and the HDS's policy as read under the lock. */
export class LockedShifts {
  constructor(
    private readonly byId: Map<string, ShiftEntity>,
    private readonly periodStatus: Map<string, PeriodStatus>,
    readonly policy: MarketplacePolicy,
  ) {}

  get(id: string): ShiftEntity {
    const shift = this.byId.get(id);
    if (!shift) throw new RosterError(RosterErrorCode.ShiftNotFound, `Dienst ${id} bestaat niet in deze HDS.`);
    return shift;
  }

  /** Only diensten of published (or amended) periods that have not started yet change hands. */
  assertTradable(now: Date): void {
    for (const shift of this.byId.values()) {
      const status = this.periodStatus.get(shift.id);
      if (!status || !TRADABLE.includes(status)) {
        throw new MarketplaceError(
          MarketplaceErrorCode.PeriodNotTradable,
          status === PeriodStatus.Closed ? 'Deze roosterperiode is afgesloten; er kan niet meer geruild worden.' : 'Deze roosterperiode is nog niet gepubliceerd; ruilen kan pas na publicatie.',
        );
      }
      if (shift.startAt.getTime() <= now.getTime()) throw new MarketplaceError(MarketplaceErrorCode.ShiftStarted, 'Deze dienst is al begonnen of voorbij en kan niet meer van eigenaar wisselen.');
    }
  }
}

export function shiftHours(shift: Pick<ShiftEntity, 'startAt' | 'endAt'>): number {
  return (shift.endAt.getTime() - shift.startAt.getTime()) / 3_600_000;
}

/**
 * The row-level mechanics every trade shares, inside the caller's transaction. Lock order, always:
 * the diensten' periods (shared, PeriodLocks), the diensten (by id), the GPs who gain a dienst (by
 * id), and last the audit chain (AuditTrail). One order for everyone (planners take the period
 * first too) means two changes never wait on each other in a circle.
 */
@Injectable()
export class TradeLedger {
  constructor(
    private readonly rules: RuleCheckService,
    private readonly writes: RosterWrites,
  ) {}

  /**
   * Takes the diensten' periods' lock shared (PeriodLocks: closing and amending wait for the trade,
   * and it for them), then locks the diensten in id order (all must exist in this HDS and not be
   * removed) and reads, in the same statement, their periods' status and the HDS's marketplace policy.
   */
  async lockShifts(m: EntityManager, hdsId: string, ids: readonly string[]): Promise<LockedShifts> {
    const sorted = [...new Set(ids)].sort();
    // First, in a statement of its own: the statement below then sees a close that committed meanwhile.
    await PeriodLocks.sharedForShifts(m, { shiftIds: sorted });
    // Raw SQL: this runs in every trade, and the query builder costs more CPU than the query.
    const rows = (await prepared(m, 'market.lock-shifts',
      `SELECT s.id, s.hds_id, s.period_id, s.post_id, s.template_id, s.code, s.role, s.local_date, s.start_at, s.end_at,
              s.required, s.revision, s.removed_at, s.updated_at, p.status AS period_status, h.marketplace_policy
         FROM shifts s JOIN roster_periods p ON p.id = s.period_id JOIN hds h ON h.id = s.hds_id
        WHERE s.id = ANY($2::uuid[]) AND ${BY_ID('s.hds_id')}
        ORDER BY s.id
          FOR UPDATE OF s`,
      [hdsId, sorted],
    )).rows as ShiftRow[];
    const byId = new Map(rows.map((r) => [r.id, toShift(m, r)]));
    for (const id of sorted) {
      const shift = byId.get(id);
      if (!shift || shift.removedAt) throw new RosterError(RosterErrorCode.ShiftNotFound, `Dienst ${id} bestaat niet in deze HDS.`);
    }
    return new LockedShifts(byId, new Map(rows.map((r) => [r.id, r.period_status])), resolvePolicy(rows[0]?.marketplace_policy));
  }

  /** One dienst, locked as lockShifts does. */
  async lockShift(m: EntityManager, hdsId: string, id: string): Promise<ShiftEntity> {
    return (await this.lockShifts(m, hdsId, [id])).get(id);
  }

  /** Locks the GPs who gain a dienst (by id): a GP's trades run one at a time, so the rule check sees all their diensten. */
  async lockGps(m: EntityManager, hdsId: string, ids: readonly string[]): Promise<Map<string, GpEntity>> {
    const sorted = [...new Set(ids)].sort();
    if (sorted.length === 0) return new Map();
    // Raw SQL on the hot path of every trade; what the rule check reads of a GP.
    const rows = (await m.query(
      `SELECT id, hds_id, name, qualifications, joined_on, left_on FROM gps WHERE id = ANY($2::uuid[]) AND ${BY_ID('hds_id')} ORDER BY id FOR UPDATE`,
      [hdsId, sorted],
    )) as { id: string; hds_id: string; name: string; qualifications: Qualification[]; joined_on: string | null; left_on: string | null }[];
    const byId = new Map(rows.map((r) => [r.id, m.create(GpEntity, { id: r.id, hdsId: r.hds_id, name: r.name, qualifications: r.qualifications, joinedOn: r.joined_on, leftOn: r.left_on })]));
    const missing = sorted.find((id) => !byId.has(id));
    if (missing) throw new RosterError(RosterErrorCode.GpNotFound, `Huisarts ${missing} bestaat niet in deze HDS.`);
    return byId;
  }

  /**
   * lockGps, and in the same statement who is on the given diensten now. Call it with those
   * diensten already locked (lockShifts): every change of who is on a dienst holds the dienst's row
   * lock, so this statement's snapshot, taken after that lock was granted, sees their last commit.
   */
  async lockGpsAndCrews(m: EntityManager, hdsId: string, ids: readonly string[], shiftIds: readonly string[]): Promise<{ gps: Map<string, GpEntity>; crews: Map<string, string[]> }> {
    const sorted = [...new Set(ids)].sort();
    const rows = (await prepared(m, 'market.lock-gps-crews',
      `WITH locked AS (SELECT id, hds_id, name, qualifications, joined_on, left_on FROM gps WHERE id = ANY($2::uuid[]) AND ${BY_ID('hds_id')} ORDER BY id FOR UPDATE)
       SELECT l.*, (SELECT coalesce(json_agg(json_build_array(a.shift_id, a.gp_id)), '[]') FROM assignments a WHERE a.shift_id = ANY($3::uuid[]) AND a.removed_at IS NULL) AS crews
         FROM locked l`,
      [hdsId, sorted, [...new Set(shiftIds)]],
    )).rows as { id: string; hds_id: string; name: string; qualifications: Qualification[]; joined_on: string | null; left_on: string | null; crews: [string, string][] }[];
    const gps = new Map(rows.map((r) => [r.id, m.create(GpEntity, { id: r.id, hdsId: r.hds_id, name: r.name, qualifications: r.qualifications, joinedOn: r.joined_on, leftOn: r.left_on })]));
    const missing = sorted.find((id) => !gps.has(id));
    if (missing) throw new RosterError(RosterErrorCode.GpNotFound, `Huisarts ${missing} bestaat niet in deze HDS.`);
    const crews = new Map<string, string[]>(shiftIds.map((id) => [id, []]));
    for (const [shiftId, gpId] of rows[0]?.crews ?? []) crews.get(shiftId)?.push(gpId);
    return { gps, crews };
  }

  /** A GP without a lock: for checks that move nothing (a proposal). */
  async gp(m: EntityManager, hdsId: string, id: string): Promise<GpEntity> {
    const gp = await m.findOneBy(GpEntity, { hdsId, id });
    if (!gp) throw new RosterError(RosterErrorCode.GpNotFound, `Huisarts ${id} bestaat niet in deze HDS.`);
    return gp;
  }

  async activeGpIds(m: EntityManager, shiftId: string): Promise<string[]> {
    const rows = (await m.query('SELECT gp_id FROM assignments WHERE shift_id = $1 AND removed_at IS NULL', [shiftId])) as { gp_id: string }[];
    return rows.map((r) => r.gp_id);
  }

  /** The hard rules (RuleCheckService) for GPs taking diensten; throws the first broken rule as a 422. */
  async assertLawful(m: EntityManager, questions: readonly RuleQuestion[]): Promise<void> {
    await this.rules.assertLawful(m, questions);
  }

  /** The same check as a verdict, for a queue that must go on to the next claim. */
  async verdict(m: EntityManager, gp: GpEntity, shift: ShiftEntity): Promise<Verdict> {
    const violation = await this.rules.check(m, gp, shift);
    return violation ? { reason: `${gp.name}: ${violation.reason}`, rule: violation.rule } : null;
  }

  /** Hours a GP works in a period (real elapsed time of their active diensten). */
  async periodHours(m: EntityManager, gpId: string, periodId: string): Promise<number> {
    const [row] = (await m.query(
      `SELECT coalesce(sum(extract(epoch FROM s.end_at - s.start_at)) / 3600, 0)::float AS hours
         FROM assignments a JOIN shifts s ON s.id = a.shift_id
        WHERE a.gp_id = $1 AND a.removed_at IS NULL AND s.removed_at IS NULL AND s.period_id = $2`,
      [gpId, periodId],
    )) as { hours: number }[];
    return row.hours;
  }

  /** Refuses a trade that takes the GP below the HDS's minimum share in the period of the dienst they give. */
  async assertMinimumShare(m: EntityManager, policy: MarketplacePolicy, gpId: string, give: ShiftEntity, take: ShiftEntity | null): Promise<void> {
    if (policy.minimumShareHours === null) return;
    const before = await this.periodHours(m, gpId, give.periodId);
    const after = before - shiftHours(give) + (take && take.periodId === give.periodId ? shiftHours(take) : 0);
    if (dropsBelowMinimum(policy, before, after)) {
      throw new MarketplaceError(
        MarketplaceErrorCode.MinimumShare,
        `Hiermee komt de huisarts op ${round(after)} uur in deze periode, onder het minimum van ${policy.minimumShareHours} uur.`,
      );
    }
  }

  /**
   * Moves diensten between GPs (RosterWrites: one statement, revisions raised); each `from` GP must
   * still be on their dienst, or nothing is kept (TradeChanged).
   */
  async move(m: EntityManager, hdsId: string, moves: readonly AssignmentMove[], now: Date): Promise<void> {
    const { removed, expected } = await this.writes.move(m, { hdsId, moves, source: AssignmentSource.Trade, at: now });
    if (removed !== expected) throw new MarketplaceError(MarketplaceErrorCode.TradeChanged, 'De bezetting van deze dienst is intussen veranderd.');
  }
}

function round(hours: number): string {
  return String(Math.round(hours * 100) / 100);
}
