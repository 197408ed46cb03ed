import { DEFAULT_RULES, type Rules } from '@anw/distribution';
import type { FieldProblem } from '@anw/platform';
import type { DayOpeningSettings, QuotaPolicy } from '../entities/hds.entity.js';

/** Where avond starts on working days: the NZa's 18:00, or 17:00 where the region pays the hour before. */
export const EVENING_STARTS = ['17:00', '18:00'] as const;
export type EveningStart = (typeof EVENING_STARTS)[number];

/** The engine's rest-rule parameters: the `rules` of roster instance format v1 without eveningStart (set beside them). */
export type RestRules = Omit<Rules, 'eveningStart'>;

/** An HDS's roster policy as the hds-admin sets it; each change is a new version. */
export interface HdsSettings {
  name: string;
  code: string;
  quotaPolicy: QuotaPolicy;
  eveningStart: EveningStart;
  dayOpenings: DayOpeningSettings;
  rules: RestRules;
}

export const DEFAULT_REST_RULES: Readonly<RestRules> = Object.freeze({
  minRestHours: DEFAULT_RULES.minRestHours,
  minRestAfterNightHours: DEFAULT_RULES.minRestAfterNightHours,
  nightRunLength: DEFAULT_RULES.nightRunLength,
  restAfterNightRunHours: DEFAULT_RULES.restAfterNightRunHours,
  maxConsecutiveNights: DEFAULT_RULES.maxConsecutiveNights,
  maxNightsPerWindow: { ...DEFAULT_RULES.maxNightsPerWindow },
});

/**
 * The Arbeidstijdenwet's limits (art. 5:3 and 5:8) as bounds on the rest rules: an HDS may be
 * stricter, never laxer. The upper/lower ends on the strict side are only there to keep a roster
 * possible at all. Each text is what the OpenAPI document and a refusal say.
 */
export const REST_RULE_BOUNDS = {
  minRestHours: { min: 11, max: 24, law: 'minstens 11 uur rust tussen twee diensten (Arbeidstijdenwet art. 5:3)' },
  minRestAfterNightHours: { min: 14, max: 48, law: 'minstens 14 uur rust na een nachtdienst die na 02:00 eindigt (Arbeidstijdenwet art. 5:8)' },
  nightRunLength: { min: 1, max: 3, law: 'een reeks van 3 of meer nachtdiensten geeft recht op de lange rust, dus hoogstens 3 (Arbeidstijdenwet art. 5:8)' },
  restAfterNightRunHours: { min: 46, max: 96, law: 'minstens 46 uur rust na een reeks nachtdiensten (Arbeidstijdenwet art. 5:8)' },
  maxConsecutiveNights: { min: 1, max: 7, law: 'hoogstens 7 diensten achter elkaar als er een nachtdienst bij is, dus hoogstens 7 nachten (Arbeidstijdenwet art. 5:8)' },
  maxNightsPerWindow: { nights: 36, days: 112, law: 'hoogstens 36 nachtdiensten per 16 weken (112 dagen) (Arbeidstijdenwet art. 5:8)' },
} as const;

type ScalarRule = Exclude<keyof RestRules, 'maxNightsPerWindow'>;
const SCALAR_RULES: ScalarRule[] = ['minRestHours', 'minRestAfterNightHours', 'nightRunLength', 'restAfterNightRunHours', 'maxConsecutiveNights'];

/**
 * Every rest rule outside its bounds, as field problems naming the field and the legal bound (empty
 * when lawful). A night window shorter than 112 days must still cap 112 days at 36: its own cap,
 * repeated over the windows that cover 112 days, may not exceed that.
 */
export function restRuleProblems(rules: RestRules): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const key of SCALAR_RULES) {
    const value = rules[key];
    const { min, max, law } = REST_RULE_BOUNDS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push({ field: `rules.${key}`, message: `rules.${key} moet een geheel getal van ${min} tot en met ${max} zijn: ${law}; gegeven ${value}.` });
    }
  }
  const { nights, days } = rules.maxNightsPerWindow;
  const bound = REST_RULE_BOUNDS.maxNightsPerWindow;
  if (!Number.isInteger(nights) || !Number.isInteger(days) || nights < 1 || days < 1 || days > 366) {
    problems.push({ field: 'rules.maxNightsPerWindow', message: 'rules.maxNightsPerWindow: nights en days zijn gehele getallen ≥ 1, days hoogstens 366.' });
  } else if (nights * Math.ceil(bound.days / days) > bound.nights) {
    problems.push({
      field: 'rules.maxNightsPerWindow',
      message: `rules.maxNightsPerWindow (${nights} per ${days} dagen) laat meer toe dan de wet: ${bound.law}.`,
    });
  }
  return problems;
}

/** The engine's `rules` (instance format v1) for these settings. */
export function engineRules(settings: Pick<HdsSettings, 'eveningStart' | 'rules'>): Rules {
  return { ...DEFAULT_RULES, ...settings.rules, maxNightsPerWindow: { ...settings.rules.maxNightsPerWindow }, eveningStart: settings.eveningStart };
}
