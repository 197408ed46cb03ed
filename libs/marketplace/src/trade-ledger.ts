import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { checkAssignment, DEFAULT_RULES } from '@anw/distribution';
import { AssignmentSource, AvailabilityKind, ExemptionKind, GpEntity, PeriodStatus, type Qualification, RosterError, RosterErrorCode, ShiftEntity } from '@anw/rosters';
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
 * primary key: 10–20 ms instead of 0.1. `column` is compared with $1.
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
 * the diensten (by id), their periods (shared), the GPs who gain a dienst (by id), and last the
 * audit chain (AuditTrail). One order for everyone means two trades never wait on each other in a circle.
 */
@Injectable()
export class TradeLedger {
  /**
   * Locks the diensten in id order (all must exist in this HDS and not be removed) and reads, in
   * the same statement, their periods' status and the HDS's marketplace policy.
   */
  async lockShifts(m: EntityManager, hdsId: string, ids: readonly string[]): Promise<LockedShifts> {
    const sorted = [...new Set(ids)].sort();
    // Raw SQL: this runs in every trade, and the query builder costs more CPU than the query.
    const rows = (await prepared(m, 'market.lock-shifts',
      `SELECT s.id, s.hds_id, s.period_id, s.post_id, s.template_id, s.code, s.role, s.local_date, s.start_at, s.end_at,
              s.required, s.revision, s.removed_at, s.updated_at, p.status AS period_status, h.marketplace_policy,
              -- Not a lock on the period row: hundreds of trades share one period, and a share lock
              -- from each would make that row a hot spot. A shared advisory lock per period is cheap,
              -- and lets closing the period wait for the trades in flight once closing takes it exclusively.
              pg_advisory_xact_lock_shared(hashtextextended(s.period_id::text, 13))::text AS period_lock
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

  /**
   * The engine's hard rules (RuleCheckService, as the planners' assignments use them) for one GP
   * taking one dienst, with the diensten they give away ignored; throws a 422 naming the broken
   * rule in Dutch, like PeriodsService.assertLawful.
   */
  async assertLawful(m: EntityManager, gp: GpEntity, shift: ShiftEntity, ignoreShiftIds: string[] = []): Promise<void> {
    const verdict = await this.verdict(m, gp, shift, ignoreShiftIds);
    if (verdict) throw new RosterError(RosterErrorCode.RuleViolation, verdict.reason, [{ field: verdict.rule ?? 'rule', message: verdict.plain }]);
  }

  /** The same check as a verdict, for a queue that must go on to the next claim. */
  async verdict(m: EntityManager, gp: GpEntity, shift: ShiftEntity, ignoreShiftIds: string[] = []): Promise<Found | null> {
    return (await this.verdicts(m, [{ gp, shift, ignoreShiftIds }]))[0];
  }

  /** Several GPs (a swap's two) against the hard rules; throws the first broken rule as a 422. */
  async assertLawfulAll(m: EntityManager, questions: readonly RuleQuestion[]): Promise<void> {
    this.assertJudged(await this.verdicts(m, questions));
  }

  private assertJudged(verdicts: readonly (Found | null)[]): void {
    const verdict = verdicts.find((v) => v !== null);
    if (verdict) throw new RosterError(RosterErrorCode.RuleViolation, verdict.reason, [{ field: verdict.rule ?? 'rule', message: verdict.plain }]);
  }

  /**
   * The engine's hard rules as RuleCheckService applies them (same window, same absences and
   * exemptions, checkAssignment with DEFAULT_RULES), with every GP's neighbourhood (their diensten
   * in the window, absences over the dienst, exemptions) read in ONE statement: a trade runs this
   * under its locks, and three ORM queries per GP cost more CPU and round trips than the check.
   */
  async verdicts(m: EntityManager, questions: readonly RuleQuestion[]): Promise<(Found | null)[]> {
    if (questions.length === 0) return [];
    return this.judge(await this.neighbourhood(m, questions[0].gp.hdsId, questions.map((x) => ({ gpId: x.gp.id, shiftId: x.shift.id }))), questions);
  }

  /**
   * Sends the rule check's one statement (see verdicts) for these GP–dienst pairs, each dienst's
   * window read from its row in SQL: it needs neither the GP nor the dienst read first, so a trade
   * sends it together with its locks (see corked), and PostgreSQL runs it once they are granted,
   * on a snapshot that sees every change they waited for. `judge` gives the verdicts.
   */
  neighbourhood(m: EntityManager, hdsId: string, pairs: readonly { gpId: string; shiftId: string }[]): Promise<Neighbourhood> {
    return prepared(m, 'market.rule-neighbourhood',
      // The GP ids go straight into each index condition (gp_id = ANY($2)), not through a join
      // with q: with statistics that have not yet seen a new HDS's rows the planner otherwise
      // scanned every assignment of the HDS and filtered by GP afterwards (20 ms instead of 0.5).
      `WITH q AS (SELECT t.gp_id, d.start_at - $3::interval AS win_from, d.end_at + $3::interval AS win_to, d.start_at, d.end_at, t.q
                    FROM unnest($2::uuid[], $4::uuid[]) WITH ORDINALITY AS t(gp_id, shift_id, q) JOIN shifts d ON d.id = t.shift_id AND ${BY_ID('d.hds_id')})
       SELECT 0 AS k, q.q::int AS q, s.id, s.start_at, s.end_at, NULL AS kind, NULL::date AS from_date, NULL::date AS to_date
         FROM assignments a JOIN shifts s ON s.id = a.shift_id AND s.removed_at IS NULL
              JOIN q ON q.gp_id = a.gp_id AND s.start_at < q.win_to AND s.end_at > q.win_from
        WHERE a.hds_id = $1::uuid AND a.gp_id = ANY($2::uuid[]) AND a.removed_at IS NULL
       UNION ALL
       SELECT 1, q.q::int, NULL, v.start_at, v.end_at, v.kind, NULL, NULL
         FROM availability v JOIN q ON q.gp_id = v.gp_id AND v.start_at < q.end_at AND v.end_at > q.start_at
        WHERE v.hds_id = $1::uuid AND v.gp_id = ANY($2::uuid[]) AND v.kind IN ('${AvailabilityKind.Absence}', '${AvailabilityKind.Blocked}')
       UNION ALL
       SELECT 2, q.q::int, NULL, NULL, NULL, e.kind, e.from_date, e.to_date
         FROM gp_exemptions e JOIN q ON q.gp_id = e.gp_id
        WHERE e.hds_id = $1::uuid AND e.gp_id = ANY($2::uuid[])`,
      [hdsId, pairs.map((x) => x.gpId), `${WINDOW_MS} milliseconds`, pairs.map((x) => x.shiftId)],
    ).then((r) => r.rows as NeighbourhoodRow[]);
  }

  /** The verdicts on what `neighbourhood` read for the same questions' GPs and diensten, in the same order. */
  judge(rows: Neighbourhood, questions: readonly RuleQuestion[]): (Found | null)[] {
    return questions.map(({ gp, shift, ignoreShiftIds = [] }, n) => {
      const mine = rows.filter((r) => r.q === n + 1);
      const ignore = new Set([shift.id, ...ignoreShiftIds]);
      const existing = mine
        .filter((r) => r.k === 0 && !ignore.has(r.id as string))
        .map((r) => ({ id: r.id as string, startMs: (r.start_at as Date).getTime(), endMs: (r.end_at as Date).getTime() }));
      const unavailable = mine.filter((r) => r.k === 1).map((r) => ({ startMs: (r.start_at as Date).getTime(), endMs: (r.end_at as Date).getTime() }));
      const localDate = shift.localDate;
      const active = mine.filter((r) => r.k === 2 && (r.from_date as string) <= localDate && localDate <= (r.to_date as string));
      const whole = { startMs: shift.startAt.getTime(), endMs: shift.endAt.getTime() };
      if (active.some((e) => e.kind === ExemptionKind.Full)) unavailable.push(whole);
      if (gp.leftOn && localDate > gp.leftOn) unavailable.push(whole);
      if (gp.joinedOn && localDate < gp.joinedOn) unavailable.push(whole);
      const violation = checkAssignment(
        { id: gp.id, qualifications: gp.qualifications, unavailable, noNights: active.some((e) => e.kind === ExemptionKind.NoNights) },
        existing,
        { id: shift.id, ...whole, role: shift.role },
        DEFAULT_RULES,
      );
      return violation ? { reason: `${gp.name}: ${violation.reason}`, rule: violation.rule, plain: violation.reason } : null;
    });
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

  /** Moves a dienst from one GP to another (either may be null: an open position is filled or left). */
  async move(m: EntityManager, hdsId: string, shiftId: string, fromGpId: string | null, toGpId: string | null, now: Date): Promise<void> {
    if (fromGpId) {
      const [, affected] = (await m.query('UPDATE assignments SET removed_at = $3 WHERE shift_id = $1 AND gp_id = $2 AND removed_at IS NULL', [shiftId, fromGpId, now])) as [unknown, number];
      if (!affected) throw new MarketplaceError(MarketplaceErrorCode.TradeChanged, 'De bezetting van deze dienst is intussen veranderd.');
    }
    if (toGpId) await m.query('INSERT INTO assignments (hds_id, shift_id, gp_id, source) VALUES ($1, $2, $3, $4)', [hdsId, shiftId, toGpId, AssignmentSource.Trade]);
  }

  /**
   * Several moves as one statement (a swap's two), and the diensten's revisions raised: each
   * `from` GP must still be on their dienst, or nothing moves (TradeChanged).
   */
  async moveAll(m: EntityManager, hdsId: string, moves: readonly { shiftId: string; fromGpId: string; toGpId: string }[], now: Date): Promise<void> {
    const [row] = (await prepared(m, 'market.move-all',
      `WITH gone AS (UPDATE assignments a SET removed_at = $5 FROM unnest($1::uuid[], $2::uuid[]) AS t(shift_id, gp_id)
                      WHERE a.shift_id = t.shift_id AND a.gp_id = t.gp_id AND a.removed_at IS NULL RETURNING a.id),
            added AS (INSERT INTO assignments (hds_id, shift_id, gp_id, source) SELECT $4, t.shift_id, t.gp_id, $6 FROM unnest($1::uuid[], $3::uuid[]) AS t(shift_id, gp_id)),
            bumped AS (UPDATE shifts SET revision = revision + 1, updated_at = now() WHERE id = ANY($1::uuid[]))
       SELECT count(*)::int AS gone FROM gone`,
      [moves.map((x) => x.shiftId), moves.map((x) => x.fromGpId), moves.map((x) => x.toGpId), hdsId, now, AssignmentSource.Trade],
    )).rows as { gone: number }[];
    if (row.gone !== moves.length) throw new MarketplaceError(MarketplaceErrorCode.TradeChanged, 'De bezetting van deze dienst is intussen veranderd.');
  }

  /** Calendars see a change: the iCal SEQUENCE rises. */
  async bumpRevisions(m: EntityManager, shiftIds: readonly string[]): Promise<void> {
    await m.query('UPDATE shifts SET revision = revision + 1, updated_at = now() WHERE id = ANY($1::uuid[])', [[...new Set(shiftIds)]]);
  }
}

/** One GP taking one dienst, with the diensten they give away ignored. */
export interface RuleQuestion {
  gp: GpEntity;
  shift: ShiftEntity;
  ignoreShiftIds?: readonly string[];
}

type Found = NonNullable<Verdict> & { plain: string };

// Rules 5–7 look back at most 16 weeks (nights per window) and ahead as far (as RuleCheckService).
const WINDOW_MS = (DEFAULT_RULES.maxNightsPerWindow.days + 2) * 86_400_000;

/** What the rule check read (TradeLedger.neighbourhood), to judge (TradeLedger.judge). */
export type Neighbourhood = readonly NeighbourhoodRow[];

interface NeighbourhoodRow {
  k: 0 | 1 | 2;
  q: number;
  id: string | null;
  start_at: Date | null;
  end_at: Date | null;
  kind: string | null;
  from_date: string | null;
  to_date: string | null;
}

function round(hours: number): string {
  return String(Math.round(hours * 100) / 100);
}
