import { Injectable } from '@nestjs/common';
import { checkAssignment, DEFAULT_RULES, type GpLimits, type Violation } from '@anw/distribution';
import { prepared } from '@anw/platform';
import { DEFAULT_ZONE } from '@anw/time';
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { AvailabilityKind } from '../entities/availability.entity.js';
import { ExemptionKind } from '../entities/gp-exemption.entity.js';
import { GpEntity } from '../entities/gp.entity.js';
import type { ShiftEntity } from '../entities/shift.entity.js';
import { limitsOf } from '../gps/gp-limits.service.js';
import { RosterError, RosterErrorCode } from '../rosters.errors.js';

// Rules 5–7 look back at most 16 weeks (nights per window) and ahead as far.
const WINDOW_MS = (DEFAULT_RULES.maxNightsPerWindow.days + 2) * 86_400_000;
const UNAVAILABLE = [AvailabilityKind.Absence, AvailabilityKind.Blocked];

/** One GP taking one dienst, with the diensten they give away (a swap's other) ignored. */
export interface RuleQuestion {
  gp: GpEntity;
  shift: Pick<ShiftEntity, 'id' | 'role' | 'localDate' | 'startAt' | 'endAt'>;
  ignoreShiftIds?: readonly string[];
}

/**
 * The distribution engine's hard rules (qualification, availability, no nights, overlap across
 * posts, rest, consecutive nights, nights per window, the GP's approved limits in the dienst's
 * period) applied to GPs taking diensten, on the data
 * in the database: the one check behind planners' assignments, picks, every trade and the "open
 * diensten for me" list, so what a GP is offered and what they may claim cannot disagree.
 */
@Injectable()
export class RuleCheckService {
  /** One GP taking one dienst: the first broken rule, or null. */
  async check(m: EntityManager, gp: GpEntity, shift: RuleQuestion['shift'], options: { ignoreShiftIds?: readonly string[] } = {}): Promise<Violation | null> {
    return (await this.checkAll(m, [{ gp, shift, ignoreShiftIds: options.ignoreShiftIds }]))[0];
  }

  /**
   * Every question's verdict, in order, from ONE statement that reads every GP's neighbourhood
   * (their diensten in the window around the dienst, absences over it, exemptions); a trade runs
   * it under its locks, the open list once per page of candidates.
   */
  async checkAll(m: EntityManager, questions: readonly RuleQuestion[]): Promise<(Violation | null)[]> {
    if (questions.length === 0) return [];
    const limits = await this.limits(m, questions);
    const rows = await this.neighbourhood(m, questions, limits);
    const byQuestion = questions.map((): NeighbourhoodRow[] => []);
    for (const row of rows) byQuestion[row.q - 1].push(row);
    return questions.map((question, n) => judge(question, byQuestion[n], limits.get(n + 1)));
  }

  /** Throws the first broken rule of these questions as a 422 naming the rule and the GP in Dutch. */
  async assertLawful(m: EntityManager, questions: readonly RuleQuestion[]): Promise<void> {
    const verdicts = await this.checkAll(m, questions);
    const n = verdicts.findIndex((v) => v !== null);
    const violation = verdicts[n];
    if (violation) throw new RosterError(RosterErrorCode.RuleViolation, `${questions[n].gp.name}: ${violation.reason}`, [{ field: violation.rule, message: violation.reason }]);
  }

  /** assertLawful for a GP named by id (404 when not in this HDS); returns the GP. */
  async assertLawfulById(m: EntityManager, { hdsId, gpId, shift, ignoreShiftIds = [] }: { hdsId: string; gpId: string; shift: RuleQuestion['shift']; ignoreShiftIds?: readonly string[] }): Promise<GpEntity> {
    const gp = await m.findOneBy(GpEntity, { hdsId, id: gpId });
    if (!gp) throw new RosterError(RosterErrorCode.GpNotFound, `Huisarts ${gpId} bestaat niet in deze HDS.`);
    await this.assertLawful(m, [{ gp, shift, ignoreShiftIds }]);
    return gp;
  }

  /** Per question (1-based) with a limit: the GP's approved limits in the period holding the dienst. */
  private async limits(m: EntityManager, questions: readonly RuleQuestion[]): Promise<Map<number, QuestionLimits>> {
    // Runs in every trade: planned once per connection, like the neighbourhood below.
    const { rows } = await prepared<LimitRow>(
      m,
      'rosters.rule-limits',
      `WITH q AS (SELECT t.gp_id, t.day, t.q::int AS q FROM unnest($2::uuid[], $3::date[]) WITH ORDINALITY AS t(gp_id, day, q))
       SELECT q.q, p.start_date::text AS start_date, p.end_date::text AS end_date, h.evening_start, l.night, l.weekend, l.holiday, l.evening, l.total
         FROM q JOIN roster_periods p ON p.hds_id = $1 AND p.start_date <= q.day AND p.end_date >= q.day
              JOIN hds h ON h.id = $1
              JOIN LATERAL (SELECT g.* FROM gp_limits g
                             WHERE g.hds_id = $1 AND g.gp_id = q.gp_id AND g.status = 'approved' AND (g.period_id IS NULL OR g.period_id = p.id)
                             ORDER BY g.period_id NULLS LAST LIMIT 1) l ON true`,
      [questions[0].gp.hdsId, questions.map((x) => x.gp.id), questions.map((x) => x.shift.localDate)],
    );
    const out = new Map<number, QuestionLimits>();
    for (const r of rows) {
      const limits = limitsOf(r);
      if (Object.keys(limits).length === 0) continue;
      out.set(r.q, {
        limits,
        period: { start: r.start_date, end: r.end_date },
        eveningStart: r.evening_start,
        fromMs: DateTime.fromISO(r.start_date, { zone: DEFAULT_ZONE }).toMillis(),
        toMs: DateTime.fromISO(r.end_date, { zone: DEFAULT_ZONE }).plus({ days: 1 }).toMillis(),
      });
    }
    return out;
  }

  private async neighbourhood(m: EntityManager, questions: readonly RuleQuestion[], limits: ReadonlyMap<number, QuestionLimits>): Promise<NeighbourhoodRow[]> {
    const hdsId = questions[0].gp.hdsId;
    // a GP with limits counts every dienst of the period, which may reach beyond the rules' window
    const periodFrom = questions.map((_, n) => (limits.has(n + 1) ? new Date((limits.get(n + 1) as QuestionLimits).fromMs) : null));
    const periodTo = questions.map((_, n) => (limits.has(n + 1) ? new Date((limits.get(n + 1) as QuestionLimits).toMs) : null));
    const { rows } = await prepared<NeighbourhoodRow>(
      m,
      'rosters.rule-neighbourhood',
      // The GP ids go straight into each index condition (gp_id = ANY($2)), not only through the
      // join with q: with statistics that have not yet seen a new HDS's rows the planner otherwise
      // scanned every assignment of the HDS and filtered by GP afterwards.
      `WITH q AS (SELECT t.gp_id, t.start_at, t.end_at, least(t.start_at - $5::interval, t.p_from) AS win_from, greatest(t.end_at + $5::interval, t.p_to) AS win_to, t.q::int AS q
                    FROM unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[], $7::timestamptz[], $8::timestamptz[]) WITH ORDINALITY AS t(gp_id, start_at, end_at, p_from, p_to, q))
       SELECT 0 AS k, q.q, s.id::text AS id, s.start_at, s.end_at, NULL::text AS kind, NULL::text AS from_date, NULL::text AS to_date
         FROM assignments a JOIN shifts s ON s.id = a.shift_id AND s.removed_at IS NULL
              JOIN q ON q.gp_id = a.gp_id AND s.start_at < q.win_to AND s.end_at > q.win_from
        WHERE a.hds_id = $1::uuid AND a.gp_id = ANY($2::uuid[]) AND a.removed_at IS NULL
       UNION ALL
       SELECT 1, q.q, NULL, v.start_at, v.end_at, v.kind, NULL, NULL
         FROM availability v JOIN q ON q.gp_id = v.gp_id AND v.start_at < q.end_at AND v.end_at > q.start_at
        WHERE v.hds_id = $1::uuid AND v.gp_id = ANY($2::uuid[]) AND v.kind = ANY($6::text[])
       UNION ALL
       SELECT 2, q.q, NULL, NULL, NULL, e.kind, e.from_date::text, e.to_date::text
         FROM gp_exemptions e JOIN q ON q.gp_id = e.gp_id
        WHERE e.hds_id = $1::uuid AND e.gp_id = ANY($2::uuid[])`,
      [hdsId, questions.map((x) => x.gp.id), questions.map((x) => x.shift.startAt), questions.map((x) => x.shift.endAt), `${WINDOW_MS} milliseconds`, UNAVAILABLE, periodFrom, periodTo],
    );
    return rows;
  }
}

type LimitRow = { q: number; start_date: string; end_date: string; evening_start: string } & Record<'night' | 'weekend' | 'holiday' | 'evening' | 'total', number | null>;

type QuestionLimits = { limits: GpLimits; period: { start: string; end: string }; eveningStart: string; fromMs: number; toMs: number };

type NeighbourhoodRow = {
  /** 0: a dienst of the GP's, 1: an absence, 2: an exemption. */
  k: 0 | 1 | 2;
  /** The question (1-based). */
  q: number;
  id: string | null;
  start_at: Date | null;
  end_at: Date | null;
  kind: string | null;
  from_date: string | null;
  to_date: string | null;
};

function judge({ gp, shift, ignoreShiftIds = [] }: RuleQuestion, rows: readonly NeighbourhoodRow[], limits?: QuestionLimits): Violation | null {
  const ignore = new Set([shift.id, ...ignoreShiftIds]);
  const span = (r: NeighbourhoodRow): { startMs: number; endMs: number } => ({ startMs: (r.start_at as Date).getTime(), endMs: (r.end_at as Date).getTime() });
  const existing = rows.filter((r) => r.k === 0 && !ignore.has(r.id as string)).map((r) => ({ id: r.id as string, ...span(r) }));
  const unavailable = rows.filter((r) => r.k === 1).map(span);
  const localDate = shift.localDate;
  const active = rows.filter((r) => r.k === 2 && (r.from_date as string) <= localDate && localDate <= (r.to_date as string));
  const whole = { startMs: shift.startAt.getTime(), endMs: shift.endAt.getTime() };
  if (active.some((e) => e.kind === ExemptionKind.Full)) unavailable.push(whole);
  if (gp.leftOn && localDate > gp.leftOn) unavailable.push(whole);
  if (gp.joinedOn && localDate < gp.joinedOn) unavailable.push(whole);
  const noNights = active.some((e) => e.kind === ExemptionKind.NoNights);
  if (!limits) return checkAssignment({ id: gp.id, qualifications: gp.qualifications, unavailable, noNights }, existing, { id: shift.id, ...whole, role: shift.role }, DEFAULT_RULES);
  // holidays: the NZa list, as in the roster instance the engine reads
  return checkAssignment(
    { id: gp.id, qualifications: gp.qualifications, unavailable, noNights, limits: limits.limits },
    existing,
    { id: shift.id, ...whole, role: shift.role },
    { ...DEFAULT_RULES, eveningStart: limits.eveningStart },
    DEFAULT_ZONE,
    { period: limits.period },
  );
}
