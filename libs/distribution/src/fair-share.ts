/**
 * Water-filling: share(g) = max(0, λ × weight(g) − balance(g)) for the eligible GPs (weight > 0),
 * with λ such that the shares add up to `demand`. Without balances this is demand × w / Σw; a GP
 * who is ahead (positive balance) owes less, never less than zero. Ineligible GPs get 0.
 */
export function waterFill(demand: number, weights: ArrayLike<number>, balances: ArrayLike<number>, eligible: ArrayLike<boolean | number>): number[] {
  const n = weights.length;
  const shares = new Array<number>(n).fill(0);
  const active: number[] = [];
  for (let g = 0; g < n; g++) if (eligible[g] && weights[g] > 0) active.push(g);
  if (demand <= 0 || active.length === 0) return shares;
  // GP g starts receiving once λ passes balance/weight; add GPs in that order until λ settles
  const threshold = (g: number): number => balances[g] / weights[g];
  active.sort((a, b) => threshold(a) - threshold(b) || a - b);
  let sumWeight = 0;
  let sumBalance = 0;
  let lambda = 0;
  for (let k = 0; k < active.length; k++) {
    sumWeight += weights[active[k]];
    sumBalance += balances[active[k]];
    lambda = (demand + sumBalance) / sumWeight;
    if (k + 1 === active.length || lambda <= threshold(active[k + 1])) break;
  }
  for (const g of active) shares[g] = Math.max(0, lambda * weights[g] - balances[g]);
  return shares;
}
