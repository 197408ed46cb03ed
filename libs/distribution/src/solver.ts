import type { Instance } from './instance.js';
import { CATEGORY_COUNT, type Model, buildModel, staticallyEligible } from './model.js';
import { Prng } from './prng.js';
import { buildResult } from './report.js';
import type { RosterResult, SolveOptions, StopReason } from './result.js';
import { BETTER, EQUAL, EPS, type Mode, RosterState, WORSE } from './roster-state.js';

const DEFAULT_BUDGET_MS = 5000;
const CHECK_EVERY = 128;
const PROGRESS_EVERY_MS = 250;
const DAY_MS = 86_400_000;
/** share of the remaining time the max-focused phase may use before polishing Σ squares */
const FOCUS_SHARE = 0.6;

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
    return cost;
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

  private pickZeroWeight(s: number): number {
    for (const g of this.roleZero[this.model.role[s]]) if (this.state.canTake(g, s)) return g;
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
    const reach = model.maxDurationMs + model.limits.maxRestMs + (model.limits.maxConsecutive + 1) * DAY_MS;
    for (const g of this.roleGps[model.role[s]]) {
      if (!staticallyEligible(model, g, s)) continue;
      for (const q of [...state.gpPositions[g]]) {
        const t = state.posShift[q];
        if (state.posFixed[q] || Math.abs(model.table.start[t] - model.table.start[s]) > reach) continue;
        if (!state.canTakeWithout(g, s, t)) continue;
        state.unassign(q);
        const other = this.pickGp(t, g);
        if (other >= 0 && state.conflict(g, s) === null) {
          state.assign(q, other);
          state.assign(p, g);
          return true;
        }
        state.assign(q, g);
      }
    }
    const zero = this.pickZeroWeight(s);
    if (zero >= 0) {
      state.assign(p, zero);
      return true;
    }
    return false;
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

  score() {
    return { unfilled: this.state.unfilled, maxDeviationShifts: this.state.maxValue, sumOfSquares: this.state.sumSquares };
  }

  /** Local search in two phases (max-focused, then the spec's order); each ends when it stalls. */
  improve(): void {
    const { clock } = this;
    const stallLimit = Math.max(20_000, 40 * this.movable.length);
    if (this.movable.length === 0) return;
    for (const mode of ['focus', 'polish'] as const) {
      const start = clock.now();
      const phaseEnd = mode === 'focus' ? start + (clock.deadline - start) * FOCUS_SHARE : clock.deadline;
      let stall = 0;
      while (stall < stallLimit) {
        if (this.iterations % CHECK_EVERY === 0) {
          if (this.timeUp()) return;
          if (clock.now() >= phaseEnd) break;
        }
        if (this.iterations >= clock.maxIterations) {
          this.stoppedBy = 'iterations';
          return;
        }
        this.iterations++;
        stall = this.step(mode) ? 0 : stall + 1;
      }
      // relocations free room: open positions may now fit
      if (this.state.unfilled > 0) this.fillOpen();
    }
  }

  private step(mode: Mode): boolean {
    const r = this.rng.next();
    if (r < 0.15) return this.targeted(mode);
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

  /** Works on one entry at the largest deviation: hands one of its shifts on, or takes one. */
  private targeted(mode: Mode): boolean {
    const { state, model, rng } = this;
    if (state.maxValue <= EPS) return false;
    const n = state.value.length;
    const offset = rng.int(n);
    let entry = -1;
    for (let k = 0; k < n; k++) {
      const i = (offset + k) % n;
      if (state.value[i] >= state.maxValue - EPS && model.eligible[i]) {
        entry = i;
        break;
      }
    }
    if (entry < 0) return false;
    const g = Math.floor(entry / CATEGORY_COUNT);
    const c = entry % CATEGORY_COUNT;
    const over = state.hours[entry] > model.share[entry];
    const samples = 48;
    if (over) {
      const own = state.gpPositions[g].filter((p) => !state.posFixed[p] && model.hours[state.posShift[p] * CATEGORY_COUNT + c] > 0);
      if (own.length === 0) return false;
      const p = own[rng.int(own.length)];
      if (this.bestRelocation(p, this.roleGps[model.role[state.posShift[p]]], mode)) return true;
      const hp = model.hours[state.posShift[p] * CATEGORY_COUNT + c];
      for (let k = 0; k < samples; k++) {
        const q = this.movable[rng.int(this.movable.length)];
        if (model.hours[state.posShift[q] * CATEGORY_COUNT + c] < hp && this.swap(p, q, mode)) return true;
      }
      return false;
    }
    const pool = this.categoryPositions[c];
    if (pool.length === 0) return false;
    const own = state.gpPositions[g].filter((p) => !state.posFixed[p]);
    for (let k = 0; k < samples; k++) {
      const q = pool[rng.int(pool.length)];
      if (state.posGp[q] < 0 || state.posGp[q] === g) continue;
      if (model.qualified[g * model.roleCount + model.role[state.posShift[q]]] && this.relocate(q, g, mode)) return true;
      if (own.length > 0) {
        const p = own[rng.int(own.length)];
        const hq = model.hours[state.posShift[q] * CATEGORY_COUNT + c];
        if (model.hours[state.posShift[p] * CATEGORY_COUNT + c] < hq && this.swap(p, q, mode)) return true;
      }
    }
    return false;
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
      better.push({ g, rank, squares: state.moveSquares });
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
  const state = new RosterState(buildModel(instance));
  const search = new Search(state, new Prng(seed), {
    now,
    started,
    budget,
    deadline: started + budget,
    signal: options.signal,
    onProgress: options.onProgress,
    maxIterations: options.maxIterations ?? Infinity,
  });
  search.construct();
  search.fillOpen();
  search.improve();
  search.fillOpen();
  search.releaseWeightZero();
  state.rescanMax();
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

/**
 * The comparison baseline: positions in time order, each to the next lawful GP in a round robin
 * over the GPs with weight > 0 (weight-0 GPs only when none can), no search.
 */
export function greedyBaseline(instance: Instance, options: Pick<SolveOptions, 'now'> = {}): RosterResult {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const model = buildModel(instance);
  const state = new RosterState(model);
  const weighted: number[] = [];
  const zero: number[] = [];
  for (let g = 0; g < model.gpCount; g++) (model.weight[g] > 0 ? weighted : zero).push(g);
  const order = Array.from({ length: model.shiftCount }, (_, s) => s).sort((a, b) => model.table.start[a] - model.table.start[b] || a - b);
  let next = 0;
  for (const s of order) {
    for (let p = state.shiftFirstPos[s]; p < state.shiftFirstPos[s + 1]; p++) {
      if (state.posGp[p] >= 0) continue;
      let chosen = -1;
      for (let k = 0; k < weighted.length && chosen < 0; k++) {
        const g = weighted[(next + k) % weighted.length];
        if (state.canTake(g, s)) {
          chosen = g;
          next = (next + k + 1) % weighted.length;
        }
      }
      if (chosen < 0) chosen = zero.find((g) => state.canTake(g, s)) ?? -1;
      if (chosen >= 0) state.assign(p, chosen);
    }
  }
  state.rescanMax();
  return buildResult(state, { seconds: (now() - started) / 1000, seed: 0, iterations: 0, stoppedBy: 'converged', engine: 'greedy-baseline' });
}
