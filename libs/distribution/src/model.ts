import { ANW_CATEGORIES, type AnwCategory, splitInterval } from '@anw/time';
import { type RuleLimits, type WorkedTable, ruleLimits } from './hard-rules.js';
import type { Instance } from './instance.js';
import { waterFill } from './fair-share.js';
import { LIMIT_KIND_COUNT, kindMask, limitArray } from './limits.js';
import { nightFacts } from './shift-facts.js';

/** ANW categories by index: 0 avond, 1 nacht, 2 weekend, 3 feestdag. */
export const CATEGORY_COUNT = 4;
export const CATEGORY_NIGHT = ANW_CATEGORIES.indexOf('nacht');

/**
 * An instance in arrays, indexed by number: what the solver, the bound and the report share.
 * Worked shifts: indices 0 … shiftCount-1 are the instance's shifts, then the history shifts.
 */
export interface Model {
  instance: Instance;
  limits: RuleLimits;
  gpCount: number;
  shiftCount: number;
  gpIndex: Map<string, number>;
  weight: Float64Array;
  noNights: Uint8Array;
  roleCount: number;
  /** per shift: role index */
  role: Int32Array;
  /** gp × role: qualified */
  qualified: Uint8Array;
  /** per GP: unavailable intervals as [start, end, start, end, …] */
  unavailable: Float64Array[];
  table: WorkedTable & { start: Float64Array; end: Float64Array; night: Uint8Array; nightDay: Int32Array; late: Uint8Array };
  /** per history shift (index - shiftCount): GP index */
  historyGp: Int32Array;
  /** shift × category: ANW hours */
  hours: Float64Array;
  required: Int32Array;
  /** per shift: the fixed GPs */
  fixed: number[][];
  /** per category: H_c, the hours demanded */
  demand: Float64Array;
  /** per category: L_c, the average length of a position with hours in c (0 when none) */
  avgLength: Float64Array;
  /** gp × category: in E_c (weight > 0; for nacht also not noNights) */
  eligible: Uint8Array;
  /** gp × category: fair share in hours (0 outside E_c) */
  share: Float64Array;
  maxDurationMs: number;
  /** version 1.1, rule 8: per shift the kinds it counts as (limits.ts bits) */
  kindMask: Uint8Array;
  /** gp × LIMIT_KIND_COUNT: the most shifts of the kind (Infinity: none) */
  limit: Float64Array;
  hasLimits: boolean;
  /** per GP: preferences as [start, end, signed weight (+avoid, −want), …] */
  preferences: Float64Array[];
  hasPreferences: boolean;
}

const MINUTES_PER_HOUR = 60;

export function buildModel(instance: Instance): Model {
  const zone = instance.timezone;
  const gpCount = instance.gps.length;
  const shiftCount = instance.shifts.length;
  const gpIndex = new Map(instance.gps.map((g, i) => [g.id, i]));
  const roles = new Map<string, number>();
  for (const s of instance.shifts) if (!roles.has(s.role)) roles.set(s.role, roles.size);
  const roleCount = roles.size;

  const weight = Float64Array.from(instance.gps, (g) => g.weight);
  const noNights = Uint8Array.from(instance.gps, (g) => (g.noNights ? 1 : 0));
  const qualified = new Uint8Array(gpCount * roleCount);
  instance.gps.forEach((g, i) => {
    for (const q of g.qualifications) {
      const r = roles.get(q);
      if (r !== undefined) qualified[i * roleCount + r] = 1;
    }
  });
  const unavailable = instance.gps.map((g) => Float64Array.from(g.unavailable.flatMap((u) => [u.startMs, u.endMs])));

  const worked = [...instance.shifts, ...instance.history];
  const table = {
    start: Float64Array.from(worked, (w) => w.startMs),
    end: Float64Array.from(worked, (w) => w.endMs),
    night: new Uint8Array(worked.length),
    nightDay: new Int32Array(worked.length),
    late: new Uint8Array(worked.length),
  };
  let maxDurationMs = 0;
  worked.forEach((w, i) => {
    const facts = nightFacts(w.startMs, w.endMs, zone);
    table.night[i] = facts.night ? 1 : 0;
    table.nightDay[i] = facts.nightDay;
    table.late[i] = facts.late ? 1 : 0;
    maxDurationMs = Math.max(maxDurationMs, w.endMs - w.startMs);
  });
  const historyGp = Int32Array.from(instance.history, (h) => gpIndex.get(h.gp) ?? -1);

  const holidays = new Set(instance.holidays);
  const hours = new Float64Array(shiftCount * CATEGORY_COUNT);
  const required = Int32Array.from(instance.shifts, (s) => s.required);
  const demand = new Float64Array(CATEGORY_COUNT);
  const positionsWithHours = new Float64Array(CATEGORY_COUNT);
  instance.shifts.forEach((s, i) => {
    const minutes = splitInterval(s.startMs, s.endMs, { eveningStart: instance.rules.eveningStart, holidays, zone });
    ANW_CATEGORIES.forEach((c: AnwCategory, ci) => {
      const h = minutes[c] / MINUTES_PER_HOUR;
      hours[i * CATEGORY_COUNT + ci] = h;
      if (h > 0) {
        demand[ci] += s.required * h;
        positionsWithHours[ci] += s.required;
      }
    });
  });
  const avgLength = Float64Array.from(demand, (h, c) => (positionsWithHours[c] > 0 ? h / positionsWithHours[c] : 0));

  const eligible = new Uint8Array(gpCount * CATEGORY_COUNT);
  const share = new Float64Array(gpCount * CATEGORY_COUNT);
  ANW_CATEGORIES.forEach((c, ci) => {
    const inE = instance.gps.map((g) => g.weight > 0 && !(ci === CATEGORY_NIGHT && g.noNights));
    inE.forEach((e, g) => (eligible[g * CATEGORY_COUNT + ci] = e ? 1 : 0));
    const shares = waterFill(demand[ci], weight, instance.gps.map((g) => g.balanceHours[c]), inE);
    shares.forEach((v, g) => (share[g * CATEGORY_COUNT + ci] = v));
  });

  const kindMasks = new Uint8Array(shiftCount);
  for (let s = 0; s < shiftCount; s++) {
    const h = (c: AnwCategory): number => hours[s * CATEGORY_COUNT + ANW_CATEGORIES.indexOf(c)];
    kindMasks[s] = kindMask(table.night[s] === 1, { avond: h('avond'), weekend: h('weekend'), feestdag: h('feestdag') });
  }
  const limit = Float64Array.from(instance.gps.flatMap((g) => limitArray(g.limits)));
  const preferences = instance.gps.map((g) =>
    Float64Array.from((g.preferences ?? []).flatMap((p) => [p.startMs, p.endMs, p.kind === 'avoid' ? p.weight : -p.weight])),
  );

  return {
    instance,
    limits: ruleLimits(instance.rules),
    gpCount,
    shiftCount,
    gpIndex,
    weight,
    noNights,
    roleCount,
    role: Int32Array.from(instance.shifts, (s) => roles.get(s.role) as number),
    qualified,
    unavailable,
    table,
    historyGp,
    hours,
    required,
    fixed: instance.shifts.map((s) => s.fixed.map((g) => gpIndex.get(g) as number)),
    demand,
    avgLength,
    eligible,
    share,
    maxDurationMs,
    kindMask: kindMasks,
    limit,
    hasLimits: limit.some((v) => v !== Infinity),
    preferences,
    hasPreferences: preferences.some((p) => p.length > 0),
  };
}

/** g's preference score for taking shift s: + weight of each avoid it matches, − weight of each want. */
export function preferenceCost(model: Model, g: number, s: number): number {
  const p = model.preferences[g];
  if (p.length === 0) return 0;
  const start = model.table.start[s];
  const end = model.table.end[s];
  let cost = 0;
  for (let i = 0; i < p.length; i += 3) if (p[i] < end && start < p[i + 1]) cost += p[i + 2];
  return cost;
}

/** Rule 8: g may take one more shift s (after giving up `without`, a shift g holds, when ≥ 0). */
export function withinLimits(model: Model, counts: Int32Array, g: number, s: number, without = -1): boolean {
  const mask = model.kindMask[s];
  const drop = without >= 0 ? model.kindMask[without] : 0;
  for (let k = 0; k < LIMIT_KIND_COUNT; k++) {
    if (!(mask & (1 << k))) continue;
    const count = counts[g * LIMIT_KIND_COUNT + k] - (drop & (1 << k) ? 1 : 0);
    if (count + 1 > model.limit[g * LIMIT_KIND_COUNT + k]) return false;
  }
  return true;
}

export function isAvailable(model: Model, g: number, s: number): boolean {
  const u = model.unavailable[g];
  const start = model.table.start[s];
  const end = model.table.end[s];
  for (let i = 0; i < u.length; i += 2) if (u[i] < end && start < u[i + 1]) return false;
  return true;
}

/** Rules 1–3: qualification, availability, noNights. */
export function staticallyEligible(model: Model, g: number, s: number): boolean {
  return (
    model.qualified[g * model.roleCount + model.role[s]] === 1 &&
    !(model.noNights[g] === 1 && model.table.night[s] === 1) &&
    isAvailable(model, g, s)
  );
}
