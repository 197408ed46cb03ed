import { type Category, type Minutes, emptyMinutes } from './categories.js';
import { DEFAULT_ZONE, LocalTimeError, MS_PER_DAY, isoDate, resolveLocalLenient, zoneOffset } from './local-time.js';

export interface ClassifyOptions {
  /** 'HH:mm' between 08:00 and 24:00; default '17:00' (the NZa tariff hours start at 18:00) */
  eveningStart?: string;
  /** ISO dates 'YYYY-MM-DD' that count as feestdag 08:00–24:00 */
  holidays: ReadonlySet<string>;
  zone?: string;
}

/** Elapsed milliseconds per category; exact for any input, where minutes may be fractional. */
export type Millis = Record<Category, number>;

interface LocalDay {
  date: string;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** instants of local 00:00, 06:00, 08:00, eveningStart and 24:00 (the next day's 00:00) */
  midnight: number;
  sixAm: number;
  morning: number;
  evening: number;
  end: number;
}

const MS_PER_MINUTE = 60_000;
const DEFAULT_EVENING_START = '17:00';
const MORNING_MINUTE = 8 * 60;
const NIGHT_SHIFT_END_MINUTE = 6 * 60;
const MAX_CACHED_DAYS = 100_000;

// one cache per zone and eveningStart: day number → boundary instants
const dayCaches = new Map<string, Map<number, Map<number, LocalDay>>>();

function dayCache(zone: string, eveningMinute: number): Map<number, LocalDay> {
  let byEvening = dayCaches.get(zone);
  if (!byEvening) {
    byEvening = new Map();
    dayCaches.set(zone, byEvening);
  }
  let cache = byEvening.get(eveningMinute);
  if (!cache) {
    cache = new Map();
    byEvening.set(eveningMinute, cache);
  }
  return cache;
}

function localInstant(dayNumber: number, minuteOfDay: number, zone: string): number {
  return resolveLocalLenient(dayNumber * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE, zone);
}

function localDay(cache: Map<number, LocalDay>, dayNumber: number, zone: string, eveningMinute: number): LocalDay {
  let day = cache.get(dayNumber);
  if (!day) {
    if (cache.size >= MAX_CACHED_DAYS) cache.clear();
    day = {
      date: isoDate(dayNumber),
      weekday: (((dayNumber + 4) % 7) + 7) % 7,
      midnight: localInstant(dayNumber, 0, zone),
      sixAm: localInstant(dayNumber, NIGHT_SHIFT_END_MINUTE, zone),
      morning: localInstant(dayNumber, MORNING_MINUTE, zone),
      evening: localInstant(dayNumber, eveningMinute, zone),
      end: localInstant(dayNumber + 1, 0, zone),
    };
    cache.set(dayNumber, day);
  }
  return day;
}

const eveningMinutes = new Map<string, number>();

function parseEveningStart(text: string): number {
  const known = eveningMinutes.get(text);
  if (known !== undefined) return known;
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const minute = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minute < MORNING_MINUTE || minute > 24 * 60) {
    throw new LocalTimeError('invalid_local_time', `ongeldig begin van de avond "${text}": verwacht UU:MM tussen 08:00 en 24:00`);
  }
  if (eveningMinutes.size < 1_000) eveningMinutes.set(text, minute);
  return minute;
}

function checkInterval(startMs: number, endMs: number): void {
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs < startMs) {
    throw new RangeError(`ongeldig interval: einde (${endMs}) ligt voor begin (${startMs}) of is geen tijdstip`);
  }
}

/** The number of the local day containing `ms`: its local date, corrected should midnight be skipped or repeated. */
function dayNumberContaining(cache: Map<number, LocalDay>, ms: number, zone: string, eveningMinute: number): number {
  let dayNumber = Math.floor((ms + zoneOffset(ms, zone) * MS_PER_MINUTE) / MS_PER_DAY);
  while (ms < localDay(cache, dayNumber, zone, eveningMinute).midnight) dayNumber--;
  while (ms >= localDay(cache, dayNumber, zone, eveningMinute).end) dayNumber++;
  return dayNumber;
}

function overlap(fromMs: number, toMs: number, startMs: number, endMs: number): number {
  const from = fromMs > startMs ? fromMs : startMs;
  const to = toMs < endMs ? toMs : endMs;
  return to > from ? to - from : 0;
}

/**
 * Real elapsed milliseconds of [startMs, endMs) (UTC epoch ms) per category: `nacht` every day
 * 00:00–08:00; else `feestdag` on a holiday 08:00–24:00; else `weekend` on Saturday and Sunday
 * 08:00–24:00; else `avond` from eveningStart to 24:00; else `dag` (local time in the zone).
 */
export function splitIntervalMs(startMs: number, endMs: number, options: ClassifyOptions): Millis {
  checkInterval(startMs, endMs);
  const result: Millis = emptyMinutes();
  if (endMs === startMs) return result;
  const zone = options.zone ?? DEFAULT_ZONE;
  const eveningMinute = parseEveningStart(options.eveningStart ?? DEFAULT_EVENING_START);
  const cache = dayCache(zone, eveningMinute);
  let dayNumber = dayNumberContaining(cache, startMs, zone, eveningMinute);
  let day = localDay(cache, dayNumber, zone, eveningMinute);
  while (day.midnight < endMs) {
    const holiday = options.holidays.has(day.date);
    const weekend = day.weekday === 0 || day.weekday === 6;
    result.nacht += overlap(day.midnight, day.morning, startMs, endMs);
    const daytime = overlap(day.morning, day.evening, startMs, endMs);
    const evening = overlap(day.evening, day.end, startMs, endMs);
    if (holiday) result.feestdag += daytime + evening;
    else if (weekend) result.weekend += daytime + evening;
    else {
      result.dag += daytime;
      result.avond += evening;
    }
    day = localDay(cache, ++dayNumber, zone, eveningMinute);
  }
  return result;
}

/**
 * Real elapsed minutes of [startMs, endMs) (UTC epoch ms) per category; see splitIntervalMs.
 * Whole minutes when both ends are on a whole minute (the zone's offsets are whole minutes).
 */
export function splitInterval(startMs: number, endMs: number, options: ClassifyOptions): Minutes {
  const ms = splitIntervalMs(startMs, endMs, options);
  return {
    dag: ms.dag / MS_PER_MINUTE,
    avond: ms.avond / MS_PER_MINUTE,
    nacht: ms.nacht / MS_PER_MINUTE,
    weekend: ms.weekend / MS_PER_MINUTE,
    feestdag: ms.feestdag / MS_PER_MINUTE,
  };
}

/** Real elapsed minutes of [startMs, endMs) between 00:00 and 06:00 local time. */
export function nightWorkMinutes(startMs: number, endMs: number, zone: string = DEFAULT_ZONE): number {
  checkInterval(startMs, endMs);
  if (endMs === startMs) return 0;
  const eveningMinute = parseEveningStart(DEFAULT_EVENING_START);
  const cache = dayCache(zone, eveningMinute);
  let dayNumber = dayNumberContaining(cache, startMs, zone, eveningMinute);
  let day = localDay(cache, dayNumber, zone, eveningMinute);
  let ms = 0;
  while (day.midnight < endMs) {
    ms += overlap(day.midnight, day.sixAm, startMs, endMs);
    day = localDay(cache, ++dayNumber, zone, eveningMinute);
  }
  return ms / MS_PER_MINUTE;
}

/** The Arbeidstijdenwet's night shift: more than 60 minutes of work between 00:00 and 06:00 local. */
export function isNightShift(startMs: number, endMs: number, zone: string = DEFAULT_ZONE): boolean {
  return nightWorkMinutes(startMs, endMs, zone) > 60;
}
