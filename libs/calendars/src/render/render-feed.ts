import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalEventStatus, type ICalCalendar, type ICalEventData } from 'ical-generator';
import { DateTime } from 'luxon';
import { DEFAULT_ZONE, nzaHolidayDates } from '@anw/time';
import { FeedKind, FeedShiftStatus, type FeedShift, type FeedSpec } from './feed-model.js';
import { shiftText } from './shift-text.js';

/** Clients are asked to poll hourly (REFRESH-INTERVAL and X-PUBLISHED-TTL). */
export const FEED_REFRESH_SECONDS = 3600;

/** Diensten rendered (or looked up) per step of `renderFeedAsync`; other requests get a turn between steps. */
const RENDER_STEP = 50;
const LOOKUP_STEP = 1000;
const BEGIN_EVENT = 'BEGIN:VEVENT\r\n';
const END_EVENT = 'END:VEVENT\r\n';

const STATUS: Record<FeedShiftStatus, ICalEventStatus> = {
  [FeedShiftStatus.Confirmed]: ICalEventStatus.CONFIRMED,
  [FeedShiftStatus.Tentative]: ICalEventStatus.TENTATIVE,
  [FeedShiftStatus.Cancelled]: ICalEventStatus.CANCELLED,
};

/** Where `renderFeedAsync` keeps the text of each VEVENT, keyed by everything that shapes it. */
export interface EventTextCache {
  get(key: string): string | undefined;
  set(key: string, text: string, size: number): void;
}

/**
 * The UID of a dienst in a feed: stable across every change. Post and HDS feeds get their own
 * UIDs, so a planner who is also on the dienst and subscribes to both sees two events, not one
 * that two calendars fight over.
 */
export function shiftUid(shiftId: string, kind: FeedKind): string {
  return kind === FeedKind.Gp ? `${shiftId}@anw-rooster` : `${shiftId}+${kind}@anw-rooster`;
}

function calendarOf(spec: FeedSpec, zone: string): ICalCalendar {
  const calendar = ical({
    name: spec.title,
    description: spec.description,
    prodId: { company: 'anw-rooster', product: 'diensten', language: 'NL' },
    ttl: FEED_REFRESH_SECONDS,
  });
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  calendar.x([{ key: 'X-WR-TIMEZONE', value: zone }]);
  return calendar;
}

function sorted(spec: FeedSpec): FeedShift[] {
  return [...spec.shifts].sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function holidaysOf(shifts: readonly FeedShift[], zone: string): Set<string> {
  const years = new Set<number>();
  for (const s of shifts) {
    const year = DateTime.fromMillis(s.startMs, { zone }).year;
    years.add(year);
    years.add(year + 1);
  }
  return nzaHolidayDates(years);
}

function eventData(shift: FeedShift, spec: FeedSpec, holidays: ReadonlySet<string>, zone: string): ICalEventData {
  const text = shiftText(shift, spec.posts.get(shift.postId), { feedKind: spec.kind, eveningStart: spec.eveningStart, holidays, zone });
  const changed = DateTime.fromMillis(shift.changedMs, { zone: 'utc' }).startOf('second');
  return {
    id: shiftUid(shift.id, spec.kind),
    sequence: shift.revision,
    start: DateTime.fromMillis(shift.startMs, { zone }),
    end: DateTime.fromMillis(shift.endMs, { zone }),
    timezone: zone,
    stamp: changed,
    lastModified: changed,
    summary: text.summary,
    description: text.description,
    location: text.location,
    status: STATUS[shift.status],
  };
}

/** Everything a VEVENT's text depends on (holidays follow from the dates). */
function eventKey(shift: FeedShift, spec: FeedSpec, zone: string): string {
  const post = spec.posts.get(shift.postId);
  return JSON.stringify([
    zone, spec.kind, spec.eveningStart, shift.id, shift.revision, shift.changedMs, shift.status, shift.cancelReason ?? null,
    shift.startMs, shift.endMs, shift.code, shift.role, post?.name ?? null, post?.address ?? null, shift.gpNames ?? null, shift.required ?? null,
  ]);
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The VEVENT blocks of a rendered calendar, in order (folded lines never start with BEGIN/END). */
function eventBlocks(text: string): string[] {
  const blocks: string[] = [];
  let from = text.indexOf(BEGIN_EVENT);
  while (from >= 0) {
    const to = text.indexOf(END_EVENT, from) + END_EVENT.length;
    blocks.push(text.slice(from, to));
    from = text.indexOf(BEGIN_EVENT, to);
  }
  return blocks;
}

/**
 * Renders a feed as iCalendar text: a real VTIMEZONE for Europe/Amsterdam, DTSTART/DTEND with
 * TZID, DTSTAMP in UTC, SEQUENCE from the shift's revision, STATUS per dienst. The output depends
 * only on `spec` (no clock), so the same roster gives the same bytes and the same ETag.
 */
export function renderFeed(spec: FeedSpec, zone: string = DEFAULT_ZONE): string {
  const calendar = calendarOf(spec, zone);
  const holidays = holidaysOf(spec.shifts, zone);
  for (const shift of sorted(spec)) calendar.createEvent(eventData(shift, spec, holidays, zone));
  return calendar.toString();
}

/**
 * The same bytes as `renderFeed`, for feeds of thousands of diensten (a whole HDS): rendered in
 * steps that leave the event loop to other requests, and reusing the text of every VEVENT whose
 * inputs did not change since an earlier render (`cache`), so a change re-renders one dienst,
 * not the feed.
 */
export async function renderFeedAsync(
  spec: FeedSpec,
  cache: EventTextCache | null,
  { zone = DEFAULT_ZONE, renderStep = RENDER_STEP, lookupStep = LOOKUP_STEP }: { zone?: string; renderStep?: number; lookupStep?: number } = {},
): Promise<string> {
  const shifts = sorted(spec);
  if (shifts.length === 0) return renderFeed(spec, zone);
  const holidays = holidaysOf(shifts, zone);
  // The calendar's head (properties, VTIMEZONE) and tail as ical-generator writes them around one event.
  const framed = calendarOf(spec, zone);
  framed.createEvent(eventData(shifts[0], spec, holidays, zone));
  const frame = framed.toString();
  const head = frame.slice(0, frame.indexOf(BEGIN_EVENT));
  const tail = frame.slice(frame.lastIndexOf(END_EVENT) + END_EVENT.length);
  const texts: string[] = new Array<string>(shifts.length);
  for (let from = 0; from < shifts.length; from += lookupStep) {
    if (from > 0) await nextTurn();
    const missing: { index: number; key: string }[] = [];
    for (let i = from; i < Math.min(from + lookupStep, shifts.length); i++) {
      const key = eventKey(shifts[i], spec, zone);
      const known = cache?.get(key);
      if (known === undefined) missing.push({ index: i, key });
      else texts[i] = known;
    }
    for (let at = 0; at < missing.length; at += renderStep) {
      if (at > 0) await nextTurn();
      const batch = missing.slice(at, at + renderStep);
      const calendar = ical();
      for (const { index } of batch) calendar.createEvent(eventData(shifts[index], spec, holidays, zone));
      const blocks = eventBlocks(calendar.toString());
      batch.forEach(({ index, key }, n) => {
        texts[index] = blocks[n];
        cache?.set(key, blocks[n], blocks[n].length);
      });
    }
  }
  return `${head}${texts.join('')}${tail}`;
}
