import { DEFAULT_ZONE, localDate, nzaHolidayDates } from '@anw/time';
import {
  HardRule,
  type Violation,
  type WorkedTable,
  addToTimeline,
  describeConflict,
  describeStaticRule,
  ruleLimits,
  timelineConflict,
} from './hard-rules.js';
import type { GpLimits, Rules } from './instance.js';
import { countKinds, describeLimit, exceededLimit, shiftKindMask } from './limits.js';
import { type NightFacts, nightFacts } from './shift-facts.js';

/** A shift a GP already works (assigned, fixed or history). */
export interface RuleShift {
  id: string;
  startMs: number;
  endMs: number;
}

export interface CandidateShift extends RuleShift {
  role: string;
}

/** What the hard rules need to know of a GP. */
export interface GpRuleContext {
  id: string;
  qualifications: readonly string[];
  unavailable?: readonly { startMs: number; endMs: number }[];
  noNights?: boolean;
  /** version 1.1, hard rule 8: the most shifts of each kind in the period */
  limits?: GpLimits;
}

/** What rule 8 needs besides the rules: which shifts count, and the holidays. */
export interface LimitContext {
  /** inclusive local dates: only existing shifts starting inside count for the limits (default: all of `existing`) */
  period?: { start: string; end: string };
  /** 'YYYY-MM-DD'; default the NZa list of the years involved */
  holidays?: readonly string[];
}

const factsCache = new Map<string, NightFacts>();

function cachedFacts(startMs: number, endMs: number, zone: string): NightFacts {
  const key = `${zone}|${startMs}|${endMs}`;
  let facts = factsCache.get(key);
  if (!facts) {
    if (factsCache.size > 50_000) factsCache.clear();
    facts = nightFacts(startMs, endMs, zone);
    factsCache.set(key, facts);
  }
  return facts;
}

function limitViolation(
  gp: GpRuleContext,
  existing: readonly RuleShift[],
  candidate: CandidateShift,
  rules: Rules,
  timezone: string,
  context: LimitContext,
): string | null {
  const { period } = context;
  const counted = existing.filter((s) => {
    if (!period) return true;
    const day = localDate(s.startMs, timezone);
    return day >= period.start && day <= period.end;
  });
  const all = [...counted, candidate];
  const years = new Set(all.flatMap((s) => [localDate(s.startMs, timezone), localDate(s.endMs, timezone)].map((d) => Number(d.slice(0, 4)))));
  const holidays = new Set(context.holidays ?? nzaHolidayDates(years));
  const options = { eveningStart: rules.eveningStart, holidays, zone: timezone };
  const candidateMask = shiftKindMask(candidate.startMs, candidate.endMs, options);
  const counts = countKinds(all.map((s) => (s === candidate ? candidateMask : shiftKindMask(s.startMs, s.endMs, options))));
  // only a limit the candidate's own kinds push over is its violation
  const over = exceededLimit(gp.limits, counts.map((n, k) => (candidateMask & (1 << k) ? n : 0)));
  return over ? describeLimit(over.kind, over.limit, over.count) : null;
}

/**
 * Whether `gp` may take `candidate` next to the shifts they already work (`existing`, history
 * included): hard rules 1–7 of the instance format, and rule 8 (version 1.1) when `gp.limits` is
 * given (`limitContext` says which of `existing` lie in the period). Only conflicts that involve
 * the candidate count. Returns the first violation found, or null. For the marketplace: one GP,
 * one claim or swap.
 */
export function checkAssignment(
  gp: GpRuleContext,
  existing: readonly RuleShift[],
  candidate: CandidateShift,
  rules: Rules,
  timezone: string = DEFAULT_ZONE,
  limitContext: LimitContext = {},
): Violation | null {
  const candidateFacts = cachedFacts(candidate.startMs, candidate.endMs, timezone);
  const fail = (rule: HardRule, reason: string, other?: string): Violation => ({
    rule,
    gp: gp.id,
    shift: candidate.id,
    ...(other !== undefined ? { other } : {}),
    reason,
  });
  if (!gp.qualifications.includes(candidate.role)) {
    return fail(HardRule.Qualification, describeStaticRule(HardRule.Qualification, candidate.role));
  }
  if ((gp.unavailable ?? []).some((u) => u.startMs < candidate.endMs && candidate.startMs < u.endMs)) {
    return fail(HardRule.Unavailable, describeStaticRule(HardRule.Unavailable, candidate.role));
  }
  if (gp.noNights && candidateFacts.night) return fail(HardRule.NoNights, describeStaticRule(HardRule.NoNights, candidate.role));

  const all = [...existing, candidate];
  const facts = all.map((s) => cachedFacts(s.startMs, s.endMs, timezone));
  const table: WorkedTable = {
    start: all.map((s) => s.startMs),
    end: all.map((s) => s.endMs),
    night: facts.map((f) => (f.night ? 1 : 0)),
    nightDay: facts.map((f) => f.nightDay),
    late: facts.map((f) => (f.late ? 1 : 0)),
  };
  const timeline = { items: [] as number[], nightDays: [] as number[] };
  for (let i = 0; i < existing.length; i++) addToTimeline(table, timeline, i);
  const maxDuration = all.reduce((max, s) => Math.max(max, s.endMs - s.startMs), 0);
  const limits = ruleLimits(rules);
  const found = timelineConflict(table, timeline, existing.length, limits, maxDuration);
  if (!found) {
    const over = gp.limits ? limitViolation(gp, existing, candidate, rules, timezone, limitContext) : null;
    return over === null ? null : fail(HardRule.Limit, over);
  }
  return fail(found.rule, describeConflict(found, limits), found.other >= 0 ? all[found.other].id : undefined);
}
