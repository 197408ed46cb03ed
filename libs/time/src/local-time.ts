import { IANAZone } from 'luxon';

export const DEFAULT_ZONE = 'Europe/Amsterdam';

export type LocalTimeErrorCode = 'invalid_local_time' | 'nonexistent_local_time';

export class LocalTimeError extends Error {
  override readonly name = 'LocalTimeError';

  constructor(
    readonly code: LocalTimeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

interface ZoneInfo {
  zone: IANAZone;
  /** UTC day → offset in minutes, for days with one offset throughout */
  dayOffsets: Map<number, number>;
  /** UTC hour → offset in minutes, for hours with one offset throughout (inside transition days) */
  hourOffsets: Map<number, number>;
}

const zones = new Map<string, ZoneInfo>();
const MAX_CACHED = 200_000;
// a day of the zone whose offset is not constant, in dayOffsets
const MIXED = Number.NaN;

function zoneInfo(name: string): ZoneInfo {
  let info = zones.get(name);
  if (!info) {
    const zone = IANAZone.create(name);
    if (!zone.isValid) throw new LocalTimeError('invalid_local_time', `onbekende tijdzone: "${name}"`);
    info = { zone, dayOffsets: new Map(), hourOffsets: new Map() };
    zones.set(name, info);
  }
  return info;
}

function constantOffset(zone: IANAZone, from: number, length: number): number {
  const first = zone.offset(from);
  return first === zone.offset(from + length - 1) ? first : MIXED;
}

/**
 * The zone's UTC offset in minutes at `ms`. Memoised per UTC day, or per UTC hour on a day with
 * a transition: luxon's lookup formats a date through Intl on every call, and classifying and
 * parsing call this in their inner loops. Assumes at most one transition per hour.
 */
export function zoneOffset(ms: number, zoneName: string): number {
  const info = zoneInfo(zoneName);
  const day = Math.floor(ms / MS_PER_DAY);
  let offset = info.dayOffsets.get(day);
  if (offset === undefined) {
    if (info.dayOffsets.size > MAX_CACHED) info.dayOffsets.clear();
    offset = constantOffset(info.zone, day * MS_PER_DAY, MS_PER_DAY);
    info.dayOffsets.set(day, offset);
  }
  if (!Number.isNaN(offset)) return offset;
  const hour = Math.floor(ms / MS_PER_HOUR);
  offset = info.hourOffsets.get(hour);
  if (offset === undefined) {
    if (info.hourOffsets.size > MAX_CACHED) info.hourOffsets.clear();
    offset = constantOffset(info.zone, hour * MS_PER_HOUR, MS_PER_HOUR);
    info.hourOffsets.set(hour, offset);
  }
  // a transition inside this very hour (none in Europe/Amsterdam, which changes on the UTC hour)
  return Number.isNaN(offset) ? info.zone.offset(ms) : offset;
}

/**
 * The instant of a local wall-clock time, given as "local time read as UTC" (`Date.UTC` of the
 * fields). Returns the earliest instant that shows this wall time (the first occurrence of an
 * ambiguous autumn time), or `undefined` when the time does not exist (spring gap).
 */
export function resolveLocal(localAsUtc: number, zoneName: string): number | undefined {
  // every offset in force within a day of this wall time is a candidate; one is right when the
  // instant it yields really has that offset
  const a = candidate(localAsUtc, zoneOffset(localAsUtc - MS_PER_DAY, zoneName), zoneName);
  const b = candidate(localAsUtc, zoneOffset(localAsUtc, zoneName), zoneName);
  const c = candidate(localAsUtc, zoneOffset(localAsUtc + MS_PER_DAY, zoneName), zoneName);
  const best = Math.min(a, b, c);
  return best === Infinity ? undefined : best;
}

function candidate(localAsUtc: number, offset: number, zoneName: string): number {
  const ms = localAsUtc - offset * MS_PER_MINUTE;
  return zoneOffset(ms, zoneName) === offset ? ms : Infinity;
}

/** Like resolveLocal, but a time in a gap moves forward by the gap (the wall clock's next reading). */
export function resolveLocalLenient(localAsUtc: number, zoneName: string): number {
  const exact = resolveLocal(localAsUtc, zoneName);
  if (exact !== undefined) return exact;
  const before = zoneOffset(localAsUtc - MS_PER_DAY, zoneName);
  return localAsUtc - before * MS_PER_MINUTE;
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Parses a local ISO date-time without offset (`2027-03-27T23:00`, optionally with seconds) in
 * `zone` to UTC epoch ms. `T24:00` is midnight at the end of that date. A time in the skipped
 * spring hour throws (`nonexistent_local_time`); an ambiguous autumn time is its first
 * occurrence; malformed text throws (`invalid_local_time`). Messages are Dutch and name the value.
 */
export function parseLocal(text: string, zone: string = DEFAULT_ZONE): number {
  const match = LOCAL_PATTERN.exec(text);
  if (!match) {
    throw new LocalTimeError('invalid_local_time', `ongeldige lokale tijd "${text}": verwacht JJJJ-MM-DDTUU:MM`);
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const validDate = year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  const validTime = (hour <= 23 && minute <= 59 && second <= 59) || (hour === 24 && minute === 0 && second === 0);
  if (!validDate || !validTime) {
    throw new LocalTimeError('invalid_local_time', `ongeldige lokale tijd "${text}": datum of tijd bestaat niet`);
  }
  const localAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const ms = resolveLocal(localAsUtc, zone);
  if (ms === undefined) {
    throw new LocalTimeError(
      'nonexistent_local_time',
      `lokale tijd "${text}" bestaat niet in ${zone} (de klok springt vooruit bij de overgang naar zomertijd)`,
    );
  }
  return ms;
}

/** The local calendar date `YYYY-MM-DD` of an instant in `zone`. */
export function localDate(ms: number, zone: string = DEFAULT_ZONE): string {
  const local = ms + zoneOffset(ms, zone) * MS_PER_MINUTE;
  return isoDate(Math.floor(local / MS_PER_DAY));
}

/**
 * The local wall-clock time of an instant in `zone`, to the minute, without offset
 * (`2027-03-27T23:00`): the form parseLocal reads. Both instants of an ambiguous autumn time
 * show the same text.
 */
export function localIso(instant: Date | number, zone: string = DEFAULT_ZONE): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return new Date(ms + zoneOffset(ms, zone) * MS_PER_MINUTE).toISOString().slice(0, 16);
}

/** Day number (days since 1970-01-01) → `YYYY-MM-DD`. */
export function isoDate(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` → day number, or undefined when malformed. */
export function dayNumberOf(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}
