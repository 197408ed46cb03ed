import { LocalTimeError, isNightShift, localDate, parseLocal } from '@anw/time';

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;

/** What the night rules need to know of a worked shift. */
export interface NightFacts {
  /** more than 60 minutes between 00:00 and 06:00 local (Arbeidstijdenwet) */
  night: boolean;
  /** day number (days since 1970-01-01) of the local start date: "consecutive nights" go by start date */
  nightDay: number;
  /** a night shift that ends later than 02:00 on the morning of its night (then 14 h rest) */
  late: boolean;
}

/** 'YYYY-MM-DD' → days since 1970-01-01. */
export function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

/** days since 1970-01-01 → 'YYYY-MM-DD'. */
export function dateOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The instant of a wall-clock time on a date; a time in the spring gap is read on the old offset (02:00 → the jump). */
export function localInstant(date: string, hhmm: string, zone: string): number {
  try {
    return parseLocal(`${date}T${hhmm}`, zone);
  } catch (error) {
    if (!(error instanceof LocalTimeError) || error.code !== 'nonexistent_local_time') throw error;
    const minutes = Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
    return parseLocal(`${date}T00:00`, zone) + minutes * MS_PER_MINUTE;
  }
}

export function nightFacts(startMs: number, endMs: number, zone: string): NightFacts {
  const startDate = localDate(startMs, zone);
  const night = isNightShift(startMs, endMs, zone);
  let late = false;
  if (night) {
    // "ends later than 02:00 on the morning of its night" = it works some time between 02:00 and 06:00
    const last = dayNumber(localDate(endMs, zone));
    for (let day = dayNumber(startDate); day <= last && !late; day++) {
      const date = dateOfDay(day);
      const from = Math.max(startMs, localInstant(date, '02:00', zone));
      const to = Math.min(endMs, localInstant(date, '06:00', zone));
      late = to > from;
    }
  }
  return { night, nightDay: dayNumber(startDate), late };
}
