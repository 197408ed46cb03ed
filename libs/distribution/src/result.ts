import type { AnwCategory } from '@anw/time';
import type { Assignment, ResultFormat } from './instance.js';

export interface UnfilledPosition {
  shift: string;
  missing: number;
  /** Dutch: why no GP could take it */
  reason: string;
}

export type ShortfallReason = 'unavailable' | 'exempt' | 'unqualified';

export interface GpReport {
  gp: string;
  hours: Record<AnwCategory, number>;
  share: Record<AnwCategory, number>;
  /** hours − share; null where the GP is not measured (weight 0, or nacht with noNights) */
  deviation: Record<AnwCategory, number | null>;
  /** the least |deviation| ÷ L_c this GP can have in any roster (proven; see lowerBound), in shifts */
  floor: Record<AnwCategory, number>;
  /** why the GP got noticeably fewer hours than the share (or none at all), per category */
  reasons: { category: AnwCategory; reason: ShortfallReason; detail: string }[];
  /** version 1.1: per preference, unweighted — a want is granted, an avoid hit, when one of the GP's assignments matches it */
  preferences?: PreferenceCounts;
}

export interface PreferenceCounts {
  wantsGranted: number;
  wantsTotal: number;
  avoidsHit: number;
  avoidsTotal: number;
}

/**
 * The spec's "fairer" order: fewer unfilled, then a smaller largest maxDeviationShifts_c, then a
 * smaller Σ squares (version 1.1: Σ squares + 0.25 × the preference score P).
 */
export interface Score {
  unfilled: number;
  maxDeviationShifts: number;
  sumOfSquares: number;
  /** version 1.1: P = Σ weights of the avoids assignments match − Σ weights of the wants they match */
  preferenceScore?: number;
}

export type StopReason = 'converged' | 'time' | 'aborted' | 'iterations';

export interface RosterReport {
  seconds: number;
  perGp: GpReport[];
  maxDeviationShifts: Record<AnwCategory, number>;
  lowerBound: { maxDeviationShifts: Record<AnwCategory, number> };
  score: Score;
  search: { seed: number; iterations: number; stoppedBy: StopReason; engine: 'local-search' | 'greedy-baseline' };
}

/** `anw-roster-result/1`, or `/1.1` for a 1.1 instance */
export interface RosterResult {
  format: ResultFormat;
  assignments: Assignment[];
  unfilled: UnfilledPosition[];
  report: RosterReport;
}

export interface SolveProgress {
  /** 0–100, by time spent of the budget */
  percent: number;
  score: Score;
}

export interface SolveOptions {
  /** fixes every random choice; default 1 */
  seed?: number;
  /** default 5000 */
  timeBudgetMs?: number;
  /** abort → the best roster so far */
  signal?: AbortSignal;
  onProgress?: (progress: SolveProgress) => void;
  /** the clock in ms (default performance.now); the solver reads no other */
  now?: () => number;
  /** a cap on local-search iterations, for runs that must not depend on the machine's speed */
  maxIterations?: number;
}

const TOLERANCE = 1e-6;
/** version 1.1: the weight of P at the third level */
export const PREFERENCE_WEIGHT = 0.25;

/** The third level of the comparison: Σ squares, plus 0.25 × P when the score has one (version 1.1). */
export function thirdLevel(score: Score): number {
  return score.preferenceScore === undefined ? score.sumOfSquares : score.sumOfSquares + PREFERENCE_WEIGHT * score.preferenceScore;
}

/** < 0 when a is fairer than b, > 0 when b is, 0 when equal within 1e-6. */
export function compareScores(a: Score, b: Score): number {
  if (a.unfilled !== b.unfilled) return a.unfilled - b.unfilled;
  if (Math.abs(a.maxDeviationShifts - b.maxDeviationShifts) > TOLERANCE) return a.maxDeviationShifts - b.maxDeviationShifts;
  const third = thirdLevel(a) - thirdLevel(b);
  if (Math.abs(third) > TOLERANCE) return third;
  return 0;
}
