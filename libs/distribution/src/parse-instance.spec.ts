import { describe, expect, it } from '@jest/globals';
import { InstanceError } from './distribution-error.js';
import { DEFAULT_RULES } from './instance.js';
import { parseInstance } from './parse-instance.js';

type Json = Record<string, unknown>;

function valid(): Json {
  return {
    format: 'anw-roster-instance/1',
    gps: [
      { id: 'gp-a', weight: 1, qualifications: ['consult'] },
      { id: 'gp-b', weight: 0.5, kind: 'locum', qualifications: ['consult', 'visite'], unavailable: [{ start: '2027-04-01T00:00', end: '2027-04-03T00:00' }] },
    ],
    shifts: [
      { id: 's1', role: 'consult', start: '2027-03-27T23:00', end: '2027-03-28T08:00', required: 1 },
      { id: 's2', role: 'visite', post: 'HAP-Zuid', start: '2027-04-05T17:00', end: '2027-04-05T24:00', required: 2, fixed: ['gp-b'] },
    ],
  };
}

/** The instance with one change applied at a path like ['shifts', 0, 'end']. */
function withChange(path: (string | number)[], value: unknown): Json {
  const json = valid();
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
  throw new Error('geen InstanceError');
}

describe(parseInstance.name, () => {
  it('fills in every default of the spec', () => {
    const sut = parseInstance(valid());
    expect(sut.timezone).toBe('Europe/Amsterdam');
    expect(sut.rules).toEqual(DEFAULT_RULES);
    expect(sut.period).toEqual({ start: '2027-03-27', end: '2027-04-05' });
    // the NZa list of every year the shifts touch (2027 only here)
    expect(sut.holidays).toEqual([
      '2027-01-01', '2027-03-26', '2027-03-28', '2027-03-29', '2027-04-27', '2027-05-05',
      '2027-05-06', '2027-05-16', '2027-05-17', '2027-12-24', '2027-12-25', '2027-12-26', '2027-12-31',
    ]);
    expect(sut.gps[0]).toEqual({
      id: 'gp-a', weight: 1, qualifications: ['consult'], unavailable: [], noNights: false,
      balanceHours: { avond: 0, nacht: 0, weekend: 0, feestdag: 0 },
    });
    expect(sut.shifts[0]).toMatchObject({ post: '', fixed: [], required: 1 });
    // the spring night really lasts 8 hours
    expect(sut.shifts[0].endMs - sut.shifts[0].startMs).toBe(8 * 3_600_000);
    expect(sut.history).toEqual([]);
  });

  it('takes the holidays of the next year for a shift that ends in it, and rules key by key', () => {
    const json = withChange(['shifts', 1], { id: 's2', role: 'visite', start: '2027-12-31T23:00', end: '2028-01-01T08:00', required: 1 });
    json.rules = { minRestHours: 12, maxNightsPerWindow: { nights: 10 } };
    const sut = parseInstance(json);
    expect(sut.holidays).toContain('2028-01-01');
    expect(sut.rules).toEqual({ ...DEFAULT_RULES, minRestHours: 12, maxNightsPerWindow: { nights: 10, days: 112 } });
  });

  it('accepts T24:00 and reads a repeated autumn hour as its first occurrence', () => {
    const json = withChange(['shifts', 1], { id: 's2', role: 'visite', start: '2027-10-31T02:30', end: '2027-10-31T24:00', required: 1 });
    const sut = parseInstance(json);
    expect(sut.shifts[1].startMs).toBe(Date.UTC(2027, 9, 31, 0, 30));
    expect(sut.shifts[1].endMs).toBe(Date.UTC(2027, 9, 31, 23, 0));
  });

  it.each([
    ['a missing format', ['format'], undefined, 'format', /ontbreekt/],
    ['another format', ['format'], 'anw-roster-instance/2', 'format', /onbekend formaat/],
    ['an unknown time zone', ['timezone'], 'Europe/Atlantis', 'timezone', /tijdzone/],
    ['missing gps', ['gps'], undefined, 'gps', /ontbreekt/],
    ['a missing weight', ['gps', 0, 'weight'], undefined, 'gps[0].weight', /ontbreekt/],
    ['a negative weight', ['gps', 1, 'weight'], -1, 'gps[1].weight', /negatief/],
    ['missing qualifications', ['gps', 0, 'qualifications'], undefined, 'gps[0].qualifications', /ontbreekt/],
    ['an unknown kind', ['gps', 0, 'kind'], 'chef', 'gps[0].kind', /onbekende soort/],
    ['a duplicate GP id', ['gps', 1, 'id'], 'gp-a', 'gps[1].id', /dubbele id/],
    ['a text balance', ['gps', 0, 'balanceHours'], { nacht: 'veel' }, 'gps[0].balanceHours.nacht', /getal/],
    ['noNights as text', ['gps', 0, 'noNights'], 'ja', 'gps[0].noNights', /true of false/],
    ['an absence ending before it starts', ['gps', 1, 'unavailable', 0, 'end'], '2027-03-31T00:00', 'gps[1].unavailable[0].end', /niet na het begin/],
    ['an end before the start', ['shifts', 1, 'end'], '2027-04-05T16:00', 'shifts[1].end', /ligt niet na het begin/],
    ['a time in the skipped spring hour', ['shifts', 0, 'end'], '2027-03-28T02:30', 'shifts[0].end', /bestaat niet/],
    ['a malformed time', ['shifts', 0, 'start'], '27-03-2027 23:00', 'shifts[0].start', /ongeldige lokale tijd/],
    ['required 0', ['shifts', 0, 'required'], 0, 'shifts[0].required', /geheel getal ≥ 1/],
    ['required 1.5', ['shifts', 0, 'required'], 1.5, 'shifts[0].required', /geheel getal ≥ 1/],
    ['a missing role', ['shifts', 0, 'role'], undefined, 'shifts[0].role', /ontbreekt/],
    ['a duplicate shift id', ['shifts', 1, 'id'], 's1', 'shifts[1].id', /dubbele id/],
    ['an unknown fixed GP', ['shifts', 1, 'fixed'], ['gp-x'], 'shifts[1].fixed[0]', /onbekende huisarts "gp-x"/],
    ['more fixed GPs than required', ['shifts', 0, 'fixed'], ['gp-a', 'gp-b'], 'shifts[0].fixed', /vraagt er 1/],
    ['an unqualified fixed GP', ['shifts', 1, 'fixed'], ['gp-a'], 'shifts[1].fixed[0]', /niet bevoegd voor de rol visite/],
    ['a bad eveningStart', ['rules'], { eveningStart: '7 uur' }, 'rules.eveningStart', /UU:MM/],
    ['a negative rest', ['rules'], { minRestHours: -1 }, 'rules.minRestHours', /negatief/],
    ['a window of 0 days', ['rules'], { maxNightsPerWindow: { days: 0 } }, 'rules.maxNightsPerWindow.days', /≥ 1/],
    ['a holiday that is no date', ['holidays'], ['2027-02-30'], 'holidays[0]', /ongeldige datum/],
    ['a period with only a start', ['period'], { start: '2027-03-01' }, 'period.end', /ontbreekt/],
    ['a shift outside the period', ['period'], { start: '2027-03-28', end: '2027-04-30' }, 'shifts[0].start', /buiten de periode/],
    ['history of an unknown GP', ['history'], [{ gp: 'gp-z', start: '2027-03-20T23:00', end: '2027-03-21T08:00' }], 'history[0].gp', /onbekende huisarts/],
    ['history inside the period', ['history'], [{ gp: 'gp-a', start: '2027-03-27T08:00', end: '2027-03-27T17:00' }], 'history[0].start', /voor de periode/],
  ] as const)('refuses %s', (_, path, value, field, message) => {
    const sut = errorOf(withChange([...path], value));
    expect(sut.field).toBe(field);
    expect(sut.message).toMatch(message);
    expect(sut.message.startsWith(`${field}: `)).toBe(true);
  });

  it('refuses fixed assignments that break a hard rule among themselves or with history', () => {
    const json = valid();
    const shifts = json.shifts as Json[];
    shifts[0].fixed = ['gp-a'];
    shifts.push({ id: 's3', role: 'consult', start: '2027-03-28T17:00', end: '2027-03-28T24:00', required: 1, fixed: ['gp-a'] });
    const sut = errorOf(json);
    expect(sut.field).toBe('shifts[2].fixed[0]');
    expect(sut.message).toMatch(/onvoldoende rust na nachtdienst \(14 uur vereist\)/);

    const withHistory = valid();
    (withHistory.shifts as Json[])[0].fixed = ['gp-a'];
    withHistory.history = [{ gp: 'gp-a', start: '2027-03-27T10:00', end: '2027-03-27T20:00' }];
    withHistory.period = { start: '2027-03-27', end: '2027-04-30' };
    expect(errorOf(withHistory).field).toBe('history[0].start');
    withHistory.history = [{ gp: 'gp-a', start: '2027-03-26T10:00', end: '2027-03-27T20:00' }];
    expect(errorOf(withHistory)).toMatchObject({ field: 'shifts[0].fixed[0]', message: expect.stringMatching(/rust/) });
  });

  it('ignores unknown fields', () => {
    const json: Json = { ...valid(), comment: 'planning Q1', expect: {} };
    (json.gps as Json[])[0].practiceSize = 2400;
    expect(() => parseInstance(json)).not.toThrow();
  });
});
