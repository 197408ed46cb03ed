import { describe, expect, it } from '@jest/globals';
import { DEFAULT_REST_RULES, restRuleProblems, type RestRules } from './hds-settings.js';

describe(restRuleProblems.name, () => {
  const lawful = (change: Partial<RestRules>): RestRules => ({ ...DEFAULT_REST_RULES, ...change });

  it('accepts the defaults and anything stricter', () => {
    expect(restRuleProblems(lawful({}))).toEqual([]);
    expect(restRuleProblems(lawful({ minRestHours: 12, minRestAfterNightHours: 16, nightRunLength: 2, restAfterNightRunHours: 48, maxConsecutiveNights: 2 }))).toEqual([]);
    expect(restRuleProblems(lawful({ maxNightsPerWindow: { nights: 9, days: 28 } }))).toEqual([]);
    expect(restRuleProblems(lawful({ maxNightsPerWindow: { nights: 36, days: 200 } }))).toEqual([]);
  });

  it.each([
    ['minRestHours', { minRestHours: 10 }, '11'],
    ['minRestAfterNightHours', { minRestAfterNightHours: 12 }, '14'],
    ['nightRunLength', { nightRunLength: 4 }, '3'],
    ['restAfterNightRunHours', { restAfterNightRunHours: 40 }, '46'],
    ['maxConsecutiveNights', { maxConsecutiveNights: 8 }, '7'],
    ['maxNightsPerWindow', { maxNightsPerWindow: { nights: 37, days: 112 } }, '36'],
    ['maxNightsPerWindow', { maxNightsPerWindow: { nights: 10, days: 28 } }, '36'],
  ] as const)('refuses a laxer %s, naming the field and the legal bound', (field, change, bound) => {
    const problems = restRuleProblems(lawful(change));
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(`rules.${field}`);
    expect(problems[0].message).toContain('Arbeidstijdenwet');
    expect(problems[0].message).toContain(bound);
  });

  it('refuses fractions', () => {
    expect(restRuleProblems(lawful({ minRestHours: 11.5 })).map((p) => p.field)).toEqual(['rules.minRestHours']);
  });
});
