import type { Instance } from './instance.js';
import { buildModel } from './model.js';
import { buildResult } from './report.js';
import type { RosterResult, SolveOptions } from './result.js';
import { RosterState } from './roster-state.js';

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
