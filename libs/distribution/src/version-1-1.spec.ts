import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ANW_CATEGORIES } from '@anw/time';
import { dateAfter, FIRST_DAY, smallInstanceArb } from '../test/small-instances.js';
import { type CandidateShift, type LimitContext, type RuleShift, checkAssignment } from './check-assignment.js';
import { InstanceError } from './distribution-error.js';
import { HardRule } from './hard-rules.js';
import { DEFAULT_RULES, type GpLimits, type Instance } from './instance.js';
import { parseInstance } from './parse-instance.js';
import { preferenceCounts, preferenceScore, scoreRoster } from './report.js';
import { type Score, compareScores } from './result.js';
import { solve } from './solver.js';
import { validateRoster } from './validate-roster.js';

type Json = Record<string, unknown>;

/** Monday 5 April 2027 onwards: after Easter, before Koningsdag (Tuesday 27 April). */
const SHIFTS = {
  e1: { start: '2027-04-05T17:00', end: '2027-04-05T24:00' },
  e2: { start: '2027-04-07T17:00', end: '2027-04-07T24:00' },
  n1: { start: '2027-04-08T23:00', end: '2027-04-09T08:00' },
  w1: { start: '2027-04-10T08:00', end: '2027-04-10T17:00' },
  h1: { start: '2027-04-27T08:00', end: '2027-04-27T17:00' },
} as const;
type ShiftId = keyof typeof SHIFTS;

function instanceJson(): Json {
  return {
    format: 'anw-roster-instance/1.1',
    period: { start: '2027-04-01', end: '2027-04-30' },
    gps: [
      {
        id: 'gp-a',
        weight: 1,
        qualifications: ['consult'],
        preferences: [
          { kind: 'want', start: '2027-04-05T00:00', end: '2027-04-06T00:00', weight: 2 },
          { kind: 'avoid', start: '2027-04-07T12:00', end: '2027-04-08T00:00' },
        ],
        limits: { night: 1, total: 4 },
      },
      { id: 'gp-b', weight: 1, qualifications: ['consult'] },
    ],
    shifts: (Object.keys(SHIFTS) as ShiftId[]).map((id) => ({ id, role: 'consult', ...SHIFTS[id], required: 1 })),
  };
}

function withChange(path: (string | number)[], value: unknown): Json {
  const json = instanceJson();
  let target = json as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) delete target[last];
  else target[last] = value;
  return json;
}

function errorOf(json: unknown): InstanceError {
  try {
    parseInstance(json);
  } catch (error) {
    if (error instanceof InstanceError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('instance format 1.1: parsing', () => {
  it('reads preferences (weight 1 by default, T24:00) and limits, ignoring unknown limit keys', () => {
    const json = withChange(['gps', 0, 'preferences', 1, 'end'], '2027-04-07T24:00');
    ((json.gps as Json[])[0].limits as Json).perWeek = 2;
    const sut = parseInstance(json);
    expect(sut.format).toBe('anw-roster-instance/1.1');
    expect(sut.gps[0].preferences).toEqual([
      expect.objectContaining({ kind: 'want', weight: 2, start: '2027-04-05T00:00' }),
      expect.objectContaining({ kind: 'avoid', weight: 1, end: '2027-04-07T24:00', endMs: Date.parse('2027-04-07T22:00:00Z') }),
    ]);
    expect(sut.gps[0].limits).toEqual({ night: 1, total: 4 });
    expect(sut.gps[1].preferences).toBeUndefined();
  });

  it('ignores preferences and limits in a version-1 instance (unknown fields there)', () => {
    const json = withChange(['format'], 'anw-roster-instance/1');
    (json.gps as Json[])[0].limits = { night: -5 };
    const sut = parseInstance(json);
    expect(sut.format).toBe('anw-roster-instance/1');
    expect(sut.gps[0].preferences).toBeUndefined();
    expect(sut.gps[0].limits).toBeUndefined();
  });

  it.each([
    ['an unknown preference kind', ['gps', 0, 'preferences', 0, 'kind'], 'maybe', 'gps[0].preferences[0].kind', /onbekende soort wens/],
    ['a missing preference kind', ['gps', 0, 'preferences', 0, 'kind'], undefined, 'gps[0].preferences[0].kind', /ontbreekt/],
    ['a preference ending before it starts', ['gps', 0, 'preferences', 1, 'end'], '2027-04-07T11:00', 'gps[0].preferences[1].end', /niet na het begin/],
    ['a preference in the skipped spring hour', ['gps', 0, 'preferences', 0, 'start'], '2027-03-28T02:30', 'gps[0].preferences[0].start', /bestaat niet/],
    ['a preference weight 4', ['gps', 0, 'preferences', 0, 'weight'], 4, 'gps[0].preferences[0].weight', /1 tot en met 3/],
    ['a preference weight 0', ['gps', 0, 'preferences', 0, 'weight'], 0, 'gps[0].preferences[0].weight', /geheel getal ≥ 1/],
    ['a preference weight 1.5', ['gps', 0, 'preferences', 0, 'weight'], 1.5, 'gps[0].preferences[0].weight', /geheel getal/],
    ['preferences that are no list', ['gps', 0, 'preferences'], { kind: 'want' }, 'gps[0].preferences', /lijst/],
    ['a negative limit', ['gps', 0, 'limits', 'night'], -1, 'gps[0].limits.night', /geheel getal ≥ 0/],
    ['a fractional limit', ['gps', 0, 'limits', 'total'], 2.5, 'gps[0].limits.total', /geheel getal ≥ 0/],
    ['limits that are no object', ['gps', 0, 'limits'], [1], 'gps[0].limits', /object/],
    ['another format', ['format'], 'anw-roster-instance/1.2', 'format', /verwacht anw-roster-instance\/1 of anw-roster-instance\/1\.1/],
  ] as const)('refuses %s', (_, path, value, field, message) => {
    const sut = errorOf(withChange([...path], value));
    expect(sut.field).toBe(field);
    expect(sut.message).toMatch(message);
  });

  it.each([
    ['night', { night: 0 }, ['n1'], 'gps[0].limits.night'],
    ['evening (a night 23–08 has an avond hour)', { evening: 1 }, ['e1', 'n1'], 'gps[0].limits.evening'],
    ['weekend', { weekend: 0 }, ['w1'], 'gps[0].limits.weekend'],
    ['holiday', { holiday: 0 }, ['h1'], 'gps[0].limits.holiday'],
    ['total', { total: 2 }, ['e1', 'e2', 'w1'], 'gps[0].limits.total'],
  ] as const)('refuses fixed assignments that already exceed the %s limit', (_, limits, fixed, field) => {
    const json = withChange(['gps', 0, 'limits'], limits);
    for (const s of json.shifts as Json[]) if ((fixed as readonly string[]).includes(s.id as string)) s.fixed = ['gp-a'];
    const sut = errorOf(json);
    expect(sut.field).toBe(field);
    expect(sut.message).toMatch(/limiet/);
  });
});

describe('hard rule 8 (limits)', () => {
  const rule = (id: ShiftId): CandidateShift => {
    const instance = parseInstance(instanceJson());
    const s = instance.shifts.find((x) => x.id === id);
    if (!s) throw new Error(id);
    return { id, role: 'consult', startMs: s.startMs, endMs: s.endMs };
  };
  const gp = (limits?: GpLimits) => ({ id: 'gp-a', qualifications: ['consult'], ...(limits ? { limits } : {}) });
  const before: RuleShift = { id: 'march', startMs: Date.parse('2027-03-10T16:00:00Z'), endMs: Date.parse('2027-03-10T23:00:00Z') };

  it.each<[string, GpLimits | undefined, ShiftId[], ShiftId, LimitContext, boolean]>([
    ['a second night over night 1', { night: 1 }, ['n1'], 'e1', {}, false],
    ['a night over night 0', { night: 0 }, [], 'n1', {}, true],
    ['a night under night 2', { night: 2 }, [], 'n1', {}, false],
    ['a night (with its avond hour) over evening 1', { evening: 1 }, ['e1'], 'n1', {}, true],
    ['a weekend day over weekend 0', { weekend: 0 }, [], 'w1', {}, true],
    ['Koningsdag over holiday 0', { holiday: 0 }, [], 'h1', {}, true],
    ['Koningsdag when the holidays given leave it out', { holiday: 0 }, [], 'h1', { holidays: [] }, false],
    ['a third shift over total 2', { total: 2 }, ['e1', 'e2'], 'w1', {}, true],
    ['a shift before the period does not count', { total: 1 }, [], 'e1', { period: { start: '2027-04-01', end: '2027-04-30' } }, false],
    ['no limits', undefined, ['e1', 'e2', 'n1'], 'h1', {}, false],
  ])('%s', (_, limits, existing, candidate, context, refused) => {
    const worked: RuleShift[] = existing.map(rule);
    if (context.period) worked.push(before);
    const sut = checkAssignment(gp(limits), worked, rule(candidate), DEFAULT_RULES, 'Europe/Amsterdam', context);
    if (refused) expect(sut).toMatchObject({ rule: HardRule.Limit, gp: 'gp-a', shift: candidate, reason: expect.stringMatching(/limiet/) });
    else expect(sut).toBeNull();
  });

  it('validateRoster names the shift that goes over the limit', () => {
    const instance = parseInstance(withChange(['gps', 0, 'limits'], { total: 1 }));
    const sut = validateRoster(instance, [
      { shift: 'e1', gp: 'gp-a' },
      { shift: 'e2', gp: 'gp-a' },
    ]);
    expect(sut).toEqual([expect.objectContaining({ rule: HardRule.Limit, gp: 'gp-a', shift: 'e2', reason: expect.stringMatching(/diensten dan de limiet.*\(1; nu 2\)/) })]);
  });

  it('the solver leaves a position open rather than break a limit', () => {
    const json = withChange(['gps', 0, 'limits'], { total: 2 });
    (json.gps as Json[]).pop();
    const sut = solve(parseInstance(json), { seed: 1, maxIterations: 2000 });
    expect(sut.assignments).toHaveLength(2);
    expect(sut.unfilled.reduce((n, u) => n + u.missing, 0)).toBe(3);
  });
});

describe('the preference score', () => {
  const score = (unfilled: number, max: number, squares: number, p?: number): Score => ({
    unfilled,
    maxDeviationShifts: max,
    sumOfSquares: squares,
    ...(p === undefined ? {} : { preferenceScore: p }),
  });
  it.each<[string, Score, Score, -1 | 0 | 1]>([
    ['without preferences: Σ squares as in version 1', score(0, 1, 2), score(0, 1, 3), -1],
    ['P lowers the third level', score(0, 1, 2, -4), score(0, 1, 1.5, 0), -1],
    ['0.25 × P: 2 squares = 8 points of P', score(0, 1, 3, -8), score(0, 1, 1, 0), 0],
    ['P never buys a larger deviation', score(0, 1.1, 0, -100), score(0, 1, 5, 0), 1],
    ['P never buys an open position', score(1, 0, 0, -100), score(0, 2, 9, 0), 1],
    ['differences of 1e-6 or less are equal', score(0, 1, 2, 0), score(0, 1 + 5e-7, 2 + 5e-7, 0), 0],
  ])('%s', (_, a, b, expected) => {
    expect(Math.sign(compareScores(a, b))).toBe(expected);
  });

  it('P and the report count per preference, unweighted', () => {
    const instance = parseInstance(instanceJson());
    const assignments = [
      { shift: 'e1', gp: 'gp-a' },
      { shift: 'e2', gp: 'gp-a' },
      { shift: 'n1', gp: 'gp-b' },
    ];
    // want e1 (weight 2) granted, avoid e2 (weight 1) hit
    expect(preferenceScore(instance, assignments)).toBe(1 - 2);
    expect(scoreRoster(instance, assignments).score.preferenceScore).toBe(-1);
    const shifts = instance.shifts.filter((s) => s.id === 'e2' || s.id === 'w1');
    const gp = instance.gps[0];
    expect(preferenceCounts(gp, shifts)).toEqual({ wantsGranted: 0, wantsTotal: 1, avoidsHit: 1, avoidsTotal: 1 });
    expect(preferenceCounts({ ...gp, preferences: [...(gp.preferences ?? []), ...(gp.preferences ?? [])] }, instance.shifts)).toEqual({
      wantsGranted: 2,
      wantsTotal: 2,
      avoidsHit: 2,
      avoidsTotal: 2,
    });
  });

  it('the solver grants a want and keeps clear of an avoid when fairness does not care; the result is 1.1', () => {
    const json = instanceJson();
    json.shifts = (json.shifts as Json[]).filter((s) => s.id === 'e1' || s.id === 'e2');
    const sut = solve(parseInstance(json), { seed: 2, maxIterations: 5000 });
    expect(sut.format).toBe('anw-roster-result/1.1');
    expect(sut.assignments).toEqual(expect.arrayContaining([{ shift: 'e1', gp: 'gp-a' }, { shift: 'e2', gp: 'gp-b' }]));
    expect(sut.report.score.preferenceScore).toBe(-2);
    expect(sut.report.perGp.map((p) => p.preferences)).toEqual([
      { wantsGranted: 1, wantsTotal: 1, avoidsHit: 0, avoidsTotal: 1 },
      { wantsGranted: 0, wantsTotal: 0, avoidsHit: 0, avoidsTotal: 0 },
    ]);
    const v1 = solve(parseInstance({ ...json, format: 'anw-roster-instance/1' }), { seed: 2, maxIterations: 5000 });
    expect(v1.format).toBe('anw-roster-result/1');
    expect(v1.report.perGp[0].preferences).toBeUndefined();
    expect(v1.report.score.preferenceScore).toBeUndefined();
  });
});

const preferenceArb = fc.record({
  kind: fc.constantFrom('want', 'avoid'),
  day: fc.integer({ min: 0, max: 8 }),
  from: fc.integer({ min: 0, max: 20 }),
  hours: fc.integer({ min: 2, max: 30 }),
  weight: fc.integer({ min: 1, max: 3 }),
});
const limitsArb = fc.option(
  fc.record({ night: fc.integer({ min: 0, max: 2 }), weekend: fc.integer({ min: 0, max: 3 }), total: fc.integer({ min: 0, max: 4 }) }, { requiredKeys: [] }),
  { freq: 2 },
);

/** A small 1.1 instance: the version-1 arbitrary with preferences and limits per GP. */
const versionOneOneArb = fc
  .tuple(smallInstanceArb, fc.array(fc.tuple(fc.array(preferenceArb, { maxLength: 4 }), limitsArb), { minLength: 5, maxLength: 5 }))
  .map(([json, extra]) => ({
    ...json,
    format: 'anw-roster-instance/1.1',
    gps: json.gps.map((g, i) => {
      const [preferences, limits] = extra[i];
      // 02:00 may not exist (28 March): that hour becomes 03:00
      const at = (day: number, h: number): string => {
        const hour = h % 24 === 2 ? h + 1 : h;
        return `${dateAfter(FIRST_DAY, day + Math.floor(hour / 24))}T${String(hour % 24).padStart(2, '0')}:00`;
      };
      return {
        ...g,
        preferences: preferences.map((p) => ({ kind: p.kind, start: at(p.day, 3 + p.from), end: at(p.day, 3 + p.from + p.hours), weight: p.weight })),
        ...(limits ? { limits } : {}),
      };
    }),
  }))
  .map((json) => {
    try {
      return parseInstance(json);
    } catch {
      return parseInstance({ ...json, shifts: json.shifts.map(({ fixed: _, ...s }) => s) });
    }
  });

const withoutPreferences = (instance: Instance): Instance => ({ ...instance, gps: instance.gps.map(({ preferences: _, ...g }) => g) });
const unfilledOf = (r: ReturnType<typeof solve>): number => r.unfilled.reduce((n, u) => n + u.missing, 0);
const maxOf = (r: ReturnType<typeof solve>): number => Math.max(...ANW_CATEGORIES.map((c) => r.report.maxDeviationShifts[c]));

describe('solver on 1.1 instances (property)', () => {
  // same seed and iteration cap for both runs: the preference phase starts from the version-1 roster
  const OPTIONS = { seed: 3, timeBudgetMs: 60_000, maxIterations: 5_000 };
  it('keeps rule 8, and preferences never cost an open position or a larger deviation', () => {
    fc.assert(
      fc.property(versionOneOneArb, (instance) => {
        const sut = solve(instance, OPTIONS);
        const plain = solve(withoutPreferences(instance), OPTIONS);
        expect(validateRoster(instance, sut.assignments)).toEqual([]);
        expect(unfilledOf(sut)).toBeLessThanOrEqual(unfilledOf(plain));
        expect(maxOf(sut)).toBeLessThanOrEqual(maxOf(plain) + 1e-6);
        // the reported P is the spec's
        expect(sut.report.score.preferenceScore).toBe(preferenceScore(instance, sut.assignments));
      }),
      { numRuns: 120, seed: 21 },
    );
  });
});
