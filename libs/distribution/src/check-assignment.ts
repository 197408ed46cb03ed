import { DEFAULT_ZONE } from '@anw/time';
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
import type { Rules } from './instance.js';
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

/**
 * Whether `gp` may take `candidate` next to the shifts they already work (`existing`, history
 * included): hard rules 1–7 of the instance format. Only conflicts that involve the candidate
 * count. Returns the first violation found, or null. For the marketplace: one GP, one claim or swap.
 */
export function checkAssignment(
  gp: GpRuleContext,
  existing: readonly RuleShift[],
  candidate: CandidateShift,
  rules: Rules,
  timezone: string = DEFAULT_ZONE,
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
  if (!found) return null;
  return fail(found.rule, describeConflict(found, limits), found.other >= 0 ? all[found.other].id : undefined);
}
