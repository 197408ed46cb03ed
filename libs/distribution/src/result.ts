import type { AnwCategory } from '@anw/time';
import type { Assignment } from './instance.js';

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
}

/** The spec's "fairer" order: fewer unfilled, then a smaller largest maxDeviationShifts_c, then a smaller Σ squares. */
export interface Score {
  unfilled: number;
  maxDeviationShifts: number;
  sumOfSquares: number;
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

/** `anw-roster-result/1` */
export interface RosterResult {
  format: 'anw-roster-result/1';
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

/** < 0 when a is fairer than b, > 0 when b is, 0 when equal within 1e-6. */
export function compareScores(a: Score, b: Score): number {
  if (a.unfilled !== b.unfilled) return a.unfilled - b.unfilled;
  if (Math.abs(a.maxDeviationShifts - b.maxDeviationShifts) > TOLERANCE) return a.maxDeviationShifts - b.maxDeviationShifts;
  if (Math.abs(a.sumOfSquares - b.sumOfSquares) > TOLERANCE) return a.sumOfSquares - b.sumOfSquares;
  return 0;
}
