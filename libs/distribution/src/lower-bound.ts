import { ANW_CATEGORIES, type AnwCategory } from '@anw/time';
import type { Instance } from './instance.js';
import { CATEGORY_COUNT, type Model, buildModel } from './model.js';

const SECONDS_PER_HOUR = 3600;
const MAX_DP_CELLS = 2_000_000;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * A proven lower bound, per category, on maxDeviationShifts_c of any roster for the instance
 * (so also of any roster with the fewest unfilled positions).
 *
 * Argument, per GP g in E_c: g's hours in c are the hours of its fixed shifts plus the hours of
 * other shifts it takes, each at most once, and only shifts it may take by rules 1–3 (qualified,
 * available, not a night when noNights). So they lie in
 *   base + { Σ n_v·v : n_v ≥ 0 whole, v a c-length of such a shift } ∩ [base, base + Σ their c-hours].
 * That set holds every achievable total (it is larger: it ignores rules 4–7 and that each shift
 * counts once), so the distance from share(g,c) to the nearest member is at most |dev(g,c)| in
 * every roster. maxDeviationShifts_c ≥ max over g of that distance ÷ L_c. The set is computed
 * exactly by an unbounded-knapsack reachability table in units of the gcd of the lengths (whole
 * seconds); should the table grow too large only the interval part is used, which is weaker but
 * still valid.
 */
export function lowerBound(instance: Instance): Record<AnwCategory, number> {
  const perGp = gpLowerBounds(buildModel(instance));
  const worst = [0, 0, 0, 0];
  for (let i = 0; i < perGp.length; i++) worst[i % CATEGORY_COUNT] = Math.max(worst[i % CATEGORY_COUNT], perGp[i]);
  return { avond: worst[0], nacht: worst[1], weekend: worst[2], feestdag: worst[3] };
}

/** Per gp × category: the proven least |dev(g,c)| ÷ L_c (see lowerBound); 0 outside E_c. */
export function gpLowerBounds(model: Model): Float64Array {
  const bounds = new Float64Array(model.gpCount * CATEGORY_COUNT);
  const seconds = Int32Array.from(model.hours, (h) => Math.round(h * SECONDS_PER_HOUR));
  const { start, end, night } = model.table;
  // per role, once for everyone and once without night shifts (noNights): Σ c-seconds and the lengths
  const open = (s: number): boolean => model.fixed[s].length < model.required[s];
  const byRole: number[][] = Array.from({ length: model.roleCount }, () => []);
  for (let s = 0; s < model.shiftCount; s++) if (open(s)) byRole[model.role[s]].push(s);
  byRole.forEach((list) => list.sort((a, b) => start[a] - start[b]));
  const roleCap = byRole.map(() => [new Float64Array(CATEGORY_COUNT), new Float64Array(CATEGORY_COUNT)]);
  const roleLengths = byRole.map(() => [ANW_CATEGORIES.map(() => new Map<number, number>()), ANW_CATEGORIES.map(() => new Map<number, number>())]);
  byRole.forEach((list, r) => {
    for (const s of list) {
      for (let c = 0; c < CATEGORY_COUNT; c++) {
        const v = seconds[s * CATEGORY_COUNT + c];
        if (v === 0) continue;
        for (const noNights of [0, 1]) {
          if (noNights && night[s]) continue;
          roleCap[r][noNights][c] += v;
          const counts = roleLengths[r][noNights][c];
          counts.set(v, (counts.get(v) ?? 0) + 1);
        }
      }
    }
  });
  const fixedOf: number[][] = Array.from({ length: model.gpCount }, () => []);
  model.fixed.forEach((gps, s) => gps.forEach((g) => fixedOf[g].push(s)));

  const base = new Float64Array(CATEGORY_COUNT);
  const cap = new Float64Array(CATEGORY_COUNT);
  // per category: length → how many shifts of that length the GP may take
  const lengths = ANW_CATEGORIES.map(() => new Map<number, number>());
  const removed = new Int32Array(model.shiftCount).fill(-1);
  for (let g = 0; g < model.gpCount; g++) {
    let measured = false;
    for (let c = 0; c < CATEGORY_COUNT; c++) measured ||= model.eligible[g * CATEGORY_COUNT + c] === 1 && model.avgLength[c] > 0;
    if (!measured) continue;
    const noNights = model.noNights[g];
    base.fill(0);
    cap.fill(0);
    lengths.forEach((set) => set.clear());
    // a shift the GP may not take (absent) or already holds (fixed: in base) leaves the cap
    const drop = (s: number): void => {
      if (removed[s] === g || !open(s) || (noNights && night[s])) return;
      removed[s] = g;
      for (let c = 0; c < CATEGORY_COUNT; c++) {
        const v = seconds[s * CATEGORY_COUNT + c];
        if (v === 0) continue;
        cap[c] -= v;
        lengths[c].set(v, (lengths[c].get(v) ?? 0) - 1);
      }
    };
    for (let r = 0; r < model.roleCount; r++) {
      if (!model.qualified[g * model.roleCount + r]) continue;
      for (let c = 0; c < CATEGORY_COUNT; c++) {
        cap[c] += roleCap[r][noNights][c];
        for (const [v, n] of roleLengths[r][noNights][c]) lengths[c].set(v, (lengths[c].get(v) ?? 0) + n);
      }
      const list = byRole[r];
      const u = model.unavailable[g];
      for (let k = 0; k < u.length; k += 2) {
        // shifts of this role starting before the absence ends, back to the longest shift before it starts
        let i = upperBound(list, start, u[k + 1]) - 1;
        for (; i >= 0 && start[list[i]] >= u[k] - model.maxDurationMs; i--) if (end[list[i]] > u[k]) drop(list[i]);
      }
    }
    for (const s of fixedOf[g]) {
      if (model.qualified[g * model.roleCount + model.role[s]]) drop(s);
      for (let c = 0; c < CATEGORY_COUNT; c++) base[c] += seconds[s * CATEGORY_COUNT + c];
    }
    for (let c = 0; c < CATEGORY_COUNT; c++) {
      const i = g * CATEGORY_COUNT + c;
      if (!model.eligible[i] || model.avgLength[c] <= 0) continue;
      const available = [...lengths[c]].filter(([, n]) => n > 0).map(([v]) => v);
      const distance = nearestReachable(model.share[i] * SECONDS_PER_HOUR - base[c], available, Math.max(0, cap[c])) / SECONDS_PER_HOUR;
      bounds[i] = distance / model.avgLength[c];
    }
  }
  return bounds;
}

/** Index of the first shift in `list` (sorted by start) that starts at or after `t`. */
function upperBound(list: readonly number[], start: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (start[list[mid]] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** min |x − target| over x in {Σ n_v·v : n_v ≥ 0} ∩ [0, cap] (whole seconds). */
function nearestReachable(target: number, lengths: number[], cap: number): number {
  if (lengths.length === 0 || cap === 0 || target <= 0) return Math.abs(target);
  const unit = lengths.reduce(gcd);
  const longest = Math.max(...lengths) / unit;
  // beyond target + longest a sum can drop one term and come closer, so the table may stop there
  const limit = Math.min(cap / unit, Math.ceil(target / unit) + longest);
  if (limit > MAX_DP_CELLS) return target > cap ? target - cap : 0;
  const steps = lengths.map((v) => v / unit);
  const reachable = new Uint8Array(limit + 1);
  reachable[0] = 1;
  let best = Math.abs(target);
  for (let x = 1; x <= limit; x++) {
    for (const v of steps) {
      if (v <= x && reachable[x - v]) {
        reachable[x] = 1;
        best = Math.min(best, Math.abs(x * unit - target));
        break;
      }
    }
  }
  return best;
}
