// Small random roster instances for property tests (fast-check arbitraries), in the instance format.
import fc from 'fast-check';

const DAY_MS = 86_400_000;
/** a week across the spring DST change (28 March 2027) and Easter */
export const FIRST_DAY = '2027-03-24';

export const SHAPES: readonly (readonly [string, string, number])[] = [
  ['08:00', '17:00', 0],
  ['17:00', '24:00', 0],
  ['16:00', '23:00', 0],
  ['23:00', '08:00', 1],
  ['18:00', '08:00', 1],
  ['00:00', '08:00', 0],
  ['22:00', '01:30', 1],
  ['21:00', '03:00', 1],
  ['03:00', '09:00', 0],
];

export function dateAfter(first: string, days: number): string {
  return new Date(Date.parse(`${first}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function shiftTimes(day: number, shape: number): { start: string; end: string } {
  const [from, to, overnight] = SHAPES[shape];
  return { start: `${dateAfter(FIRST_DAY, day)}T${from}`, end: `${dateAfter(FIRST_DAY, day + overnight)}T${to}` };
}

export const TIGHT_RULES = {
  nightRunLength: 2,
  restAfterNightRunHours: 30,
  maxConsecutiveNights: 2,
  maxNightsPerWindow: { nights: 3, days: 5 },
};

export const ROLES = ['consult', 'visite'] as const;

const gpArb = fc.record({
  weight: fc.constantFrom(0, 0.5, 1, 1, 2),
  roles: fc.subarray([...ROLES], { minLength: 1 }),
  noNights: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  absent: fc.option(fc.record({ day: fc.integer({ min: 0, max: 8 }), length: fc.integer({ min: 1, max: 3 }) }), { freq: 3 }),
  balance: fc.constantFrom(0, 0, 0, -6, 4),
});

const shiftArb = fc.record({
  day: fc.integer({ min: 0, max: 8 }),
  shape: fc.integer({ min: 0, max: SHAPES.length - 1 }),
  role: fc.constantFrom(...ROLES),
  required: fc.constantFrom(1, 1, 1, 2),
  fixedGp: fc.option(fc.integer({ min: 0, max: 4 }), { freq: 6 }),
});

/** A small instance (1–5 GPs, 1–9 shifts) as JSON, possibly with history, tight rules and fixed GPs. */
export const smallInstanceArb = fc
  .record({
    gps: fc.array(gpArb, { minLength: 1, maxLength: 5 }),
    shifts: fc.array(shiftArb, { minLength: 1, maxLength: 9 }),
    tight: fc.boolean(),
    historyNight: fc.boolean(),
  })
  .map(({ gps, shifts, tight, historyNight }) => ({
    format: 'anw-roster-instance/1',
    period: { start: FIRST_DAY, end: dateAfter(FIRST_DAY, 9) },
    ...(tight ? { rules: TIGHT_RULES } : {}),
    gps: gps.map((g, i) => ({
      id: `gp-${i}`,
      weight: g.weight,
      qualifications: g.roles,
      noNights: g.noNights,
      balanceHours: { nacht: g.balance, avond: -g.balance },
      unavailable: g.absent ? [{ start: `${dateAfter(FIRST_DAY, g.absent.day)}T12:00`, end: `${dateAfter(FIRST_DAY, g.absent.day + g.absent.length)}T12:00` }] : [],
    })),
    shifts: shifts.map((s, i) => ({
      id: `s-${i}`,
      role: s.role,
      ...shiftTimes(s.day, s.shape),
      required: s.required,
      ...(s.fixedGp !== null && s.fixedGp < gps.length ? { fixed: [`gp-${s.fixedGp}`] } : {}),
    })),
    history: historyNight ? [{ gp: 'gp-0', start: `${dateAfter(FIRST_DAY, -1)}T23:00`, end: `${FIRST_DAY}T08:00` }] : [],
  }));
