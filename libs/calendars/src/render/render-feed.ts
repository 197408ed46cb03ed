import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { DEFAULT_ZONE, nzaHolidayDates } from '@anw/time';
import { FeedKind, FeedShiftStatus, type FeedSpec } from './feed-model.js';
import { shiftText } from './shift-text.js';

/** Clients are asked to poll hourly (REFRESH-INTERVAL and X-PUBLISHED-TTL). */
export const FEED_REFRESH_SECONDS = 3600;

const STATUS: Record<FeedShiftStatus, ICalEventStatus> = {
  [FeedShiftStatus.Confirmed]: ICalEventStatus.CONFIRMED,
  [FeedShiftStatus.Tentative]: ICalEventStatus.TENTATIVE,
  [FeedShiftStatus.Cancelled]: ICalEventStatus.CANCELLED,
};

/**
 * The UID of a dienst in a feed: stable across every change. Post and HDS feeds get their own
 * UIDs, so a planner who is also on the dienst and subscribes to both sees two events, not one
 * that two calendars fight over.
 */
export function shiftUid(shiftId: string, kind: FeedKind): string {
  return kind === FeedKind.Gp ? `${shiftId}@anw-rooster` : `${shiftId}+${kind}@anw-rooster`;
}

/**
 * Renders a feed as iCalendar text: a real VTIMEZONE for Europe/Amsterdam, DTSTART/DTEND with
 * TZID, DTSTAMP in UTC, SEQUENCE from the shift's revision, STATUS per dienst. The output depends
 * only on `spec` (no clock), so the same roster gives the same bytes and the same ETag.
 */
export function renderFeed(spec: FeedSpec, zone: string = DEFAULT_ZONE): string {
  const calendar = ical({
    name: spec.title,
    description: spec.description,
    prodId: { company: 'anw-rooster', product: 'diensten', language: 'NL' },
    ttl: FEED_REFRESH_SECONDS,
  });
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  calendar.x([{ key: 'X-WR-TIMEZONE', value: zone }]);

  const years = new Set<number>();
  for (const s of spec.shifts) {
    const year = DateTime.fromMillis(s.startMs, { zone }).year;
    years.add(year);
    years.add(year + 1);
  }
  const holidays = nzaHolidayDates(years);
  const shifts = [...spec.shifts].sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const shift of shifts) {
    const text = shiftText(shift, spec.posts.get(shift.postId), { feedKind: spec.kind, eveningStart: spec.eveningStart, holidays, zone });
    const changed = DateTime.fromMillis(shift.changedMs, { zone: 'utc' }).startOf('second');
    calendar.createEvent({
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
    });
  }
  return calendar.toString();
}
