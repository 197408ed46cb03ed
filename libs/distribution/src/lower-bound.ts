import { ANW_CATEGORIES, type AnwCategory } from '@anw/time';
import { CATEGORY_COUNT, type Model, staticallyEligible } from './model.js';

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
export function lowerBound(model: Model): Record<AnwCategory, number> {
  const bound = { avond: 0, nacht: 0, weekend: 0, feestdag: 0 };
  const fixedOf: number[][] = Array.from({ length: model.gpCount }, () => []);
  model.fixed.forEach((gps, s) => gps.forEach((g) => fixedOf[g].push(s)));

  ANW_CATEGORIES.forEach((category, c) => {
    const length = model.avgLength[c];
    if (length <= 0) return;
    const withHours: number[] = [];
    for (let s = 0; s < model.shiftCount; s++) {
      if (model.hours[s * CATEGORY_COUNT + c] > 0 && model.fixed[s].length < model.required[s]) withHours.push(s);
    }
    let worst = 0;
    for (let g = 0; g < model.gpCount; g++) {
      if (!model.eligible[g * CATEGORY_COUNT + c]) continue;
      const share = model.share[g * CATEGORY_COUNT + c];
      let base = 0;
      for (const s of fixedOf[g]) base += Math.round(model.hours[s * CATEGORY_COUNT + c] * SECONDS_PER_HOUR);
      let cap = 0;
      const lengths = new Set<number>();
      for (const s of withHours) {
        if (model.fixed[s].includes(g) || !staticallyEligible(model, g, s)) continue;
        const v = Math.round(model.hours[s * CATEGORY_COUNT + c] * SECONDS_PER_HOUR);
        cap += v;
        lengths.add(v);
      }
      const distance = nearestReachable(share * SECONDS_PER_HOUR - base, [...lengths], cap) / SECONDS_PER_HOUR;
      worst = Math.max(worst, distance);
    }
    bound[category] = worst / length;
  });
  return bound;
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
