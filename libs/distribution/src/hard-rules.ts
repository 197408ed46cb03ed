import type { Rules } from './instance.js';

/** The hard rules of the instance format, by number: 1 qualification … 7 nights per window, 8 limits (1.1). */
export enum HardRule {
  Qualification = 'qualification',
  Unavailable = 'unavailable',
  NoNights = 'no-nights',
  Overlap = 'overlap',
  Rest = 'rest',
  ConsecutiveNights = 'consecutive-nights',
  NightsPerWindow = 'nights-per-window',
  /** version 1.1: a per-GP limit per kind of shift */
  Limit = 'limit',
}

/** A GP who may not fill a position, and why (Dutch). */
export interface Violation {
  rule: HardRule;
  gp: string;
  shift: string;
  /** the other shift involved (overlap, rest) */
  other?: string;
  reason: string;
}

const MS_PER_HOUR = 3_600_000;

/** The rules in milliseconds and counts, as the checkers use them. */
export interface RuleLimits {
  minRestMs: number;
  minRestAfterNightMs: number;
  restAfterRunMs: number;
  runLength: number;
  maxConsecutive: number;
  windowNights: number;
  windowDays: number;
  /** the longest rest any rule can ask */
  maxRestMs: number;
}

export function ruleLimits(rules: Rules): RuleLimits {
  const minRestMs = rules.minRestHours * MS_PER_HOUR;
  const minRestAfterNightMs = rules.minRestAfterNightHours * MS_PER_HOUR;
  const restAfterRunMs = rules.restAfterNightRunHours * MS_PER_HOUR;
  return {
    minRestMs,
    minRestAfterNightMs,
    restAfterRunMs,
    runLength: rules.nightRunLength,
    maxConsecutive: rules.maxConsecutiveNights,
    windowNights: rules.maxNightsPerWindow.nights,
    windowDays: rules.maxNightsPerWindow.days,
    maxRestMs: Math.max(minRestMs, minRestAfterNightMs, restAfterRunMs),
  };
}

/** Worked shifts as columns, addressed by index (the solver's shifts and history share one table). */
export interface WorkedTable {
  start: ArrayLike<number>;
  end: ArrayLike<number>;
  night: ArrayLike<number>;
  nightDay: ArrayLike<number>;
  late: ArrayLike<number>;
}

/** One GP's worked shifts: indices sorted by start, and the start days of their night shifts (sorted, with repeats). */
export interface Timeline {
  items: number[];
  nightDays: number[];
}

export type RestKind = 'rest' | 'night' | 'run';

/** Why a candidate shift does not fit a timeline (rules 4–7); `other` is a table index or -1. */
export interface TimelineConflict {
  rule: HardRule.Overlap | HardRule.Rest | HardRule.ConsecutiveNights | HardRule.NightsPerWindow | HardRule.Limit;
  other: number;
  /** rest: the candidate comes before `other` */
  before: boolean;
  restKind: RestKind;
  requiredMs: number;
  /** consecutive nights: the run length the candidate would make */
  run: number;
}

function lowerBound(values: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function hasDay(days: readonly number[], day: number): boolean {
  const i = lowerBound(days, day);
  return i < days.length && days[i] === day;
}

function countDays(days: readonly number[], from: number, to: number): number {
  return lowerBound(days, to + 1) - lowerBound(days, from);
}

/** Index of the first item that starts after `startMs` (items starting at the same time count as earlier). */
function insertionIndex(table: WorkedTable, items: readonly number[], startMs: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (table.start[items[mid]] <= startMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function daysBefore(days: readonly number[], day: number): number {
  let run = 0;
  while (hasDay(days, day - run - 1)) run++;
  return run;
}

function daysAfter(days: readonly number[], day: number): number {
  let run = 0;
  while (hasDay(days, day + run + 1)) run++;
  return run;
}

/**
 * The rest rule 5 asks between `a` and the next shift `b`: the largest that applies of the
 * minimum rest, the rest after a night ending after 02:00, and the rest after a run of nights.
 * A night `b` on the day after `a` continues the run rather than following it, so no run rest then
 * (rule 6 caps the run instead).
 */
function restAfter(table: WorkedTable, limits: RuleLimits, a: number, b: number, runOfA: number): { ms: number; kind: RestKind } {
  let ms = limits.minRestMs;
  let kind: RestKind = 'rest';
  if (table.night[a]) {
    if (table.late[a] && limits.minRestAfterNightMs > ms) {
      ms = limits.minRestAfterNightMs;
      kind = 'night';
    }
    const continues = table.night[b] && table.nightDay[b] === table.nightDay[a] + 1;
    if (!continues && runOfA >= limits.runLength && limits.restAfterRunMs > ms) {
      ms = limits.restAfterRunMs;
      kind = 'run';
    }
  }
  return { ms, kind };
}

function conflict(rule: TimelineConflict['rule'], other: number, extra: Partial<TimelineConflict> = {}): TimelineConflict {
  return { rule, other, before: false, restKind: 'rest', requiredMs: 0, run: 0, ...extra };
}

/**
 * Rules 4–7 for one candidate shift `x` against a GP's timeline that does not hold it. Only
 * conflicts involving `x` count (the timeline itself is taken as given, history conflicts and
 * all). Looks only at the neighbourhood the rules can reach: `maxDurationMs` is the longest shift
 * in the table.
 */
export function timelineConflict(
  table: WorkedTable,
  timeline: Timeline,
  x: number,
  limits: RuleLimits,
  maxDurationMs: number,
): TimelineConflict | null {
  const { items, nightDays } = timeline;
  const xs = table.start[x];
  const xe = table.end[x];
  const index = insertionIndex(table, items, xs);
  const reach = maxDurationMs + limits.maxRestMs;

  // rules 4 and 5 against the shifts before x
  for (let j = index - 1; j >= 0; j--) {
    const a = items[j];
    if (table.start[a] < xs - reach) break;
    if (table.end[a] > xs) return conflict(HardRule.Overlap, a);
    const runOfA = table.night[a] ? 1 + daysBefore(nightDays, table.nightDay[a]) : 0;
    const rest = restAfter(table, limits, a, x, runOfA);
    if (xs - table.end[a] < rest.ms) return conflict(HardRule.Rest, a, { restKind: rest.kind, requiredMs: rest.ms, run: runOfA });
  }

  const xNight = table.night[x] === 1;
  const day = table.nightDay[x];
  const newDay = xNight && !hasDay(nightDays, day);
  const left = xNight ? daysBefore(nightDays, day) : 0;
  // ... and after it
  for (let j = index; j < items.length; j++) {
    const b = items[j];
    if (table.start[b] >= xe + limits.maxRestMs) break;
    if (table.start[b] < xe) return conflict(HardRule.Overlap, b);
    const rest = restAfter(table, limits, x, b, xNight ? 1 + left : 0);
    if (table.start[b] - xe < rest.ms) return conflict(HardRule.Rest, b, { before: true, restKind: rest.kind, requiredMs: rest.ms, run: 1 + left });
  }
  if (!xNight) return null;

  if (newDay) {
    const right = daysAfter(nightDays, day);
    // rule 6: x joins the runs on either side
    if (left + 1 + right > limits.maxConsecutive) return conflict(HardRule.ConsecutiveNights, -1, { run: left + 1 + right });
    // rule 5: the later nights of the run now end a longer run, and may need the run rest
    if (right > 0 && left + 1 + right >= limits.runLength) {
      for (let j = index; j < items.length; j++) {
        const a = items[j];
        const aDay = table.nightDay[a];
        if (aDay > day + right) break;
        if (!table.night[a] || aDay <= day) continue;
        const runOfA = left + 1 + (aDay - day);
        for (let k = j + 1; k < items.length; k++) {
          const b = items[k];
          if (table.start[b] >= table.end[a] + limits.maxRestMs) break;
          if (table.start[b] < table.end[a]) continue;
          const rest = restAfter(table, limits, a, b, runOfA);
          if (table.start[b] - table.end[a] < rest.ms) return conflict(HardRule.Rest, b, { restKind: rest.kind, requiredMs: rest.ms, run: runOfA });
        }
      }
    }
  }

  // rule 7: every window of windowDays days that holds x; the fullest one starts on a night or on x's day
  const span = limits.windowDays;
  let fullest = countDays(nightDays, day, day + span - 1);
  for (let i = lowerBound(nightDays, day - span + 1); i < nightDays.length && nightDays[i] < day; i++) {
    const from = nightDays[i];
    fullest = Math.max(fullest, countDays(nightDays, from, from + span - 1));
  }
  if (fullest + 1 > limits.windowNights) return conflict(HardRule.NightsPerWindow, -1, { run: fullest + 1 });
  return null;
}

/** Adds a worked shift to a timeline (which must not hold it). */
export function addToTimeline(table: WorkedTable, timeline: Timeline, x: number): void {
  timeline.items.splice(insertionIndex(table, timeline.items, table.start[x]), 0, x);
  if (table.night[x]) {
    const day = table.nightDay[x];
    timeline.nightDays.splice(lowerBound(timeline.nightDays, day), 0, day);
  }
}

/** Removes a worked shift from a timeline. */
export function removeFromTimeline(table: WorkedTable, timeline: Timeline, x: number): void {
  const at = timeline.items.indexOf(x);
  if (at >= 0) timeline.items.splice(at, 1);
  if (table.night[x]) {
    const i = lowerBound(timeline.nightDays, table.nightDay[x]);
    if (timeline.nightDays[i] === table.nightDay[x]) timeline.nightDays.splice(i, 1);
  }
}

function hours(ms: number): string {
  return String(Math.round((ms / MS_PER_HOUR) * 100) / 100);
}

/** The Dutch reason of a timeline conflict. */
export function describeConflict(c: TimelineConflict, limits: RuleLimits): string {
  switch (c.rule) {
    case HardRule.Overlap:
      return 'overlapt met een andere dienst van deze huisarts';
    case HardRule.Rest:
      if (c.restKind === 'run') return `onvoldoende rust na een reeks van ${c.run} nachtdiensten (${hours(c.requiredMs)} uur vereist)`;
      if (c.restKind === 'night') return `onvoldoende rust na nachtdienst (${hours(c.requiredMs)} uur vereist)`;
      return `onvoldoende rust tussen twee diensten (${hours(c.requiredMs)} uur vereist)`;
    case HardRule.ConsecutiveNights:
      return `meer dan ${limits.maxConsecutive} nachtdiensten achter elkaar (${c.run})`;
    case HardRule.NightsPerWindow:
      return `meer dan ${limits.windowNights} nachtdiensten in ${limits.windowDays} dagen (${c.run})`;
    case HardRule.Limit:
      return 'meer diensten van deze soort dan de limiet van deze huisarts';
  }
}

export function describeStaticRule(rule: HardRule.Qualification | HardRule.Unavailable | HardRule.NoNights, role: string): string {
  switch (rule) {
    case HardRule.Qualification:
      return `niet bevoegd voor de rol ${role}`;
    case HardRule.Unavailable:
      return 'niet beschikbaar tijdens deze dienst';
    case HardRule.NoNights:
      return 'vrijgesteld van nachtdiensten';
  }
}
