// Realistic roster instances for benchmarks: posts of one HDS with the usual shift shapes, holidays
// (the NZa list by default) and DST changes, absences, noNights exemptions, weights, balances,
// history and a few fixed assignments. `generateInstance('L', seed)` gives the same JSON every time.
import { checkAssignment } from '@anw/distribution';
import { isPostOpenByDay, parseLocal } from '@anw/time';

export type InstanceSize = 'S' | 'M' | 'L';

interface SizeSpec {
  posts: number;
  gps: number;
  start: string;
  days: number;
  /** weight-0 GPs, history and fixed assignments */
  extras: boolean;
}

export const SIZES: Record<InstanceSize, SizeSpec> = {
  // spring DST (28 March) and Easter (26–29 March 2027)
  S: { posts: 1, gps: 30, start: '2027-03-15', days: 28, extras: false },
  // autumn DST (31 October) and Christmas
  M: { posts: 3, gps: 300, start: '2027-09-27', days: 91, extras: true },
  // a whole year: both DST changes, every holiday
  L: { posts: 5, gps: 1000, start: '2027-01-01', days: 365, extras: true },
};

const POST_NAMES = ['HAP-Noord', 'HAP-Zuid', 'HAP-Oost', 'HAP-West', 'HAP-Centrum'];
const DAY_MS = 86_400_000;
const ZONE = 'Europe/Amsterdam';
const CLOSED_BY_DAY = { goodFriday: false, liberationDay: false, christmasEve: false, newYearsEve: false };

interface Template {
  code: string;
  role: 'consult' | 'visite' | 'regiearts' | 'achterwacht';
  from: string;
  to: string;
  /** the end is on the next date */
  overnight?: boolean;
  required: number;
  /** once for the region (the first post) rather than per post */
  regional?: boolean;
}

const EVENINGS: Template[] = [
  { code: 'AC', role: 'consult', from: '17:00', to: '24:00', required: 2 },
  { code: 'AC16', role: 'consult', from: '16:00', to: '23:00', required: 1 },
  { code: 'AV', role: 'visite', from: '16:00', to: '24:00', required: 1 },
  { code: 'N', role: 'consult', from: '23:00', to: '08:00', overnight: true, required: 1 },
  { code: 'NV', role: 'visite', from: '23:00', to: '08:00', overnight: true, required: 1 },
  { code: 'RAA', role: 'regiearts', from: '17:00', to: '24:00', required: 1, regional: true },
  { code: 'AWN', role: 'achterwacht', from: '18:00', to: '08:00', overnight: true, required: 1, regional: true },
];

const OPEN_DAYS: Template[] = [
  { code: 'DC', role: 'consult', from: '08:00', to: '17:00', required: 3 },
  { code: 'DV', role: 'visite', from: '08:00', to: '16:00', required: 1 },
  { code: 'RAD', role: 'regiearts', from: '08:00', to: '17:00', required: 1, regional: true },
  { code: 'AWD', role: 'achterwacht', from: '08:00', to: '18:00', required: 1, regional: true },
];

class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = (seed * 2654435761) >>> 0 || 1;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const round2 = (x: number): number => Math.round(x * 100) / 100;

export interface GeneratedShift {
  id: string;
  post: string;
  role: string;
  start: string;
  end: string;
  required: number;
  fixed?: string[];
}

export interface GeneratedGp {
  id: string;
  kind: 'practiceHolder' | 'employed' | 'locum';
  weight: number;
  qualifications: string[];
  unavailable: { start: string; end: string }[];
  noNights: boolean;
  balanceHours: { avond: number; nacht: number; weekend: number; feestdag: number };
}

export interface GeneratedInstance {
  format: 'anw-roster-instance/1';
  timezone: string;
  period: { start: string; end: string };
  gps: GeneratedGp[];
  shifts: GeneratedShift[];
  history: { gp: string; start: string; end: string }[];
}

function shiftsFor(spec: SizeSpec): GeneratedShift[] {
  const first = dayOf(spec.start);
  const shifts: GeneratedShift[] = [];
  for (let day = first; day < first + spec.days; day++) {
    const date = dateOf(day);
    const next = dateOf(day + 1);
    const templates = isPostOpenByDay(date, CLOSED_BY_DAY) ? [...OPEN_DAYS, ...EVENINGS] : EVENINGS;
    for (let post = 0; post < spec.posts; post++) {
      for (const t of templates) {
        if (t.regional && post > 0) continue;
        shifts.push({
          id: `${date}-${POST_NAMES[post].slice(4)}-${t.code}`,
          post: t.regional ? 'regio' : POST_NAMES[post],
          role: t.role,
          start: `${date}T${t.from}`,
          end: `${t.overnight ? next : date}T${t.to}`,
          // smaller posts staff the evening consult with one GP
          required: t.code === 'AC' && post >= 3 ? 1 : t.required,
        });
      }
    }
  }
  return shifts;
}

function gpsFor(spec: SizeSpec, rng: Rng): GeneratedGp[] {
  const first = dayOf(spec.start);
  const gps: GeneratedGp[] = [];
  const regieCount = Math.max(6, Math.round(spec.gps * 0.2));
  for (let i = 0; i < spec.gps; i++) {
    const roll = rng.next();
    const kind = roll < 0.55 ? 'practiceHolder' : roll < 0.85 ? 'employed' : 'locum';
    let weight = kind === 'practiceHolder' ? rng.between(0.7, 1.4) : kind === 'employed' ? rng.between(0.4, 0.9) : rng.between(0.3, 1.0);
    if (spec.extras && i % 97 === 13) weight = 0;
    const qualifications = ['consult'];
    if (rng.chance(0.8)) qualifications.push('visite');
    if (i % Math.ceil(spec.gps / regieCount) === 0) qualifications.push('regiearts');
    if (rng.chance(0.35)) qualifications.push('achterwacht');
    const unavailable: GeneratedGp['unavailable'] = [];
    const blocks = spec.days > 120 ? 2 + rng.int(3) : rng.chance(0.4) ? 1 : 0;
    for (let b = 0; b < blocks; b++) {
      const from = first + rng.int(spec.days);
      const length = 3 + rng.int(spec.days > 120 ? 18 : 9);
      unavailable.push({ start: `${dateOf(from)}T00:00`, end: `${dateOf(from + length)}T00:00` });
    }
    const balance = (): number => (rng.chance(0.3) ? round2(rng.between(-12, 12)) : 0);
    gps.push({
      id: `gp-${String(i + 1).padStart(4, '0')}`,
      kind,
      weight: round2(weight),
      qualifications,
      unavailable,
      noNights: rng.chance(0.05),
      balanceHours: { avond: balance(), nacht: balance(), weekend: balance(), feestdag: balance() },
    });
  }
  return gps;
}

/** A few nights just before the period, and ~1% of the shifts fixed to a lawful GP. */
function addExtras(spec: SizeSpec, rng: Rng, instance: GeneratedInstance): void {
  const first = dayOf(spec.start);
  const worked = new Map<string, { id: string; startMs: number; endMs: number }[]>();
  for (const gp of instance.gps) {
    if (gp.noNights || !rng.chance(0.15)) continue;
    const nights = 1 + rng.int(3);
    for (let k = nights; k >= 1; k--) {
      const entry = { gp: gp.id, start: `${dateOf(first - k)}T23:00`, end: `${dateOf(first - k + 1)}T08:00` };
      instance.history.push(entry);
      const list = worked.get(gp.id) ?? [];
      list.push({ id: `h-${gp.id}-${k}`, startMs: parseLocal(entry.start), endMs: parseLocal(entry.end) });
      worked.set(gp.id, list);
    }
  }
  const rules = {
    eveningStart: '17:00',
    minRestHours: 11,
    minRestAfterNightHours: 14,
    nightRunLength: 3,
    restAfterNightRunHours: 46,
    maxConsecutiveNights: 3,
    maxNightsPerWindow: { nights: 36, days: 112 },
  };
  for (const shift of instance.shifts) {
    if (!rng.chance(0.01)) continue;
    const gp = instance.gps[rng.int(instance.gps.length)];
    if (gp.weight === 0) continue;
    const candidate = { id: shift.id, role: shift.role, startMs: parseLocal(shift.start), endMs: parseLocal(shift.end) };
    const unavailable = gp.unavailable.map((u) => ({ startMs: parseLocal(u.start), endMs: parseLocal(u.end) }));
    const list = worked.get(gp.id) ?? [];
    if (checkAssignment({ ...gp, unavailable }, list, candidate, rules) !== null) continue;
    shift.fixed = [gp.id];
    list.push(candidate);
    worked.set(gp.id, list);
  }
}

/** A roster instance (format v1 JSON) of the given size; the same seed gives the same instance. */
export function generateInstance(size: InstanceSize, seed: number): GeneratedInstance {
  const spec = SIZES[size];
  const rng = new Rng(seed * 7919 + size.charCodeAt(0));
  const instance: GeneratedInstance = {
    format: 'anw-roster-instance/1',
    timezone: ZONE,
    period: { start: spec.start, end: dateOf(dayOf(spec.start) + spec.days - 1) },
    gps: gpsFor(spec, rng),
    shifts: shiftsFor(spec),
    history: [],
  };
  if (spec.extras) addExtras(spec, rng, instance);
  return instance;
}
