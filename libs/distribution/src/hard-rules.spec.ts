import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseLocal } from '@anw/time';
import { SHAPES, TIGHT_RULES, shiftTimes } from '../test/small-instances.js';
import { checkAssignment } from './check-assignment.js';
import { HardRule } from './hard-rules.js';
import { DEFAULT_RULES, type Rules } from './instance.js';
import { parseInstance } from './parse-instance.js';
import { validateRoster } from './validate-roster.js';

const gp = { id: 'gp-a', qualifications: ['consult', 'visite'] };

function shift(id: string, start: string, end: string, role = 'consult') {
  return { id, role, startMs: parseLocal(start), endMs: parseLocal(end) };
}

describe(checkAssignment.name, () => {
  it('checks qualification, absence and noNights first', () => {
    const night = shift('n', '2027-06-07T23:00', '2027-06-08T08:00');
    expect(checkAssignment({ ...gp, qualifications: ['visite'] }, [], night, DEFAULT_RULES)).toMatchObject({
      rule: HardRule.Qualification,
      reason: 'niet bevoegd voor de rol consult',
    });
    const absent = [{ startMs: parseLocal('2027-06-08T07:00'), endMs: parseLocal('2027-06-09T00:00') }];
    expect(checkAssignment({ ...gp, unavailable: absent }, [], night, DEFAULT_RULES)?.rule).toBe(HardRule.Unavailable);
    expect(checkAssignment({ ...gp, noNights: true }, [], night, DEFAULT_RULES)).toMatchObject({ rule: HardRule.NoNights, reason: 'vrijgesteld van nachtdiensten' });
    // 23:00–01:00 has exactly 60 minutes after midnight: not a night shift
    expect(checkAssignment({ ...gp, noNights: true }, [], shift('late', '2027-06-07T23:00', '2027-06-08T01:00'), DEFAULT_RULES)).toBeNull();
  });

  it('says why in Dutch: 14 hours after a night that ends after 02:00', () => {
    const existing = [shift('n', '2027-06-07T23:00', '2027-06-08T08:00')];
    expect(checkAssignment(gp, existing, shift('e', '2027-06-08T21:00', '2027-06-08T24:00'), DEFAULT_RULES)).toEqual({
      rule: HardRule.Rest,
      gp: 'gp-a',
      shift: 'e',
      other: 'n',
      reason: 'onvoldoende rust na nachtdienst (14 uur vereist)',
    });
    expect(checkAssignment(gp, existing, shift('e', '2027-06-08T22:00', '2027-06-08T24:00'), DEFAULT_RULES)).toBeNull();
  });

  it('finds overlap across posts, also when the candidate comes first', () => {
    const existing = [shift('zuid', '2027-06-07T22:00', '2027-06-08T02:00')];
    expect(checkAssignment(gp, existing, shift('noord', '2027-06-07T16:00', '2027-06-07T23:00'), DEFAULT_RULES)).toMatchObject({
      rule: HardRule.Overlap,
      other: 'zuid',
    });
  });

  it('asks 46 hours after the third night, also when the candidate completes the run before it', () => {
    const nights = ['07', '08', '09'].map((d) => shift(`n${d}`, `2027-06-${d}T23:00`, `2027-06-${String(Number(d) + 1).padStart(2, '0')}T08:00`));
    const after = shift('after', '2027-06-11T17:00', '2027-06-11T24:00');
    expect(checkAssignment(gp, nights, after, DEFAULT_RULES)).toMatchObject({
      rule: HardRule.Rest,
      reason: 'onvoldoende rust na een reeks van 3 nachtdiensten (46 uur vereist)',
    });
    // the first night joins n08, n09 and the day shift after them: now the run rest applies to n09
    expect(checkAssignment(gp, [nights[1], nights[2], after], nights[0], DEFAULT_RULES)).toMatchObject({ rule: HardRule.Rest, other: 'after' });
    // a fourth night continues the run (no run rest) but breaks the maximum of 3
    const fourth = shift('n10', '2027-06-10T23:00', '2027-06-11T08:00');
    expect(checkAssignment(gp, nights, fourth, DEFAULT_RULES)).toMatchObject({ rule: HardRule.ConsecutiveNights });
  });

  it('counts nights per window of calendar days', () => {
    const rules: Rules = { ...DEFAULT_RULES, maxNightsPerWindow: { nights: 2, days: 7 } };
    const nights = [shift('a', '2027-06-07T23:00', '2027-06-08T08:00'), shift('b', '2027-06-10T23:00', '2027-06-11T08:00')];
    expect(checkAssignment(gp, nights, shift('c', '2027-06-13T23:00', '2027-06-14T08:00'), rules)?.rule).toBe(HardRule.NightsPerWindow);
    expect(checkAssignment(gp, nights, shift('c', '2027-06-14T23:00', '2027-06-15T08:00'), rules)).toBeNull();
  });

  it('agrees with validateRoster: a lawful roster plus the candidate is lawful exactly when checkAssignment allows it', () => {
    const item = fc.record({ day: fc.integer({ min: 0, max: 7 }), shape: fc.integer({ min: 0, max: SHAPES.length - 1 }) });
    fc.assert(
      fc.property(fc.array(item, { minLength: 0, maxLength: 7 }), item, fc.boolean(), (existing, candidate, tight) => {
        const all = [...existing, candidate];
        const instance = parseInstance({
          format: 'anw-roster-instance/1',
          ...(tight ? { rules: TIGHT_RULES } : {}),
          gps: [{ id: 'gp-a', weight: 1, qualifications: ['consult'] }],
          shifts: all.map((s, i) => ({ id: `s${i}`, role: 'consult', ...shiftTimes(s.day, s.shape), required: 1 })),
        });
        const assignments = instance.shifts.map((s) => ({ shift: s.id, gp: 'gp-a' }));
        fc.pre(validateRoster(instance, assignments.slice(0, -1)).length === 0);
        const [cand, ...rest] = [...instance.shifts].reverse();
        const verdict = checkAssignment(
          { id: 'gp-a', qualifications: ['consult'] },
          rest.map((s) => ({ id: s.id, startMs: s.startMs, endMs: s.endMs })),
          { id: cand.id, role: cand.role, startMs: cand.startMs, endMs: cand.endMs },
          instance.rules,
        );
        expect(verdict === null).toBe(validateRoster(instance, assignments).length === 0);
      }),
      { numRuns: 400 },
    );
  });
});
