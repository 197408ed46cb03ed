// Version-1.1 wishes for the generated instances: about three wants and three avoids per GP (a date's
// evening, night or weekend day, seeded) and limits per kind of shift on a tenth of the GPs, set near
// what their share asks so that they bind. `withWishes(generateInstance('M', 1), 1)`.
import { isNightShift, parseLocal, splitInterval } from '@anw/time';
import type { GeneratedGp, GeneratedInstance } from './generate-instance.js';

export interface GeneratedPreference {
  kind: 'want' | 'avoid';
  start: string;
  end: string;
  weight: number;
}

export type GeneratedLimits = Partial<Record<'night' | 'weekend' | 'holiday' | 'evening' | 'total', number>>;

export interface GeneratedInstance11 extends Omit<GeneratedInstance, 'format' | 'gps'> {
  format: 'anw-roster-instance/1.1';
  gps: (GeneratedGp & { preferences?: GeneratedPreference[]; limits?: GeneratedLimits })[];
}

const DAY_MS = 86_400_000;
const KINDS = ['night', 'weekend', 'evening', 'total'] as const;

function rng(seed: number): () => number {
  let state = (seed * 2654435761) >>> 0 || 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** A wish on one date: its evening, its night, or (weekends) the whole day. */
function wishInterval(date: string, next: string, shape: number, weekend: boolean): { start: string; end: string } {
  if (weekend && shape === 0) return { start: `${date}T08:00`, end: `${date}T24:00` };
  if (shape === 1) return { start: `${date}T23:00`, end: `${next}T08:00` };
  return { start: `${date}T17:00`, end: `${date}T24:00` };
}

/** Shifts per kind the instance asks (positions), for setting limits near a GP's share. */
function positionsPerKind(instance: GeneratedInstance): Record<(typeof KINDS)[number], number> {
  const holidays = new Set<string>();
  const counts = { night: 0, weekend: 0, evening: 0, total: 0 };
  for (const s of instance.shifts) {
    const startMs = parseLocal(s.start);
    const endMs = parseLocal(s.end);
    const m = splitInterval(startMs, endMs, { eveningStart: '17:00', holidays, zone: instance.timezone });
    if (isNightShift(startMs, endMs, instance.timezone)) counts.night += s.required;
    if (m.weekend > 0) counts.weekend += s.required;
    if (m.avond > 0) counts.evening += s.required;
    counts.total += s.required;
  }
  return counts;
}

/** The same instance as format 1.1 with seeded preferences on every GP and limits on a tenth. */
export function withWishes(instance: GeneratedInstance, seed: number): GeneratedInstance11 {
  const next = rng(seed * 104729 + instance.gps.length);
  const first = dayOf(instance.period.start);
  const days = dayOf(instance.period.end) - first + 1;
  const perKind = positionsPerKind(instance);
  const totalWeight = instance.gps.reduce((sum, g) => sum + g.weight, 0);
  const fixedGps = new Set(instance.shifts.flatMap((s) => s.fixed ?? []));
  const gps = instance.gps.map((gp, i) => {
    const preferences: GeneratedPreference[] = [];
    for (const kind of ['want', 'avoid'] as const) {
      for (let k = 0; k < 3; k++) {
        const day = first + Math.floor(next() * days);
        const date = dateOf(day);
        const weekday = new Date(day * DAY_MS).getUTCDay();
        const weekend = weekday === 0 || weekday === 6;
        const shape = Math.floor(next() * 3);
        // the period's last date: a night would end after it, which is still a valid wish
        preferences.push({ kind, ...wishInterval(date, dateOf(day + 1), shape, weekend), weight: 1 + Math.floor(next() * 3) });
      }
    }
    let limits: GeneratedLimits | undefined;
    if (i % 10 === 7 && gp.weight > 0 && !fixedGps.has(gp.id)) {
      const kind = KINDS[Math.floor(next() * KINDS.length)];
      const share = (perKind[kind] * gp.weight) / totalWeight;
      // at or a little under the share: a GP who asked for fewer of them
      limits = { [kind]: Math.max(kind === 'total' ? 1 : 0, Math.floor(share * (0.7 + 0.3 * next()))) };
    }
    return { ...gp, preferences, ...(limits ? { limits } : {}) };
  });
  return { ...instance, format: 'anw-roster-instance/1.1', gps };
}

/** The same 1.1 instance with every preference removed (limits kept). */
export function withoutPreferences(instance: GeneratedInstance11): GeneratedInstance11 {
  return { ...instance, gps: instance.gps.map(({ preferences: _, ...gp }) => gp) };
}
