import {
  HardRule,
  type Timeline,
  type TimelineConflict,
  addToTimeline,
  removeFromTimeline,
  timelineConflict,
} from './hard-rules.js';
import { LIMIT_KIND_COUNT } from './limits.js';
import { PREFERENCE_WEIGHT } from './result.js';
import { CATEGORY_COUNT, type Model, preferenceCost, staticallyEligible, withinLimits } from './model.js';

/** Differences of 1e-6 or less count as equal (the spec); internal bookkeeping is finer. */
export const EPS = 1e-9;
const SPREAD_WINDOW_MS = 7 * 86_400_000;
/** version 1.1: the third level of "fairer" is Σ squares + PREFERENCE_FACTOR × P */
export const PREFERENCE_FACTOR = PREFERENCE_WEIGHT;
const LIMIT_CONFLICT: TimelineConflict = { rule: HardRule.Limit, other: -1, before: false, restKind: 'rest', requiredMs: 0, run: 0 };

/** How a candidate change compares with the current roster: -1 worse, 0 equal, 1 better. */
export type Verdict = -1 | 0 | 1;
export const WORSE: Verdict = -1;
export const EQUAL: Verdict = 0;
export const BETTER: Verdict = 1;

/**
 * Objective modes: `Focus` ranks by (largest deviation, how many entries sit at it, Σ squares,
 * spread); `Polish` by (largest deviation, Σ squares, spread), the spec's own order.
 */
export type Mode = 'focus' | 'polish';

function spreadPenalty(gapMs: number): number {
  if (gapMs >= SPREAD_WINDOW_MS) return 0;
  const x = (SPREAD_WINDOW_MS - Math.max(0, gapMs)) / SPREAD_WINDOW_MS;
  return x * x;
}

/**
 * A roster under construction: who holds each position, every GP's timeline (history included)
 * and the objective's running totals, all updated incrementally.
 */
export class RosterState {
  readonly positionCount: number;
  readonly posShift: Int32Array;
  readonly posGp: Int32Array;
  readonly posFixed: Uint8Array;
  readonly shiftFirstPos: Int32Array;
  readonly timelines: Timeline[];
  readonly gpPositions: number[][];
  readonly hours: Float64Array;
  /** |dev| ÷ L_c per gp × category; 0 outside E_c */
  readonly value: Float64Array;
  readonly invLength: Float64Array;
  sumSquares = 0;
  maxValue = 0;
  atMax = 0;
  unfilled = 0;
  spread = 0;
  /** gp × LIMIT_KIND_COUNT: shifts held per kind (rule 8; kept only when the instance has limits) */
  readonly kindCount: Int32Array;
  /** the preference score P of the roster (fixed assignments included) */
  preferenceScore = 0;
  /** whether moves are judged with P at the third level (the solver's preference phase) */
  usePreferences = false;

  // scratch for move evaluation: touched gp × category entries and their change in hours
  private readonly touched = new Int32Array(64);
  private readonly touchedDelta = new Float64Array(64);
  private touchedCount = 0;
  moveMax = 0;
  moveAtMax = 0;
  moveSquares = 0;
  movePreference = 0;
  /** the change at the third level: Δ Σ squares, plus PREFERENCE_FACTOR × Δ P when preferences are used */
  moveThird = 0;

  constructor(readonly model: Model) {
    const { shiftCount, gpCount } = model;
    this.shiftFirstPos = new Int32Array(shiftCount + 1);
    for (let s = 0; s < shiftCount; s++) this.shiftFirstPos[s + 1] = this.shiftFirstPos[s] + model.required[s];
    this.positionCount = this.shiftFirstPos[shiftCount];
    this.posShift = new Int32Array(this.positionCount);
    this.posGp = new Int32Array(this.positionCount).fill(-1);
    this.posFixed = new Uint8Array(this.positionCount);
    for (let s = 0; s < shiftCount; s++) for (let p = this.shiftFirstPos[s]; p < this.shiftFirstPos[s + 1]; p++) this.posShift[p] = s;
    this.timelines = Array.from({ length: gpCount }, () => ({ items: [], nightDays: [] }));
    this.gpPositions = Array.from({ length: gpCount }, () => []);
    this.hours = new Float64Array(gpCount * CATEGORY_COUNT);
    this.kindCount = new Int32Array(gpCount * LIMIT_KIND_COUNT);
    this.value = new Float64Array(gpCount * CATEGORY_COUNT);
    this.invLength = Float64Array.from(model.avgLength, (l) => (l > 0 ? 1 / l : 0));
    this.unfilled = this.positionCount;

    model.historyGp.forEach((g, h) => {
      if (g >= 0) this.addWorked(g, shiftCount + h);
    });
    for (let g = 0; g < gpCount; g++) {
      for (let c = 0; c < CATEGORY_COUNT; c++) {
        const i = g * CATEGORY_COUNT + c;
        if (model.eligible[i]) this.value[i] = model.share[i] * this.invLength[c];
        this.sumSquares += this.value[i] * this.value[i];
      }
    }
    this.rescanMax();
    model.fixed.forEach((gps, s) =>
      gps.forEach((g, k) => {
        const p = this.shiftFirstPos[s] + k;
        this.assign(p, g);
        this.posFixed[p] = 1;
      }),
    );
  }

  rescanMax(): void {
    let max = 0;
    for (let i = 0; i < this.value.length; i++) if (this.value[i] > max) max = this.value[i];
    let count = 0;
    for (let i = 0; i < this.value.length; i++) if (this.value[i] >= max - EPS) count++;
    this.maxValue = max;
    this.atMax = count;
  }

  private addWorked(g: number, w: number): void {
    const tl = this.timelines[g];
    this.spread += this.spreadDeltaAdd(g, w);
    addToTimeline(this.model.table, tl, w);
  }

  private removeWorked(g: number, w: number): void {
    removeFromTimeline(this.model.table, this.timelines[g], w);
    this.spread -= this.spreadDeltaAdd(g, w);
  }

  /** Spread penalty change when g (who does not hold w) would take w. */
  spreadDeltaAdd(g: number, w: number): number {
    const { start, end } = this.model.table;
    const items = this.timelines[g].items;
    const ws = start[w];
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (start[items[mid]] <= ws) lo = mid + 1;
      else hi = mid;
    }
    const before = lo > 0 ? items[lo - 1] : -1;
    const after = lo < items.length ? items[lo] : -1;
    let delta = 0;
    if (before >= 0) delta += spreadPenalty(ws - end[before]);
    if (after >= 0) delta += spreadPenalty(start[after] - end[w]);
    if (before >= 0 && after >= 0) delta -= spreadPenalty(start[after] - end[before]);
    return delta;
  }

  /** Spread change of g giving up w (which g holds). */
  spreadDeltaRemove(g: number, w: number): number {
    removeFromTimeline(this.model.table, this.timelines[g], w);
    const delta = -this.spreadDeltaAdd(g, w);
    addToTimeline(this.model.table, this.timelines[g], w);
    return delta;
  }

  private applyHours(g: number, s: number, sign: number): void {
    const { model } = this;
    if (model.hasLimits) {
      const mask = model.kindMask[s];
      for (let k = 0; k < LIMIT_KIND_COUNT; k++) if (mask & (1 << k)) this.kindCount[g * LIMIT_KIND_COUNT + k] += sign;
    }
    if (model.hasPreferences) this.preferenceScore += sign * preferenceCost(model, g, s);
    for (let c = 0; c < CATEGORY_COUNT; c++) {
      const h = model.hours[s * CATEGORY_COUNT + c];
      if (h === 0) continue;
      const i = g * CATEGORY_COUNT + c;
      this.hours[i] += sign * h;
      if (!model.eligible[i]) continue;
      const old = this.value[i];
      const next = Math.abs(this.hours[i] - model.share[i]) * this.invLength[c];
      this.value[i] = next;
      this.sumSquares += next * next - old * old;
      if (old >= this.maxValue - EPS) this.atMax--;
      if (next > this.maxValue + EPS) this.atMax = -Infinity;
      else if (next >= this.maxValue - EPS) this.atMax++;
    }
  }

  private settleMax(): void {
    if (this.atMax <= 0) this.rescanMax();
  }

  assign(p: number, g: number): void {
    const s = this.posShift[p];
    this.posGp[p] = g;
    this.unfilled--;
    const list = this.gpPositions[g];
    list.push(p);
    this.addWorked(g, s);
    this.applyHours(g, s, 1);
    this.settleMax();
  }

  unassign(p: number): void {
    const g = this.posGp[p];
    const s = this.posShift[p];
    this.posGp[p] = -1;
    this.unfilled++;
    const list = this.gpPositions[g];
    const at = list.indexOf(p);
    list[at] = list[list.length - 1];
    list.pop();
    this.removeWorked(g, s);
    this.applyHours(g, s, -1);
    this.settleMax();
  }

  /** Moves position p to GP g (p may be open). */
  moveTo(p: number, g: number): void {
    if (this.posGp[p] >= 0) this.unassign(p);
    this.assign(p, g);
  }

  /** Rules 1–3, 4–7 and 8 for g taking shift s now. */
  canTake(g: number, s: number): boolean {
    return staticallyEligible(this.model, g, s) && this.conflict(g, s) === null;
  }

  /** Rules 4–8 for g taking shift s now (a limit conflict names no other shift). */
  conflict(g: number, s: number): TimelineConflict | null {
    if (this.model.hasLimits && !withinLimits(this.model, this.kindCount, g, s)) return LIMIT_CONFLICT;
    return timelineConflict(this.model.table, this.timelines[g], s, this.model.limits, this.model.maxDurationMs);
  }

  /** Whether g could take s after giving up `without` (a shift g holds). */
  canTakeWithout(g: number, s: number, without: number): boolean {
    const { model } = this;
    if (!staticallyEligible(model, g, s)) return false;
    if (model.hasLimits && !withinLimits(model, this.kindCount, g, s, without)) return false;
    const tl = this.timelines[g];
    removeFromTimeline(model.table, tl, without);
    const ok = timelineConflict(model.table, tl, s, model.limits, model.maxDurationMs) === null;
    addToTimeline(this.model.table, tl, without);
    return ok;
  }

  /** Starts evaluating a change made of several (GP, shift, ±1) parts; see change() and finishMove(). */
  beginMove(): void {
    this.touchedCount = 0;
    this.movePreference = 0;
  }

  /** Part of a move: g takes (+1) or gives up (-1) shift s. */
  change(g: number, s: number, sign: number): void {
    const { model } = this;
    if (this.usePreferences) this.movePreference += sign * preferenceCost(model, g, s);
    for (let c = 0; c < CATEGORY_COUNT; c++) {
      const h = model.hours[s * CATEGORY_COUNT + c];
      const i = g * CATEGORY_COUNT + c;
      if (h === 0 || !model.eligible[i]) continue;
      let k = 0;
      while (k < this.touchedCount && this.touched[k] !== i) k++;
      if (k === this.touchedCount) {
        if (k === this.touched.length) throw new RangeError('te veel wijzigingen in één zet');
        this.touched[k] = i;
        this.touchedDelta[k] = 0;
        this.touchedCount++;
      }
      this.touchedDelta[k] += sign * h;
    }
  }

  /** Fills moveMax (largest new value touched), moveAtMax (entries at the current maximum after) and moveSquares (Δ Σ squares). */
  finishMove(): void {
    const { model } = this;
    const limit = this.maxValue;
    let max = 0;
    let atMax = this.atMax;
    let squares = 0;
    for (let k = 0; k < this.touchedCount; k++) {
      const d = this.touchedDelta[k];
      if (Math.abs(d) < 1e-12) continue;
      const i = this.touched[k];
      const old = this.value[i];
      const next = Math.abs(this.hours[i] + d - model.share[i]) * this.invLength[i % CATEGORY_COUNT];
      squares += next * next - old * old;
      if (next > max) max = next;
      if (old >= limit - EPS) atMax--;
      if (next >= limit - EPS) atMax++;
    }
    this.moveMax = max;
    this.moveAtMax = atMax;
    this.moveSquares = squares;
    this.moveThird = this.usePreferences ? squares + PREFERENCE_FACTOR * this.movePreference : squares;
  }

  /** Evaluates gA giving up `giveA` and taking `takeA` (either -1 for none), and likewise gB. */
  evaluate(gA: number, giveA: number, takeA: number, gB: number, giveB: number, takeB: number): void {
    this.beginMove();
    if (giveA >= 0) this.change(gA, giveA, -1);
    if (takeA >= 0) this.change(gA, takeA, 1);
    if (giveB >= 0) this.change(gB, giveB, -1);
    if (takeB >= 0) this.change(gB, takeB, 1);
    this.finishMove();
  }

  /** The verdict on the last evaluate(), before the spread tie-break. */
  verdict(mode: Mode): Verdict {
    if (this.moveMax > this.maxValue + EPS) return WORSE;
    if (this.maxValue > EPS) {
      if (this.moveAtMax <= 0) return BETTER;
      if (mode === 'focus' && this.moveAtMax !== this.atMax) return this.moveAtMax < this.atMax ? BETTER : WORSE;
    }
    if (this.moveThird < -EPS) return BETTER;
    if (this.moveThird > EPS) return WORSE;
    return EQUAL;
  }

  /** Spread change of g giving up `give` and taking `take`. */
  spreadDeltaSwap(g: number, give: number, take: number): number {
    const tl = this.timelines[g];
    removeFromTimeline(this.model.table, tl, give);
    const delta = -this.spreadDeltaAdd(g, give) + this.spreadDeltaAdd(g, take);
    addToTimeline(this.model.table, tl, give);
    return delta;
  }

  /** Σ squares as the spec reads it (after the fact, not incrementally). */
  exactSumSquares(): number {
    let sum = 0;
    for (let i = 0; i < this.value.length; i++) sum += this.value[i] * this.value[i];
    return sum;
  }

  /** g already holds a position on shift s. */
  holds(g: number, s: number): boolean {
    for (let p = this.shiftFirstPos[s]; p < this.shiftFirstPos[s + 1]; p++) if (this.posGp[p] === g) return true;
    return false;
  }
}
