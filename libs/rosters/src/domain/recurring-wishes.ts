import { DateTime } from 'luxon';
import { DEFAULT_ZONE } from '@anw/time';

export type WishKind = 'want' | 'avoid';

/**
 * A wish that returns every week: on `weekday` (ISO, 1 = Monday … 7 = Sunday) from `startTime`
 * to `endTime` (local 'HH:mm'); an end at or before the start ends the next day, so
 * 17:00–08:00 is a night and 00:00–00:00 the whole day.
 */
export interface RecurringWish {
  kind: WishKind;
  weekday: number;
  startTime: string;
  endTime: string;
  /** 1–3 */
  weight: number;
}

/** A dated wish in the roster instance's local time ('YYYY-MM-DDTHH:mm'). */
export interface LocalWish {
  kind: WishKind;
  start: string;
  end: string;
  weight: number;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Whether `value` is a local time of day 'HH:mm' (00:00–23:59). */
export function isTimeOfDay(value: string): boolean {
  return TIME.test(value);
}

/**
 * The recurring wishes as local intervals on every matching day of the period (inclusive local
 * dates `start`..`end`), in order. Days are stepped in the zone's calendar, never by 24 hours, so
 * a window keeps its wall-clock times across a DST change; a time the clocks skip moves to the
 * end of the gap, and a window the gap swallows whole is dropped.
 */
export function expandRecurringWishes(wishes: readonly RecurringWish[], period: { start: string; end: string }, zone: string = DEFAULT_ZONE): LocalWish[] {
  const out: LocalWish[] = [];
  const first = DateTime.fromISO(period.start, { zone });
  const last = DateTime.fromISO(period.end, { zone });
  if (!first.isValid || !last.isValid) throw new Error(`not a period: ${period.start}..${period.end}`);
  for (let day = first; day <= last; day = day.plus({ days: 1 })) {
    for (const wish of wishes) {
      if (wish.weekday !== day.weekday) continue;
      const [sh, sm] = wish.startTime.split(':').map(Number);
      const [eh, em] = wish.endTime.split(':').map(Number);
      const start = at(day, sh, sm, zone);
      const endDay = eh * 60 + em <= sh * 60 + sm ? day.plus({ days: 1 }) : day;
      const end = at(endDay, eh, em, zone);
      if (end <= start) continue;
      out.push({ kind: wish.kind, start: start.toFormat("yyyy-MM-dd'T'HH:mm"), end: end.toFormat("yyyy-MM-dd'T'HH:mm"), weight: wish.weight });
    }
  }
  return out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

function at(day: DateTime, hour: number, minute: number, zone: string): DateTime {
  const dt = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone });
  // luxon moves a skipped wall-clock time forward by the gap (02:30 → 03:30); the wish means the
  // first instant after it, and the gaps of the zones we serve end on the hour
  return dt.hour === hour && dt.minute === minute ? dt : dt.startOf('hour');
}
