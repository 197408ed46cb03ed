import { ANW_CATEGORIES, type AnwCategory, LocalTimeError, localDate, nzaHolidayDates, parseLocal } from '@anw/time';
import { IANAZone } from 'luxon';
import { InstanceError } from './distribution-error.js';
import {
  type Assignment,
  DEFAULT_RULES,
  type GpKind,
  type HistoryShift,
  type GpLimits,
  INSTANCE_FORMAT,
  INSTANCE_FORMAT_1_1,
  type Instance,
  type InstanceFormat,
  type InstanceGp,
  LIMIT_KINDS,
  type Preference,
  type InstanceShift,
  type Rules,
  type TimeInterval,
} from './instance.js';
import { countKinds, describeLimit, exceededLimit, instanceKindMasks } from './limits.js';
import { validateRoster } from './validate-roster.js';

type Json = Record<string, unknown>;

const GP_KINDS: readonly GpKind[] = ['practiceHolder', 'employed', 'locum'];
const FORMATS: readonly InstanceFormat[] = [INSTANCE_FORMAT, INSTANCE_FORMAT_1_1];
const PREFERENCE_KINDS: readonly Preference['kind'][] = ['want', 'avoid'];
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function fail(field: string, reason: string): never {
  throw new InstanceError(field, reason);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown, field: string): Json {
  if (!isObject(value)) fail(field, value === undefined ? 'ontbreekt' : 'moet een object zijn');
  return value;
}

function array(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) fail(field, value === undefined ? 'ontbreekt' : 'moet een lijst zijn');
  return value;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') fail(field, value === undefined ? 'ontbreekt' : 'moet een tekst zijn');
  return value;
}

function id(value: unknown, field: string): string {
  const result = text(value, field);
  if (result.trim() === '') fail(field, 'mag niet leeg zijn');
  return result;
}

function number(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(field, value === undefined ? 'ontbreekt' : 'moet een getal zijn');
  return value;
}

function wholeNumber(value: unknown, field: string, min: number): number {
  const result = number(value, field);
  if (!Number.isInteger(result) || result < min) fail(field, `moet een geheel getal ≥ ${min} zijn (nu ${result})`);
  return result;
}

function nonNegative(value: unknown, field: string): number {
  const result = number(value, field);
  if (result < 0) fail(field, `mag niet negatief zijn (nu ${result})`);
  return result;
}

function date(value: unknown, field: string): string {
  const result = text(value, field);
  const match = DATE_PATTERN.exec(result);
  const valid =
    match !== null &&
    new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))).toISOString().slice(0, 10) === result;
  if (!valid) fail(field, `ongeldige datum "${result}": verwacht JJJJ-MM-DD`);
  return result;
}

function localTime(value: unknown, field: string, zone: string): number {
  const result = text(value, field);
  try {
    return parseLocal(result, zone);
  } catch (error) {
    if (error instanceof LocalTimeError) fail(field, error.message);
    throw error;
  }
}

function interval(value: unknown, field: string, zone: string): TimeInterval {
  const source = object(value, field);
  const startMs = localTime(source.start, `${field}.start`, zone);
  const endMs = localTime(source.end, `${field}.end`, zone);
  if (endMs <= startMs) fail(`${field}.end`, `einde (${String(source.end)}) ligt niet na het begin (${String(source.start)})`);
  return { start: source.start as string, end: source.end as string, startMs, endMs };
}

function parseRules(value: unknown): Rules {
  if (value === undefined) return { ...DEFAULT_RULES, maxNightsPerWindow: { ...DEFAULT_RULES.maxNightsPerWindow } };
  const source = object(value, 'rules');
  const pick = <T>(key: string, read: (v: unknown, field: string) => T, fallback: T): T =>
    source[key] === undefined ? fallback : read(source[key], `rules.${key}`);
  const eveningStart = pick('eveningStart', text, DEFAULT_RULES.eveningStart);
  const clock = /^(\d{2}):(\d{2})$/.exec(eveningStart);
  const minute = clock ? Number(clock[1]) * 60 + Number(clock[2]) : NaN;
  if (!clock || Number(clock[2]) > 59 || !(minute >= 8 * 60 && minute <= 24 * 60)) {
    fail('rules.eveningStart', `ongeldig begin van de avond "${eveningStart}": verwacht UU:MM tussen 08:00 en 24:00`);
  }
  let window = { ...DEFAULT_RULES.maxNightsPerWindow };
  if (source.maxNightsPerWindow !== undefined) {
    const w = object(source.maxNightsPerWindow, 'rules.maxNightsPerWindow');
    window = {
      nights: w.nights === undefined ? window.nights : wholeNumber(w.nights, 'rules.maxNightsPerWindow.nights', 0),
      days: w.days === undefined ? window.days : wholeNumber(w.days, 'rules.maxNightsPerWindow.days', 1),
    };
  }
  return {
    eveningStart,
    minRestHours: pick('minRestHours', nonNegative, DEFAULT_RULES.minRestHours),
    minRestAfterNightHours: pick('minRestAfterNightHours', nonNegative, DEFAULT_RULES.minRestAfterNightHours),
    nightRunLength: pick('nightRunLength', (v, f) => wholeNumber(v, f, 1), DEFAULT_RULES.nightRunLength),
    restAfterNightRunHours: pick('restAfterNightRunHours', nonNegative, DEFAULT_RULES.restAfterNightRunHours),
    maxConsecutiveNights: pick('maxConsecutiveNights', (v, f) => wholeNumber(v, f, 1), DEFAULT_RULES.maxConsecutiveNights),
    maxNightsPerWindow: window,
  };
}

function parsePreference(value: unknown, field: string, zone: string): Preference {
  const source = object(value, field);
  const kind = text(source.kind, `${field}.kind`);
  if (!PREFERENCE_KINDS.includes(kind as Preference['kind'])) fail(`${field}.kind`, `onbekende soort wens "${kind}": kies uit ${PREFERENCE_KINDS.join(', ')}`);
  const times = interval(source, field, zone);
  let weight = 1;
  if (source.weight !== undefined) {
    weight = wholeNumber(source.weight, `${field}.weight`, 1);
    if (weight > 3) fail(`${field}.weight`, `moet een geheel getal van 1 tot en met 3 zijn (nu ${weight})`);
  }
  return { kind: kind as Preference['kind'], ...times, weight };
}

function parseLimits(value: unknown, field: string): GpLimits {
  const source = object(value, field);
  const limits: GpLimits = {};
  // other keys are unknown fields: ignored, as the format says
  for (const kind of LIMIT_KINDS) if (source[kind] !== undefined) limits[kind] = wholeNumber(source[kind], `${field}.${kind}`, 0);
  return limits;
}

function parseGp(value: unknown, field: string, zone: string, version11: boolean): InstanceGp {
  const source = object(value, field);
  const gpId = id(source.id, `${field}.id`);
  const weight = nonNegative(source.weight, `${field}.weight`);
  const qualifications = array(source.qualifications, `${field}.qualifications`).map((q, i) => id(q, `${field}.qualifications[${i}]`));
  let kind: GpKind | undefined;
  if (source.kind !== undefined) {
    const given = text(source.kind, `${field}.kind`);
    if (!GP_KINDS.includes(given as GpKind)) fail(`${field}.kind`, `onbekende soort "${given}": kies uit ${GP_KINDS.join(', ')}`);
    kind = given as GpKind;
  }
  const unavailable =
    source.unavailable === undefined
      ? []
      : array(source.unavailable, `${field}.unavailable`).map((u, i) => interval(u, `${field}.unavailable[${i}]`, zone));
  let noNights = false;
  if (source.noNights !== undefined) {
    if (typeof source.noNights !== 'boolean') fail(`${field}.noNights`, 'moet true of false zijn');
    noNights = source.noNights;
  }
  const balanceHours = { avond: 0, nacht: 0, weekend: 0, feestdag: 0 } as Record<AnwCategory, number>;
  if (source.balanceHours !== undefined) {
    const balances = object(source.balanceHours, `${field}.balanceHours`);
    for (const c of ANW_CATEGORIES) {
      if (balances[c] !== undefined) balanceHours[c] = number(balances[c], `${field}.balanceHours.${c}`);
    }
  }
  const gp: InstanceGp = { id: gpId, ...(kind ? { kind } : {}), weight, qualifications, unavailable, noNights, balanceHours };
  // in a version-1 instance these are unknown fields, so ignored
  if (version11 && source.preferences !== undefined) {
    gp.preferences = array(source.preferences, `${field}.preferences`).map((p, i) => parsePreference(p, `${field}.preferences[${i}]`, zone));
  }
  if (version11 && source.limits !== undefined) gp.limits = parseLimits(source.limits, `${field}.limits`);
  return gp;
}

function parseShift(value: unknown, field: string, zone: string): InstanceShift {
  const source = object(value, field);
  const shiftId = id(source.id, `${field}.id`);
  const role = id(source.role, `${field}.role`);
  const times = interval(source, field, zone);
  const required = wholeNumber(source.required, `${field}.required`, 1);
  const post = source.post === undefined ? '' : text(source.post, `${field}.post`);
  const fixed = source.fixed === undefined ? [] : array(source.fixed, `${field}.fixed`).map((g, i) => id(g, `${field}.fixed[${i}]`));
  return { id: shiftId, post, role, ...times, required, fixed };
}

function yearsTouched(shifts: readonly InstanceShift[], zone: string): number[] {
  let first = Infinity;
  let last = -Infinity;
  for (const s of shifts) {
    first = Math.min(first, Number(localDate(s.startMs, zone).slice(0, 4)));
    last = Math.max(last, Number(localDate(s.endMs, zone).slice(0, 4)));
  }
  return Number.isFinite(first) ? Array.from({ length: last - first + 1 }, (_, i) => first + i) : [];
}

function unique(ids: readonly string[], field: (i: number) => string): void {
  const seen = new Set<string>();
  ids.forEach((value, i) => {
    if (seen.has(value)) fail(field(i), `dubbele id "${value}"`);
    seen.add(value);
  });
}

/**
 * Validates a roster instance (format `anw-roster-instance/1` or `/1.1`) and fills in the defaults.
 * Throws an InstanceError naming the field (e.g. `shifts[3].end`) with a Dutch message.
 */
export function parseInstance(json: unknown): Instance {
  const source = object(json, '(instantie)');
  if (!FORMATS.includes(source.format as InstanceFormat)) {
    fail('format', source.format === undefined ? 'ontbreekt' : `onbekend formaat ${JSON.stringify(source.format)}: verwacht ${FORMATS.join(' of ')}`);
  }
  const format = source.format as InstanceFormat;
  const version11 = format === INSTANCE_FORMAT_1_1;
  const timezone = source.timezone === undefined ? 'Europe/Amsterdam' : text(source.timezone, 'timezone');
  if (!IANAZone.isValidZone(timezone)) fail('timezone', `onbekende tijdzone "${timezone}"`);
  const rules = parseRules(source.rules);

  const gps = array(source.gps, 'gps').map((g, i) => parseGp(g, `gps[${i}]`, timezone, version11));
  unique(gps.map((g) => g.id), (i) => `gps[${i}].id`);
  const gpIds = new Set(gps.map((g) => g.id));

  const shifts = array(source.shifts, 'shifts').map((s, i) => parseShift(s, `shifts[${i}]`, timezone));
  unique(shifts.map((s) => s.id), (i) => `shifts[${i}].id`);
  shifts.forEach((shift, i) => {
    shift.fixed.forEach((gp, j) => {
      if (!gpIds.has(gp)) fail(`shifts[${i}].fixed[${j}]`, `onbekende huisarts "${gp}"`);
      if (shift.fixed.indexOf(gp) !== j) fail(`shifts[${i}].fixed[${j}]`, `huisarts "${gp}" staat dubbel op deze dienst`);
    });
    if (shift.fixed.length > shift.required) {
      fail(`shifts[${i}].fixed`, `${shift.fixed.length} vaste huisartsen, maar de dienst vraagt er ${shift.required}`);
    }
  });

  let period: Instance['period'];
  if (source.period === undefined) {
    if (shifts.length === 0) fail('period', 'ontbreekt (en er zijn geen diensten om de periode uit af te leiden)');
    const dates = shifts.map((s) => localDate(s.startMs, timezone)).sort();
    period = { start: dates[0], end: dates[dates.length - 1] };
  } else {
    const p = object(source.period, 'period');
    if (p.start === undefined || p.end === undefined) fail(p.start === undefined ? 'period.start' : 'period.end', 'ontbreekt (geef begin en einde, of geen van beide)');
    period = { start: date(p.start, 'period.start'), end: date(p.end, 'period.end') };
    if (period.end < period.start) fail('period.end', `einde (${period.end}) ligt voor het begin (${period.start})`);
  }
  shifts.forEach((shift, i) => {
    const day = localDate(shift.startMs, timezone);
    if (day < period.start || day > period.end) {
      fail(`shifts[${i}].start`, `dienst begint op ${day}, buiten de periode ${period.start} – ${period.end}`);
    }
  });

  let holidays: string[];
  if (source.holidays === undefined) holidays = [...nzaHolidayDates(yearsTouched(shifts, timezone))].sort();
  else holidays = array(source.holidays, 'holidays').map((d, i) => date(d, `holidays[${i}]`));

  const periodStartMs = parseLocal(`${period.start}T00:00`, timezone);
  const history: HistoryShift[] =
    source.history === undefined
      ? []
      : array(source.history, 'history').map((h, i) => {
          const field = `history[${i}]`;
          const entry = object(h, field);
          const gp = id(entry.gp, `${field}.gp`);
          if (!gpIds.has(gp)) fail(`${field}.gp`, `onbekende huisarts "${gp}"`);
          const times = interval(entry, field, timezone);
          if (times.startMs >= periodStartMs) fail(`${field}.start`, `historie moet voor de periode beginnen (${period.start})`);
          return { gp, ...times };
        });

  const instance: Instance = { format, timezone, period, rules, holidays, gps, shifts, history };
  checkFixedLimits(instance);
  checkFixed(instance);
  return instance;
}

/** Hard rule 8: fixed assignments that already exceed a GP's limit make the instance inconsistent. */
function checkFixedLimits(instance: Instance): void {
  if (!instance.gps.some((g) => g.limits)) return;
  const masks = instanceKindMasks(instance);
  instance.gps.forEach((gp, i) => {
    if (!gp.limits) return;
    const fixedMasks = instance.shifts.flatMap((s, k) => (s.fixed.includes(gp.id) ? [masks[k]] : []));
    const over = exceededLimit(gp.limits, countKinds(fixedMasks));
    if (over) fail(`gps[${i}].limits.${over.kind}`, `de vaste bezetting breekt al de limiet: ${describeLimit(over.kind, over.limit, over.count)}`);
  });
}

/** Fixed assignments are worked shifts: they must keep every hard rule among themselves and with history. */
function checkFixed(instance: Instance): void {
  const fixed: Assignment[] = instance.shifts.flatMap((s) => s.fixed.map((gp) => ({ shift: s.id, gp })));
  if (fixed.length === 0) return;
  const violation = validateRoster(instance, fixed)[0];
  if (!violation) return;
  const i = instance.shifts.findIndex((s) => s.id === violation.shift);
  const j = instance.shifts[i].fixed.indexOf(violation.gp);
  const other = violation.other ? ` (met ${violation.other})` : '';
  fail(`shifts[${i}].fixed[${j}]`, `vaste bezetting van "${violation.gp}" breekt een harde regel: ${violation.reason}${other}`);
}
