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
  /** UTC hour bucket → offset in minutes, only for buckets with one offset throughout */
  offsets: Map<number, number>;
}

const zones = new Map<string, ZoneInfo>();

function zoneInfo(name: string): ZoneInfo {
  let info = zones.get(name);
  if (!info) {
    const zone = IANAZone.create(name);
    if (!zone.isValid) throw new LocalTimeError('invalid_local_time', `onbekende tijdzone: "${name}"`);
    info = { zone, offsets: new Map() };
    zones.set(name, info);
  }
  return info;
}

/** The zone's UTC offset in minutes at `ms`. Memoised per UTC hour: luxon's lookup costs ~15 µs. */
export function zoneOffset(ms: number, zoneName: string): number {
  const info = zoneInfo(zoneName);
  const bucket = Math.floor(ms / MS_PER_HOUR);
  const cached = info.offsets.get(bucket);
  if (cached !== undefined) return cached;
  const first = info.zone.offset(bucket * MS_PER_HOUR);
  const last = info.zone.offset(bucket * MS_PER_HOUR + MS_PER_HOUR - 1);
  if (first === last) {
    if (info.offsets.size > 200_000) info.offsets.clear();
    info.offsets.set(bucket, first);
    return first;
  }
  // a transition inside this hour (none in Europe/Amsterdam, which changes on the UTC hour)
  return info.zone.offset(ms);
}

/**
 * The instant of a local wall-clock time, given as "local time read as UTC" (`Date.UTC` of the
 * fields). Returns the earliest instant that shows this wall time (the first occurrence of an
 * ambiguous autumn time), or `undefined` when the time does not exist (spring gap).
 */
export function resolveLocal(localAsUtc: number, zoneName: string): number | undefined {
  let best: number | undefined;
  // every offset in force within a day of this wall time is a candidate; one is right when the
  // instant it yields really has that offset
  for (const probe of [localAsUtc - MS_PER_DAY, localAsUtc, localAsUtc + MS_PER_DAY]) {
    const offset = zoneOffset(probe, zoneName);
    const ms = localAsUtc - offset * MS_PER_MINUTE;
    if (zoneOffset(ms, zoneName) === offset && (best === undefined || ms < best)) best = ms;
  }
  return best;
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
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  const validDate = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
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

/** Day number (days since 1970-01-01) → `YYYY-MM-DD`. */
export function isoDate(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` → day number, or undefined when malformed. */
export function dayNumberOf(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
