import { waterFill } from '@anw/distribution';
import { ANW_CATEGORIES } from '@anw/time';
import { type PerCategory, perCategory } from './fairness.js';

/** Demand of a set of diensten: hours per category (Σ required × hours in c) and positions with hours in c. */
export interface CategoryDemand {
  hours: PerCategory<number>;
  positions: PerCategory<number>;
}

export const zeroes = (): PerCategory<number> => perCategory(() => 0);

/** The average length L_c of a position with hours in c (0 when the category has none). */
export function averageLength(demand: CategoryDemand): PerCategory<number> {
  return perCategory((c) => (demand.positions[c] > 0 ? demand.hours[c] / demand.positions[c] : 0));
}

export interface ShareGp {
  weight: number;
  noNights: boolean;
  /** carry-over: hours ahead (+) or behind (−) per category */
  balance: PerCategory<number>;
}

export interface Shares {
  /** weight > 0, and for nacht no no-nights exemption */
  eligible: PerCategory<boolean[]>;
  /** the fair share by water-filling with the balances */
  share: PerCategory<number[]>;
  /** the share without carry-over: H_c × weight ÷ Σ weight over the eligible GPs */
  quota: PerCategory<number[]>;
}

/** Fair shares and quotas per category, by the engine's water-filling (`@anw/distribution`). */
export function fairShares(demandHours: PerCategory<number>, gps: readonly ShareGp[]): Shares {
  const weights = gps.map((g) => g.weight);
  const none = gps.map(() => 0);
  const eligible = perCategory((c) => gps.map((g) => g.weight > 0 && !(c === 'nacht' && g.noNights)));
  return {
    eligible,
    share: perCategory((c) => waterFill(demandHours[c], weights, gps.map((g) => g.balance[c]), eligible[c])),
    quota: perCategory((c) => waterFill(demandHours[c], weights, none, eligible[c])),
  };
}

/** hours − share where the GP is measured, else null. */
export function deviation(hours: number, share: number, eligible: boolean): number | null {
  return eligible ? hours - share : null;
}

/** One closed (or published) period as the ledger needs it. */
export interface LedgerPeriod {
  id: string;
  demand: CategoryDemand;
  /** per GP affiliated in the period: weight by the HDS policy and no-nights exemption */
  gps: ReadonlyMap<string, { weight: number; noNights: boolean }>;
  /** hours per category actually assigned per GP (active assignments on live diensten) */
  hours: ReadonlyMap<string, PerCategory<number>>;
}

export interface LedgerStep {
  periodId: string;
  averageLength: PerCategory<number>;
  /** per GP: hours − share per category (null where not measured) */
  deviation: Map<string, PerCategory<number | null>>;
}

/**
 * Carry-over balances recomputed from what was actually rostered: period after period, each
 * GP's share is water-filled with the balance so far, and the balance after the period is the
 * deviation (hours − share; 0 where not measured) — the same rule the distribution service uses
 * when it applies a run, but on the roster as it stands after amendments and trades.
 */
export function runLedger(periods: readonly LedgerPeriod[]): { balances: Map<string, PerCategory<number>>; steps: LedgerStep[] } {
  let balances = new Map<string, PerCategory<number>>();
  const steps: LedgerStep[] = [];
  for (const period of periods) {
    const ids = [...period.gps.keys()];
    const gps = ids.map((id) => ({ ...period.gps.get(id)!, balance: balances.get(id) ?? zeroes() }));
    const shares = fairShares(period.demand.hours, gps);
    const stepDeviation = new Map<string, PerCategory<number | null>>();
    const next = new Map<string, PerCategory<number>>();
    ids.forEach((id, g) => {
      const hours = period.hours.get(id) ?? zeroes();
      const dev = perCategory((c) => deviation(hours[c], shares.share[c][g], shares.eligible[c][g]));
      stepDeviation.set(id, dev);
      next.set(id, perCategory((c) => dev[c] ?? 0));
    });
    balances = next;
    steps.push({ periodId: period.id, averageLength: averageLength(period.demand), deviation: stepDeviation });
  }
  return { balances, steps };
}

/** Sums a per-category record. */
export function total(values: PerCategory<number>): number {
  return ANW_CATEGORIES.reduce((s, c) => s + values[c], 0);
}
