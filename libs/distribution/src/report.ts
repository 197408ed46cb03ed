import { ANW_CATEGORIES, type AnwCategory } from '@anw/time';
import { type Assignment, INSTANCE_FORMAT_1_1, type Instance, type InstanceGp, RESULT_FORMAT, RESULT_FORMAT_1_1 } from './instance.js';
import { gpLowerBounds } from './lower-bound.js';
import { CATEGORY_COUNT, type Model, buildModel, isAvailable } from './model.js';
import type { GpReport, PreferenceCounts, RosterResult, Score, StopReason, UnfilledPosition } from './result.js';
import { RosterState } from './roster-state.js';

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
// a bound must never be rounded up past what was proven
const roundDown = (x: number): number => Math.floor(x * 1e6) / 1e6;

function perCategory(values: (c: number) => number): Record<AnwCategory, number> {
  return { avond: values(0), nacht: values(1), weekend: values(2), feestdag: values(3) };
}

/** maxDeviationShifts_c per category and the score, straight from the definitions. */
export function measure(model: Model, hours: Float64Array, unfilled: number): { perCategory: Record<AnwCategory, number>; score: Score } {
  const max = new Float64Array(CATEGORY_COUNT);
  let sumOfSquares = 0;
  for (let c = 0; c < CATEGORY_COUNT; c++) {
    const length = model.avgLength[c];
    if (length <= 0) continue;
    for (let g = 0; g < model.gpCount; g++) {
      const i = g * CATEGORY_COUNT + c;
      if (!model.eligible[i]) continue;
      const dev = (hours[i] - model.share[i]) / length;
      sumOfSquares += dev * dev;
      max[c] = Math.max(max[c], Math.abs(dev));
    }
  }
  return {
    perCategory: perCategory((c) => max[c]),
    score: { unfilled, maxDeviationShifts: Math.max(...max), sumOfSquares },
  };
}

const overlaps = (a: { startMs: number; endMs: number }, b: { startMs: number; endMs: number }): boolean => a.startMs < b.endMs && b.startMs < a.endMs;

/** The preference score P of a roster (version 1.1): + weight per avoid an assignment matches, − weight per want. */
export function preferenceScore(instance: Instance, assignments: readonly Assignment[]): number {
  const shifts = new Map(instance.shifts.map((s) => [s.id, s]));
  const gps = new Map(instance.gps.map((g) => [g.id, g]));
  let score = 0;
  for (const a of assignments) {
    const shift = shifts.get(a.shift);
    for (const p of gps.get(a.gp)?.preferences ?? []) if (shift && overlaps(shift, p)) score += p.kind === 'avoid' ? p.weight : -p.weight;
  }
  return score;
}

/** Per preference, unweighted: wants granted and avoids hit by a GP's shifts. */
export function preferenceCounts(gp: InstanceGp, shifts: readonly { startMs: number; endMs: number }[]): PreferenceCounts {
  const counts = { wantsGranted: 0, wantsTotal: 0, avoidsHit: 0, avoidsTotal: 0 };
  for (const p of gp.preferences ?? []) {
    const matched = shifts.some((s) => overlaps(s, p));
    if (p.kind === 'want') {
      counts.wantsTotal++;
      if (matched) counts.wantsGranted++;
    } else {
      counts.avoidsTotal++;
      if (matched) counts.avoidsHit++;
    }
  }
  return counts;
}

/**
 * Scores a roster given as assignments (fixed ones included) of an instance: the spec's
 * definitions, nothing of the solver. A 1.1 instance's score carries the preference score P.
 */
export function scoreRoster(instance: Instance, assignments: readonly Assignment[]): { perCategory: Record<AnwCategory, number>; score: Score } {
  const model = buildModel(instance);
  const hours = new Float64Array(model.gpCount * CATEGORY_COUNT);
  const shiftIndex = new Map(instance.shifts.map((s, i) => [s.id, i]));
  const filled = new Int32Array(model.shiftCount);
  for (const a of assignments) {
    const s = shiftIndex.get(a.shift);
    const g = model.gpIndex.get(a.gp);
    if (s === undefined || g === undefined) throw new RangeError(`onbekende dienst of huisarts in bezetting ${a.shift}/${a.gp}`);
    filled[s]++;
    for (let c = 0; c < CATEGORY_COUNT; c++) hours[g * CATEGORY_COUNT + c] += model.hours[s * CATEGORY_COUNT + c];
  }
  let unfilled = 0;
  for (let s = 0; s < model.shiftCount; s++) unfilled += Math.max(0, model.required[s] - filled[s]);
  const measured = measure(model, hours, unfilled);
  if (instance.format !== INSTANCE_FORMAT_1_1) return measured;
  return { ...measured, score: { ...measured.score, preferenceScore: preferenceScore(instance, assignments) } };
}

/** Why nobody took an open position, judged on the final roster. */
function unfilledReason(state: RosterState, s: number): string {
  const { model } = state;
  const role = model.instance.shifts[s].role;
  let qualified = 0;
  let free = 0;
  for (let g = 0; g < model.gpCount; g++) {
    if (!model.qualified[g * model.roleCount + model.role[s]]) continue;
    qualified++;
    if (!isAvailable(model, g, s) || (model.noNights[g] && model.table.night[s])) continue;
    free++;
    if (!state.holds(g, s) && state.conflict(g, s) === null) {
      return 'open gebleven: een huisarts kon deze dienst nog nemen, maar de rekentijd was op';
    }
  }
  if (qualified === 0) return `geen huisarts bevoegd voor de rol ${role}`;
  if (free === 0) return 'geen bevoegde huisarts beschikbaar';
  return 'geen bevoegde huisarts beschikbaar zonder de rust- of nachtregels te breken';
}

function gpReports(state: RosterState, hours: Float64Array, floors: Float64Array): GpReport[] {
  const { model } = state;
  const { instance } = model;
  // per GP and category: the demanded hours the GP could not take for absence or lack of qualification
  return instance.gps.map((gp, g) => {
    const reasons: GpReport['reasons'] = [];
    ANW_CATEGORIES.forEach((category, c) => {
      const i = g * CATEGORY_COUNT + c;
      const demand = model.demand[c];
      if (demand <= 0) return;
      if (!model.eligible[i]) {
        reasons.push({
          category,
          reason: 'exempt',
          detail: gp.weight === 0 ? 'gewicht 0: geen aandeel in de verdeling' : 'vrijgesteld van nachtdiensten',
        });
        return;
      }
      if (hours[i] - model.share[i] > -0.5 * model.avgLength[c]) return;
      let absent = 0;
      let unqualified = 0;
      const missingRoles = new Set<string>();
      for (let s = 0; s < model.shiftCount; s++) {
        const h = model.hours[s * CATEGORY_COUNT + c];
        if (h === 0) continue;
        if (!model.qualified[g * model.roleCount + model.role[s]]) {
          unqualified += h * model.required[s];
          missingRoles.add(instance.shifts[s].role);
        } else if (!isAvailable(model, g, s)) absent += h * model.required[s];
      }
      const of = (x: number): string => `${round(x)} van ${round(demand)} uur ${category}`;
      if (absent > 0) reasons.push({ category, reason: 'unavailable', detail: `afwezig tijdens ${of(absent)}` });
      if (unqualified > 0) {
        reasons.push({ category, reason: 'unqualified', detail: `niet bevoegd voor ${[...missingRoles].sort().join(', ')} (${of(unqualified)})` });
      }
    });
    const deviation = (c: number): number | null => {
      const i = g * CATEGORY_COUNT + c;
      return model.eligible[i] ? round(hours[i] - model.share[i]) : null;
    };
    return {
      gp: gp.id,
      hours: perCategory((c) => round(hours[g * CATEGORY_COUNT + c])),
      share: perCategory((c) => round(model.share[g * CATEGORY_COUNT + c])),
      deviation: {
        avond: deviation(0),
        nacht: deviation(1),
        weekend: deviation(2),
        feestdag: deviation(3),
      },
      floor: perCategory((c) => roundDown(floors[g * CATEGORY_COUNT + c])),
      reasons,
    };
  });
}

export interface ResultMeta {
  seconds: number;
  seed: number;
  iterations: number;
  stoppedBy: StopReason;
  engine: 'local-search' | 'greedy-baseline';
}

/** The `anw-roster-result/1` document of a finished roster (`/1.1` for a 1.1 instance). */
export function buildResult(state: RosterState, meta: ResultMeta): RosterResult {
  const { model } = state;
  const { instance } = model;
  // from scratch: the running totals have seen millions of additions
  const hours = new Float64Array(model.gpCount * CATEGORY_COUNT);
  for (let p = 0; p < state.positionCount; p++) {
    const g = state.posGp[p];
    const s = state.posShift[p];
    if (g >= 0) for (let c = 0; c < CATEGORY_COUNT; c++) hours[g * CATEGORY_COUNT + c] += model.hours[s * CATEGORY_COUNT + c];
  }
  const assignments: Assignment[] = [];
  const unfilled: UnfilledPosition[] = [];
  for (let s = 0; s < model.shiftCount; s++) {
    let missing = 0;
    for (let p = state.shiftFirstPos[s]; p < state.shiftFirstPos[s + 1]; p++) {
      const g = state.posGp[p];
      if (g >= 0) assignments.push({ shift: instance.shifts[s].id, gp: instance.gps[g].id });
      else missing++;
    }
    if (missing > 0) unfilled.push({ shift: instance.shifts[s].id, missing, reason: unfilledReason(state, s) });
  }
  const measured = measure(model, hours, state.unfilled);
  const floors = gpLowerBounds(model);
  const version11 = instance.format === INSTANCE_FORMAT_1_1;
  const perGp = gpReports(state, hours, floors);
  if (version11) {
    const byGp = instance.gps.map((): { startMs: number; endMs: number }[] => []);
    for (let p = 0; p < state.positionCount; p++) {
      const g = state.posGp[p];
      if (g >= 0) byGp[g].push(instance.shifts[state.posShift[p]]);
    }
    perGp.forEach((report, g) => (report.preferences = preferenceCounts(instance.gps[g], byGp[g])));
  }
  const bound = new Float64Array(CATEGORY_COUNT);
  floors.forEach((v, i) => (bound[i % CATEGORY_COUNT] = Math.max(bound[i % CATEGORY_COUNT], v)));
  return {
    format: version11 ? RESULT_FORMAT_1_1 : RESULT_FORMAT,
    assignments,
    unfilled,
    report: {
      seconds: round(meta.seconds),
      perGp,
      maxDeviationShifts: perCategory((c) => round(measured.perCategory[ANW_CATEGORIES[c]])),
      lowerBound: { maxDeviationShifts: perCategory((c) => roundDown(bound[c])) },
      score: {
        unfilled: measured.score.unfilled,
        maxDeviationShifts: round(measured.score.maxDeviationShifts),
        sumOfSquares: round(measured.score.sumOfSquares),
        ...(version11 ? { preferenceScore: preferenceScore(instance, assignments) } : {}),
      },
      search: { seed: meta.seed, iterations: meta.iterations, stoppedBy: meta.stoppedBy, engine: meta.engine },
    },
  };
}
