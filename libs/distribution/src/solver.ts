import type { Instance } from './instance.js';
import { CATEGORY_COUNT, type Model, buildModel, preferenceCost, staticallyEligible } from './model.js';
import { Prng } from './prng.js';
import { buildResult } from './report.js';
import { type RosterResult, type Score, type SolveOptions, type StopReason, compareScores } from './result.js';
import { BETTER, EPS, type Mode, PREFERENCE_FACTOR, RosterState, WORSE } from './roster-state.js';

const DEFAULT_BUDGET_MS = 5000;
const CHECK_EVERY = 128;
const PROGRESS_EVERY_MS = 250;
const DAY_MS = 86_400_000;
/** how many GPs or positions a targeted move samples, and how many third GPs per chain */
const TARGET_SAMPLE = 16;
const CHAIN_SAMPLE = 8;
/** how many of the best candidate moves a targeted move keeps (and tries for lawfulness) */
const CANDIDATES = 16;
/** targeted moves an entry that resisted one is left alone */
const RESIST_CALLS = 32;
/** chance per iteration of a targeted move (they cost a few hundred evaluations) */
const TARGETED_SHARE = 0.02;
/** chance per iteration, while positions are open, of a move that fills or exchanges an open one */
const OPEN_SHARE = 0.02;
/** rounds of iterated local search (kick, descend) when time allows */
const ILS_ROUNDS = 8;
const ILS_MAX_ROUNDS = 32;
const ILS_POSITION_ROUNDS = 4000;
/** how many of a GP's shifts an ejection may hand on to fill one open position */
const MAX_EJECTED = 3;
/** share of the remaining time the max-focused phase may use before polishing Σ squares */
const FOCUS_SHARE = 0.6;
/** version 1.1: share of the budget kept for the preference phase when an instance has preferences */
const PREFERENCE_SHARE = 0.5;
/** chance per iteration, in the preference phase, of a move aimed at one GP's wish */
const WISH_SHARE = 0.3;

interface Clock {
  now: () => number;
  started: number;
  deadline: number;
  budget: number;
  signal?: AbortSignal;
  onProgress?: SolveOptions['onProgress'];
  maxIterations: number;
}

/** Greedy construction, repair of open positions, then local search; see solve(). */
class Search {
  readonly model: Model;
  readonly roleGps: number[][];
  readonly roleZero: number[][];
  readonly movable: Int32Array;
  readonly categoryPositions: Int32Array[];
  iterations = 0;
  stoppedBy: StopReason = 'converged';
  private lastProgress: number;
  private readonly costs: Float64Array;
  private readonly candidates = { count: 0, key: new Float64Array(CANDIDATES), moves: new Int32Array(CANDIDATES * 4) };
  private readonly resisted: Float64Array;
  private targetedCalls = 0;
  /** shifts sorted by start, and how far apart two shifts can be and still touch each other's rules */
  private readonly shiftsByStart: Int32Array;
  private readonly reach: number;

  constructor(
    readonly state: RosterState,
    readonly rng: Prng,
    readonly clock: Clock,
  ) {
    const model = state.model;
    this.model = model;
    this.roleGps = Array.from({ length: model.roleCount }, () => []);
    this.roleZero = Array.from({ length: model.roleCount }, () => []);
    for (let g = 0; g < model.gpCount; g++) {
      for (let r = 0; r < model.roleCount; r++) {
        if (model.qualified[g * model.roleCount + r]) (model.weight[g] > 0 ? this.roleGps : this.roleZero)[r].push(g);
      }
    }
    const movable: number[] = [];
    const byCategory: number[][] = Array.from({ length: CATEGORY_COUNT }, () => []);
    for (let p = 0; p < state.positionCount; p++) {
      if (state.posFixed[p]) continue;
      movable.push(p);
      const s = state.posShift[p];
      for (let c = 0; c < CATEGORY_COUNT; c++) if (model.hours[s * CATEGORY_COUNT + c] > 0) byCategory[c].push(p);
    }
    this.movable = Int32Array.from(movable);
    this.categoryPositions = byCategory.map((list) => Int32Array.from(list));
    this.costs = new Float64Array(model.gpCount);
    this.resisted = new Float64Array(model.gpCount * CATEGORY_COUNT);
    this.shiftsByStart = Int32Array.from({ length: model.shiftCount }, (_, s) => s).sort((a, b) => model.table.start[a] - model.table.start[b]);
    this.reach = model.maxDurationMs + model.limits.maxRestMs + (model.limits.maxConsecutive + 1) * DAY_MS;
    this.lastProgress = clock.started;
  }

  /** Change of Σ squares when g takes shift s: the greedy's measure of need. */
  private takeCost(g: number, s: number): number {
    const { model, state } = this;
    let cost = 0;
    for (let c = 0; c < CATEGORY_COUNT; c++) {
      const h = model.hours[s * CATEGORY_COUNT + c];
      const i = g * CATEGORY_COUNT + c;
      if (h === 0 || !model.eligible[i]) continue;
      const dev = state.hours[i] - model.share[i];
      cost += (2 * dev * h + h * h) * state.invLength[c] * state.invLength[c];
    }
    return state.usePreferences ? cost + PREFERENCE_FACTOR * preferenceCost(model, g, s) : cost;
  }

  /** The lawful GP with weight > 0 who needs shift s most (lowest Σ-squares increase), or -1. */
  pickGp(s: number, exclude = -1): number {
    const { model, state, costs } = this;
    const candidates = this.roleGps[model.role[s]];
    for (const g of candidates) costs[g] = g === exclude || !staticallyEligible(model, g, s) ? Infinity : this.takeCost(g, s);
    for (let tries = 0; tries < candidates.length; tries++) {
      let best = -1;
      let bestCost = Infinity;
      for (const g of candidates) if (costs[g] < bestCost) [best, bestCost] = [g, costs[g]];
      if (best < 0) return -1;
      if (state.conflict(best, s) === null) return best;
      costs[best] = Infinity;
    }
    return -1;
  }

  private pickZeroWeight(s: number, exclude = -1): number {
    for (const g of this.roleZero[this.model.role[s]]) if (g !== exclude && this.state.canTake(g, s)) return g;
    return -1;
  }

  /**
   * Positions in order of scarcity: fewest eligible GPs first, then the heavy categories
   * (feestdag, nacht, weekend) before avond, then by time.
   */
  construct(): void {
    const { model, state } = this;
    const eligibleCount = new Int32Array(model.shiftCount);
    for (let s = 0; s < model.shiftCount; s++) {
      for (const g of this.roleGps[model.role[s]]) if (staticallyEligible(model, g, s)) eligibleCount[s]++;
    }
    const tier = (s: number): number => {
      const h = (c: number): number => model.hours[s * CATEGORY_COUNT + c];
      return h(3) > 0 ? 0 : h(1) > 0 ? 1 : h(2) > 0 ? 2 : 3;
    };
    const order = Array.from({ length: model.shiftCount }, (_, s) => s).sort(
      (a, b) =>
        Math.floor(Math.log2(eligibleCount[a] + 1)) - Math.floor(Math.log2(eligibleCount[b] + 1)) ||
        tier(a) - tier(b) ||
        model.table.start[a] - model.table.start[b] ||
        a - b,
    );
    for (const s of order) {
      for (let p = state.shiftFirstPos[s]; p < state.shiftFirstPos[s + 1]; p++) {
        if (state.posGp[p] >= 0) continue;
        let g = this.pickGp(s);
        if (g < 0) g = this.pickZeroWeight(s);
        if (g >= 0) state.assign(p, g);
      }
    }
  }

  /** Tries every open position again: directly, by handing a blocking shift to someone else, or with a weight-0 GP. */
  fillOpen(): void {
    const { state } = this;
    for (let p = 0; p < state.positionCount; p++) if (state.posGp[p] < 0) this.tryFill(p);
  }

  private tryFill(p: number): boolean {
    const { model, state } = this;
    const s = state.posShift[p];
    const direct = this.pickGp(s);
    if (direct >= 0) {
      state.assign(p, direct);
      return true;
    }
    for (const g of [...this.roleGps[model.role[s]], ...this.roleZero[model.role[s]]]) {
      if (staticallyEligible(model, g, s) && this.ejectFor(p, g)) return true;
    }
    const zero = this.pickZeroWeight(s);
    if (zero >= 0) {
      state.assign(p, zero);
      return true;
    }
    return false;
  }

  /** Fills one open position whose shift starts within reach of shift u, if any can be. */
  private fillNear(u: number): boolean {
    const { state, model } = this;
    const start = model.table.start[u];
    let i = lowerBoundBy(this.shiftsByStart, (s) => model.table.start[s] >= start - this.reach);
    for (; i < this.shiftsByStart.length; i++) {
      const s = this.shiftsByStart[i];
      if (model.table.start[s] > start + this.reach) break;
      for (let p = state.shiftFirstPos[s]; p < state.shiftFirstPos[s + 1]; p++) if (state.posGp[p] < 0 && !state.posFixed[p] && this.tryFill(p)) return true;
    }
    return false;
  }

  /**
   * Lets g take open position p by handing the shifts that stand in the way (up to MAX_EJECTED,
   * found one conflict at a time) to other GPs; undone when any of them finds no taker.
   */
  private ejectFor(p: number, g: number): boolean {
    const { state, model } = this;
    const s = state.posShift[p];
    const ejected: number[] = [];
    const undo = (): false => {
      for (const q of ejected) state.assign(q, g);
      return false;
    };
    for (let conflict = state.conflict(g, s); conflict !== null; conflict = state.conflict(g, s)) {
      if (ejected.length === MAX_EJECTED || conflict.other < 0 || conflict.other >= model.shiftCount) return undo();
      const q = state.gpPositions[g].find((x) => state.posShift[x] === conflict.other);
      if (q === undefined || state.posFixed[q]) return undo();
      state.unassign(q);
      ejected.push(q);
    }
    const takers: number[] = [];
    for (const q of ejected) {
      const t = state.posShift[q];
      let other = this.pickGp(t, g);
      if (other < 0) other = this.pickZeroWeight(t, g);
      if (other < 0) break;
      state.assign(q, other);
      takers.push(q);
    }
    if (takers.length === ejected.length && state.conflict(g, s) === null) {
      state.assign(p, g);
      return true;
    }
    for (const q of takers) state.unassign(q);
    return undo();
  }

  /** Weight-0 GPs may keep only positions no GP with weight > 0 can take lawfully in the final roster. */
  releaseWeightZero(): void {
    const { model, state } = this;
    for (let p = 0; p < state.positionCount; p++) {
      const g = state.posGp[p];
      if (g < 0 || state.posFixed[p] || model.weight[g] > 0) continue;
      const other = this.pickGp(state.posShift[p]);
      if (other >= 0) state.moveTo(p, other);
    }
  }

  private timeUp(): boolean {
    const { clock } = this;
    const t = clock.now();
    if (clock.onProgress && t - this.lastProgress >= PROGRESS_EVERY_MS) {
      this.lastProgress = t;
      clock.onProgress({ percent: Math.min(99, ((t - clock.started) / clock.budget) * 100), score: this.score() });
    }
    if (clock.signal?.aborted) {
      this.stoppedBy = 'aborted';
      return true;
    }
    if (t >= clock.deadline) {
      this.stoppedBy = 'time';
      return true;
    }
    return false;
  }

  score(): Score {
    const { state } = this;
    const score: Score = { unfilled: state.unfilled, maxDeviationShifts: state.maxValue, sumOfSquares: state.sumSquares };
    return state.usePreferences ? { ...score, preferenceScore: state.preferenceScore } : score;
  }

  /**
   * Iterated local search: descend (max-focused phase, then the spec's order) until no move helps,
   * keep the best roster, kick it with a few random lawful moves, descend again; ILS_ROUNDS rounds
   * or until the budget ends. Ends on the best roster found.
   */
  improve(): void {
    if (this.movable.length === 0 || this.model.gpCount === 0) return;
    const stallLimit = Math.max(200, 60 * this.movable.length);
    let best = Int32Array.from(this.state.posGp);
    let bestScore = this.score();
    // small instances get more rounds: each is cheap, and restarts are what finds their optimum
    const rounds = Math.min(ILS_MAX_ROUNDS, Math.max(ILS_ROUNDS, Math.ceil(ILS_POSITION_ROUNDS / this.movable.length)));
    for (let round = 0; round < rounds; round++) {
      if (round > 0) this.perturb();
      const finished = this.descend(stallLimit);
      const score = this.score();
      if (compareScores(score, bestScore) < 0) {
        best = Int32Array.from(this.state.posGp);
        bestScore = score;
      }
      if (!finished) break;
      this.restore(best);
    }
    this.restore(best);
  }

  /** Both phases until they stall; false when the budget, the signal or the iteration cap ended it. */
  private descend(stallLimit: number): boolean {
    const { clock } = this;
    for (const mode of ['focus', 'polish'] as const) {
      const start = clock.now();
      const phaseEnd = mode === 'focus' ? start + (clock.deadline - start) * FOCUS_SHARE : clock.deadline;
      let stall = 0;
      while (stall < stallLimit) {
        if (this.iterations % CHECK_EVERY === 0) {
          if (this.timeUp()) return false;
          if (clock.now() >= phaseEnd) break;
        }
        if (this.iterations >= clock.maxIterations) {
          this.stoppedBy = 'iterations';
          return false;
        }
        this.iterations++;
        stall = this.step(mode) ? 0 : stall + 1;
      }
      // relocations free room: open positions may now fit
      if (this.state.unfilled > 0) this.fillOpen();
    }
    return true;
  }

  /**
   * Ruin and recreate: release every shift of the GP with the largest deviation and of two random
   * GPs, plus a few random positions, then hand them out again greedily in random order (whatever
   * that does to the objective; the descent that follows repairs it).
   */
  private perturb(): void {
    const { state, model, rng } = this;
    const released: number[] = [];
    const worst = this.pickEntry();
    const gps = [worst >= 0 ? Math.floor(worst / CATEGORY_COUNT) : rng.int(model.gpCount), rng.int(model.gpCount), rng.int(model.gpCount)];
    for (const g of gps) for (const p of state.gpPositions[g]) if (!state.posFixed[p] && !released.includes(p)) released.push(p);
    const extra = Math.max(4, Math.round(this.movable.length * 0.01));
    for (let k = 0; k < extra; k++) {
      const p = this.movable[rng.int(this.movable.length)];
      if (state.posGp[p] >= 0 && !released.includes(p)) released.push(p);
    }
    for (const p of released) if (state.posGp[p] >= 0) state.unassign(p);
    // open positions join the draw: which ones stay open is part of what a restart may change
    for (const p of this.movable) if (state.posGp[p] < 0 && !released.includes(p)) released.push(p);
    for (let i = released.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [released[i], released[j]] = [released[j], released[i]];
    }
    for (const p of released) {
      const g = this.pickGp(state.posShift[p]);
      if (g >= 0) state.assign(p, g);
    }
    this.fillOpen();
  }

  /** Puts back a roster taken with Int32Array.from(posGp) (it was lawful, so no checks). */
  restore(snapshot: Int32Array): void {
    const { state } = this;
    for (let p = 0; p < state.positionCount; p++) if (state.posGp[p] !== snapshot[p] && state.posGp[p] >= 0) state.unassign(p);
    for (let p = 0; p < state.positionCount; p++) if (state.posGp[p] !== snapshot[p] && snapshot[p] >= 0) state.assign(p, snapshot[p]);
  }

  private step(mode: Mode): boolean {
    if (this.state.usePreferences && this.rng.next() < WISH_SHARE) return this.wishMove(mode);
    const r = this.rng.next();
    if (r < TARGETED_SHARE) return this.targeted(mode);
    if (r < TARGETED_SHARE + OPEN_SHARE && this.state.unfilled > 0) return this.openMove(mode);
    const p = this.movable[this.rng.int(this.movable.length)];
    if (this.state.posGp[p] < 0) return false;
    if (r < 0.55) {
      const candidates = this.roleGps[this.model.role[this.state.posShift[p]]];
      if (candidates.length === 0) return false;
      return this.relocate(p, candidates[this.rng.int(candidates.length)], mode);
    }
    return this.swap(p, this.movable[this.rng.int(this.movable.length)], mode);
  }

  /** Accept when better, or equal with a better spread of the GPs' shifts. */
  private accepts(mode: Mode, spreadDelta: () => number): boolean {
    const v = this.state.verdict(mode);
    if (v === BETTER) return true;
    if (v === WORSE) return false;
    return spreadDelta() < -EPS;
  }

  relocate(p: number, to: number, mode: Mode): boolean {
    const { state } = this;
    const from = state.posGp[p];
    const s = state.posShift[p];
    if (from === to || from < 0 || state.posFixed[p] || this.model.weight[to] === 0) return false;
    state.evaluate(from, s, -1, to, -1, s);
    if (!this.accepts(mode, () => state.spreadDeltaRemove(from, s) + state.spreadDeltaAdd(to, s))) return false;
    if (!state.canTake(to, s)) return false;
    state.moveTo(p, to);
    return true;
  }

  swap(p1: number, p2: number, mode: Mode): boolean {
    const { state, model } = this;
    const g1 = state.posGp[p1];
    const g2 = state.posGp[p2];
    const s1 = state.posShift[p1];
    const s2 = state.posShift[p2];
    if (g1 < 0 || g2 < 0 || g1 === g2 || s1 === s2 || state.posFixed[p1] || state.posFixed[p2]) return false;
    if (model.weight[g1] === 0 || model.weight[g2] === 0) return false;
    if (!model.qualified[g1 * model.roleCount + model.role[s2]] || !model.qualified[g2 * model.roleCount + model.role[s1]]) return false;
    state.evaluate(g1, s1, s2, g2, s2, s1);
    if (!this.accepts(mode, () => state.spreadDeltaSwap(g1, s1, s2) + state.spreadDeltaSwap(g2, s2, s1))) return false;
    if (!state.canTakeWithout(g1, s2, s1) || !state.canTakeWithout(g2, s1, s2)) return false;
    state.unassign(p1);
    state.unassign(p2);
    state.assign(p1, g2);
    state.assign(p2, g1);
    return true;
  }

  /**
   * Applies a compound change (positions to new GPs) when lawful: all moved positions are released
   * first, then taken one by one, each checked against what is there by then — so every pair of the
   * end state is checked. Undone when unlawful, or (unless `better`) when the spread does not improve.
   */
  private applyIfLawful(changes: readonly (readonly [number, number])[], better: boolean): boolean {
    const { state } = this;
    const before = changes.map(([p]) => state.posGp[p]);
    const spreadBefore = state.spread;
    for (const [p] of changes) if (state.posGp[p] >= 0) state.unassign(p);
    let applied = 0;
    for (const [p, g] of changes) {
      if (g >= 0) {
        if (!state.canTake(g, state.posShift[p])) break;
        state.assign(p, g);
      }
      applied++;
    }
    if (applied === changes.length && (better || state.spread < spreadBefore - EPS)) return true;
    for (let k = 0; k < applied; k++) if (changes[k][1] >= 0) state.unassign(changes[k][0]);
    changes.forEach(([p], k) => before[k] >= 0 && state.assign(p, before[k]));
    return false;
  }

  /** Evaluates a change of one or two positions (a GP of -1 leaves it open); keeps it among the best candidates when better. */
  private consider(p1: number, g1: number, p2: number, g2: number, mode: Mode): void {
    const { state } = this;
    state.beginMove();
    if (state.posGp[p1] >= 0) state.change(state.posGp[p1], state.posShift[p1], -1);
    if (g1 >= 0) state.change(g1, state.posShift[p1], 1);
    if (p2 >= 0) {
      if (state.posGp[p2] >= 0) state.change(state.posGp[p2], state.posShift[p2], -1);
      if (g2 >= 0) state.change(g2, state.posShift[p2], 1);
    }
    state.finishMove();
    if (state.verdict(mode) !== BETTER) return;
    const key = (state.moveAtMax <= 0 ? 0 : state.moveAtMax < state.atMax ? 1 : 2) * 1e9 + state.moveThird;
    const c = this.candidates;
    if (c.count === CANDIDATES && c.key[CANDIDATES - 1] <= key) return;
    let at = c.count < CANDIDATES ? c.count++ : CANDIDATES - 1;
    while (at > 0 && c.key[at - 1] > key) {
      c.key[at] = c.key[at - 1];
      c.moves.copyWithin(at * 4, (at - 1) * 4, at * 4);
      at--;
    }
    c.key[at] = key;
    c.moves.set([p1, g1, p2, g2], at * 4);
  }

  /** Applies the best lawful candidate gathered by consider(). */
  private applyBestCandidate(): boolean {
    const c = this.candidates;
    for (let k = 0; k < c.count; k++) {
      const [p1, g1, p2, g2] = c.moves.subarray(k * 4, k * 4 + 4);
      if (this.applyIfLawful(p2 >= 0 ? [[p1, g1], [p2, g2]] : [[p1, g1]], true)) return true;
    }
    return false;
  }

  private sample<T>(list: ArrayLike<T>, k: number): T[] {
    if (list.length <= k) return Array.from(list);
    const out: T[] = [];
    for (let i = 0; i < k; i++) out.push(list[this.rng.int(list.length)]);
    return out;
  }

  /**
   * Which positions stay open matters too: fill one directly when possible, else let a GP leave one
   * of their positions open to take the open one instead (as many open, a fairer roster).
   */
  private openMove(mode: Mode): boolean {
    const { state, model, rng } = this;
    const n = this.movable.length;
    const offset = rng.int(n);
    let q = -1;
    for (let k = 0; k < n && q < 0; k++) if (state.posGp[this.movable[(offset + k) % n]] < 0) q = this.movable[(offset + k) % n];
    if (q < 0) return false;
    const t = state.posShift[q];
    const direct = this.pickGp(t);
    if (direct >= 0) {
      state.assign(q, direct);
      return true;
    }
    this.candidates.count = 0;
    for (const g of this.sample([...this.roleGps[model.role[t]], ...this.roleZero[model.role[t]]], TARGET_SAMPLE)) {
      if (!staticallyEligible(model, g, t)) continue;
      for (const p of [...state.gpPositions[g]]) {
        const u = state.posShift[p];
        if (state.posFixed[p] || Math.abs(model.table.start[u] - model.table.start[t]) > this.reach) continue;
        // g leaves p for q: when that lets another open position nearby be filled, one fewer is open
        if (state.canTakeWithout(g, t, u)) {
          state.unassign(p);
          state.assign(q, g);
          if (this.fillNear(u)) return true;
          state.unassign(q);
          state.assign(p, g);
        }
        if (model.weight[g] > 0) this.consider(p, -1, q, g, mode);
      }
    }
    return this.applyBestCandidate();
  }

  /**
   * The entry (gp × category) to work on: the largest deviation that has not resisted a targeted
   * move lately (an entry that cannot improve, e.g. a GP absent on every holiday, would otherwise
   * absorb all the effort).
   */
  private pickEntry(): number {
    const { state, model } = this;
    let best = -1;
    let fallback = -1;
    for (let i = 0; i < state.value.length; i++) {
      if (!model.eligible[i] || state.value[i] <= EPS) continue;
      if (fallback < 0 || state.value[i] > state.value[fallback]) fallback = i;
      if (this.resisted[i] > this.targetedCalls) continue;
      if (best < 0 || state.value[i] > state.value[best]) best = i;
    }
    return best >= 0 ? best : fallback;
  }

  /**
   * Works on one entry with a large deviation. Too many hours: hand one of its shifts to another
   * GP, swap it for a lighter one, or hand it on while the receiver passes one of theirs to a third
   * GP (an ejection chain of two). Too few: the mirror image.
   */
  private targeted(mode: Mode): boolean {
    const { state, model, rng } = this;
    this.targetedCalls++;
    const entry = this.pickEntry();
    if (entry < 0) return false;
    const g = Math.floor(entry / CATEGORY_COUNT);
    const c = entry % CATEGORY_COUNT;
    const hoursIn = (p: number): number => model.hours[state.posShift[p] * CATEGORY_COUNT + c];
    const movableOf = (gp: number): number[] => state.gpPositions[gp].filter((p) => !state.posFixed[p]);
    const qualified = (gp: number, p: number): boolean => model.qualified[gp * model.roleCount + model.role[state.posShift[p]]] === 1;
    this.candidates.count = 0;

    if (state.hours[entry] > model.share[entry]) {
      const own = movableOf(g).filter((p) => hoursIn(p) > 0);
      if (own.length > 0) {
        const p = own[rng.int(own.length)];
        const s = state.posShift[p];
        for (const g2 of this.sample(this.roleGps[model.role[s]], TARGET_SAMPLE)) {
          if (g2 === g) continue;
          this.consider(p, g2, -1, -1, mode);
          for (const q of movableOf(g2)) {
            const t = state.posShift[q];
            if (t === s) continue;
            if (hoursIn(q) < hoursIn(p) && qualified(g, q)) this.consider(p, g2, q, g, mode);
            if (hoursIn(q) === 0) continue;
            for (const g3 of this.sample(this.roleGps[model.role[t]], CHAIN_SAMPLE)) if (g3 !== g2 && g3 !== g) this.consider(p, g2, q, g3, mode);
          }
        }
      }
    } else {
      const pool = this.categoryPositions[c];
      const own = movableOf(g);
      for (const q of this.sample(pool, TARGET_SAMPLE)) {
        const g2 = state.posGp[q];
        const t = state.posShift[q];
        if (g2 < 0 || g2 === g || model.weight[g2] === 0 || !qualified(g, q)) continue;
        this.consider(q, g, -1, -1, mode);
        for (const p of own) if (hoursIn(p) < hoursIn(q) && state.posShift[p] !== t && qualified(g2, p)) this.consider(q, g, p, g2, mode);
        for (const r of this.sample(pool, CHAIN_SAMPLE)) {
          const g3 = state.posGp[r];
          if (g3 >= 0 && g3 !== g2 && g3 !== g && state.posShift[r] !== t && qualified(g2, r)) this.consider(q, g, r, g2, mode);
        }
      }
    }
    if (this.applyBestCandidate()) return true;
    // leave this entry alone for a while
    this.resisted[entry] = this.targetedCalls + RESIST_CALLS;
    return false;
  }

  /**
   * Works on one wish of a random GP with preferences: for a want, take a position on a matching
   * shift (relocated, or swapped for one of the GP's own); for an avoid, hand on a matching position
   * the GP holds (to another GP, or swapped). Kept only when fairer in the 1.1 order.
   */
  private wishMove(mode: Mode): boolean {
    const { state, model, rng } = this;
    const g = rng.int(model.gpCount);
    const wishes = model.preferences[g];
    if (wishes.length === 0 || model.weight[g] === 0) return false;
    const w = rng.int(wishes.length / 3) * 3;
    const from = wishes[w];
    const to = wishes[w + 1];
    const qualified = (gp: number, p: number): boolean => model.qualified[gp * model.roleCount + model.role[state.posShift[p]]] === 1;
    const own = state.gpPositions[g].filter((p) => !state.posFixed[p]);
    this.candidates.count = 0;
    let i = lowerBoundBy(this.shiftsByStart, (x) => model.table.start[x] >= from - model.maxDurationMs);
    for (; i < this.shiftsByStart.length; i++) {
      const s = this.shiftsByStart[i];
      if (model.table.start[s] >= to) break;
      if (model.table.end[s] <= from) continue;
      for (let p = state.shiftFirstPos[s]; p < state.shiftFirstPos[s + 1]; p++) {
        const h = state.posGp[p];
        if (state.posFixed[p] || h < 0) continue;
        if (wishes[w + 2] < 0) {
          // a want: g takes p
          if (h === g || !qualified(g, p) || model.weight[h] === 0) continue;
          this.consider(p, g, -1, -1, mode);
          for (const q of this.sample(own, TARGET_SAMPLE)) if (state.posShift[q] !== s && qualified(h, q)) this.consider(p, g, q, h, mode);
        } else if (h === g) {
          // an avoid: g hands p on
          for (const g2 of this.sample(this.roleGps[model.role[s]], TARGET_SAMPLE)) {
            if (g2 === g) continue;
            this.consider(p, g2, -1, -1, mode);
            for (const q of this.sample(state.gpPositions[g2], CHAIN_SAMPLE)) {
              if (!state.posFixed[q] && state.posShift[q] !== s && qualified(g, q)) this.consider(p, g2, q, g, mode);
            }
          }
        }
      }
    }
    return this.applyBestCandidate();
  }

  /** The best improving lawful relocation of p among the candidates. */
  private bestRelocation(p: number, candidates: readonly number[], mode: Mode): boolean {
    const { state } = this;
    const from = state.posGp[p];
    const s = state.posShift[p];
    const better: { g: number; rank: number; squares: number }[] = [];
    for (const g of candidates) {
      if (g === from) continue;
      state.evaluate(from, s, -1, g, -1, s);
      if (state.verdict(mode) !== BETTER) continue;
      const rank = state.moveAtMax <= 0 ? 0 : state.moveAtMax < state.atMax ? 1 : 2;
      better.push({ g, rank, squares: state.moveThird });
    }
    better.sort((a, b) => a.rank - b.rank || a.squares - b.squares || a.g - b.g);
    for (const { g } of better) {
      if (state.canTake(g, s)) {
        state.moveTo(p, g);
        return true;
      }
    }
    return false;
  }
}

/**
 * The preference phase: the same local search with P in the comparison, from the fair roster.
 * Every accepted change is fairer in the 1.1 order, so no worse in unfilled and largest deviation;
 * the final repairs (open positions, weight-0 GPs) are checked again and undone if they were.
 */
function improvePreferences(search: Search, clock: Clock, deadline: number, maxIterations: number): void {
  const { state } = search;
  const fair = Int32Array.from(state.posGp);
  const fairScore = { unfilled: state.unfilled, max: state.maxValue };
  state.usePreferences = true;
  clock.deadline = deadline;
  clock.maxIterations = search.iterations + maxIterations;
  search.stoppedBy = 'converged';
  search.improve();
  search.fillOpen();
  search.releaseWeightZero();
  state.rescanMax();
  if (state.unfilled > fairScore.unfilled || state.maxValue > fairScore.max + EPS) {
    search.restore(fair);
    state.rescanMax();
  }
}

/** The first index whose item satisfies `atOrAfter` (a predicate false then true along the list). */
function lowerBoundBy(list: ArrayLike<number>, atOrAfter: (item: number) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (atOrAfter(list[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Distributes the open positions of an instance: greedy construction by scarcity, repair of open
 * positions, then local search (move a position to another GP, swap two GPs' positions) under the
 * spec's order: fewest unfilled, smallest largest maxDeviationShifts_c, smallest Σ squares, then
 * GPs' shifts spread out. Deterministic for a seed as long as the search converges within the
 * budget (always on small instances; `maxIterations` makes any run machine-independent). The budget
 * or an aborted signal ends the search with the best roster so far.
 */
export function solve(instance: Instance, options: SolveOptions = {}): RosterResult {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const budget = options.timeBudgetMs ?? DEFAULT_BUDGET_MS;
  const seed = options.seed ?? 1;
  const model = buildModel(instance);
  const state = new RosterState(model);
  const maxIterations = options.maxIterations ?? Infinity;
  // with preferences: first the version-1 search on a share of the budget, then a phase that
  // judges P at the third level and cannot give back an open position or a larger deviation
  const fairBudget = model.hasPreferences ? budget * (1 - PREFERENCE_SHARE) : budget;
  const clock = {
    now,
    started,
    budget,
    deadline: started + fairBudget,
    signal: options.signal,
    onProgress: options.onProgress,
    maxIterations,
  };
  const search = new Search(state, new Prng(seed), clock);
  search.construct();
  search.fillOpen();
  search.improve();
  search.fillOpen();
  search.releaseWeightZero();
  state.rescanMax();
  if (model.hasPreferences && !options.signal?.aborted) improvePreferences(search, clock, started + budget, maxIterations);
  const result = buildResult(state, {
    seconds: (now() - started) / 1000,
    seed,
    iterations: search.iterations,
    stoppedBy: search.stoppedBy,
    engine: 'local-search',
  });
  options.onProgress?.({ percent: 100, score: result.report.score });
  return result;
}
