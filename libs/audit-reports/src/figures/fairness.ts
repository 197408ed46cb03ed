import { ANW_CATEGORIES, type AnwCategory } from '@anw/time';

/** Differences of 10⁻⁶ or less count as equal (the roster instance format's tolerance). */
const EPS = 1e-6;

export type PerCategory<T> = Record<AnwCategory, T>;

export function perCategory<T>(value: (c: AnwCategory) => T): PerCategory<T> {
  return { avond: value('avond'), nacht: value('nacht'), weekend: value('weekend'), feestdag: value('feestdag') };
}

/**
 * The Gini coefficient of non-negative values: 0 when all are equal, towards 1 when one carries
 * everything. Mean absolute difference over twice the mean, computed on the sorted values in
 * O(n log n). No values, or all zero: 0.
 */
export function gini(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted[0] < 0) throw new RangeError('gini: negatieve waarde');
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    sum += sorted[i];
    weighted += (i + 1) * sorted[i];
  }
  if (sum <= 0) return 0;
  return Math.max(0, (2 * weighted) / (n * sum) - (n + 1) / n);
}

/** What the fairness figures need of one GP. */
export interface GpFairnessInput {
  gpId: string;
  name: string;
  /** the GP's share of the distribution by the HDS policy; 0 = not measured */
  weight: number;
  hours: PerCategory<number>;
  /** hours − fair share per category; null where the GP is not measured (weight 0, no nights) */
  deviationHours: PerCategory<number | null>;
  /** the same in diensten: hours ÷ the category's average length L_c */
  deviationDiensten: PerCategory<number | null>;
}

export interface LargestDeviation {
  gpId: string;
  name: string;
  diensten: number;
  hours: number;
}

export interface Outlier {
  gpId: string;
  name: string;
  /** the categories outside ±tolerance, worst first */
  categories: { category: AnwCategory; diensten: number; hours: number }[];
  /** the largest |deviation| in diensten */
  worst: number;
}

export interface FairnessFigures {
  /** GPs with weight > 0 */
  measured: number;
  tolerance: number;
  /** per category the GP furthest from their share (null when nobody is measured there) */
  largestDeviation: PerCategory<LargestDeviation | null>;
  /** share (0–1) of measured GPs within ±tolerance diensten in every category, and per category */
  withinTolerance: { share: number; count: number; perCategory: PerCategory<number> };
  /** Gini of weighted hours (hours ÷ weight): over all four categories, and per category */
  gini: { total: number; perCategory: PerCategory<number> };
  /** the GPs outside ±tolerance in some category, furthest first */
  outliers: Outlier[];
  outliersTotal: number;
}

const round = (x: number, digits = 4): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/**
 * The fairness figures of one HDS: largest deviation per category, the share of GPs within
 * ±`tolerance` diensten of their fair share, the Gini coefficient of weighted hours, and the
 * outliers named. GPs with weight 0 are not measured, as in the engine's definition.
 */
export function fairnessFigures(gps: readonly GpFairnessInput[], options: { tolerance?: number; maxOutliers?: number } = {}): FairnessFigures {
  const tolerance = options.tolerance ?? 1;
  const maxOutliers = options.maxOutliers ?? 50;
  const measured = gps.filter((g) => g.weight > 0);

  const largestDeviation = perCategory<LargestDeviation | null>((c) => {
    let best: LargestDeviation | null = null;
    for (const g of measured) {
      const d = g.deviationDiensten[c];
      const h = g.deviationHours[c];
      if (d === null || h === null) continue;
      if (!best || Math.abs(d) > Math.abs(best.diensten) + EPS) best = { gpId: g.gpId, name: g.name, diensten: round(d), hours: round(h) };
    }
    return best;
  });

  const inside = (d: number | null): boolean => d === null || Math.abs(d) <= tolerance + EPS;
  const count = measured.filter((g) => ANW_CATEGORIES.every((c) => inside(g.deviationDiensten[c]))).length;
  const withinPerCategory = perCategory((c) => {
    const counted = measured.filter((g) => g.deviationDiensten[c] !== null);
    return counted.length === 0 ? 1 : round(counted.filter((g) => inside(g.deviationDiensten[c])).length / counted.length);
  });

  const total = gini(measured.map((g) => ANW_CATEGORIES.reduce((s, c) => s + g.hours[c], 0) / g.weight));
  const giniPerCategory = perCategory((c) => round(gini(measured.filter((g) => g.deviationDiensten[c] !== null).map((g) => g.hours[c] / g.weight))));

  const outliers: Outlier[] = [];
  for (const g of measured) {
    const categories = ANW_CATEGORIES.flatMap((c) => {
      const d = g.deviationDiensten[c];
      const h = g.deviationHours[c];
      return d !== null && h !== null && !inside(d) ? [{ category: c, diensten: round(d), hours: round(h) }] : [];
    }).sort((a, b) => Math.abs(b.diensten) - Math.abs(a.diensten));
    if (categories.length > 0) outliers.push({ gpId: g.gpId, name: g.name, categories, worst: Math.abs(categories[0].diensten) });
  }
  outliers.sort((a, b) => b.worst - a.worst || a.name.localeCompare(b.name));

  return {
    measured: measured.length,
    tolerance,
    largestDeviation,
    withinTolerance: { share: measured.length === 0 ? 1 : round(count / measured.length), count, perCategory: withinPerCategory },
    gini: { total: round(total), perCategory: giniPerCategory },
    outliers: outliers.slice(0, maxOutliers),
    outliersTotal: outliers.length,
  };
}
