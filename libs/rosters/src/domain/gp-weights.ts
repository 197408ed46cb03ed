/** How an HDS turns quota inputs into each GP's share of the distribution (the engine's weight). */
export type WeightPolicy = 'practice_size' | 'fte' | 'per_head' | 'fixed_minimum';

export interface WeightInput {
  id: string;
  kind: 'practiceHolder' | 'employed' | 'locum';
  employerGpId: string | null;
  practicePatients: number | null;
  fte: number | null;
  fixedMinimumHours: number | null;
  carveOutPercent: number | null;
  /** fraction of the period the GP is affiliated (joining or leaving: pro rata), 0–1 */
  presence: number;
}

/**
 * Weights per GP. By practice size a holder weighs their practice's patients (per 1,000); an
 * employed GP takes `carveOutPercent` of their holder's weight, which the holder loses. A locum
 * without patients weighs as one FTE of an average holder under practice size, or by FTE. Per head
 * everyone weighs 1; fixed minimums weigh the agreed hours. All pro rata for presence.
 */
export function gpWeights(gps: readonly WeightInput[], policy: WeightPolicy): Map<string, number> {
  const base = new Map<string, number>();
  const holders = gps.filter((g) => g.kind === 'practiceHolder' && (g.practicePatients ?? 0) > 0);
  const averageHolder = holders.length > 0 ? holders.reduce((s, g) => s + (g.practicePatients ?? 0), 0) / holders.length / 1000 : 1;
  for (const g of gps) {
    let w: number;
    switch (policy) {
      case 'practice_size':
        w = g.kind === 'practiceHolder' ? (g.practicePatients ?? 0) / 1000 : g.kind === 'locum' ? averageHolder * (g.fte ?? 1) : 0;
        break;
      case 'fte':
        w = g.fte ?? 1;
        break;
      case 'per_head':
        w = 1;
        break;
      case 'fixed_minimum':
        w = g.fixedMinimumHours ?? 0;
        break;
    }
    base.set(g.id, w);
  }
  // An employed GP's share is carved out of the holder's.
  if (policy === 'practice_size') {
    for (const g of gps) {
      if (g.kind !== 'employed' || !g.employerGpId) continue;
      const holderWeight = base.get(g.employerGpId) ?? 0;
      const carved = (holderWeight * Math.min(100, Math.max(0, g.carveOutPercent ?? 0))) / 100;
      base.set(g.id, carved);
      base.set(g.employerGpId, holderWeight - carved);
    }
  }
  for (const g of gps) base.set(g.id, Math.max(0, (base.get(g.id) ?? 0) * g.presence));
  return base;
}
