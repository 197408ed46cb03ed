import ICAL from 'ical.js';

/** A VEVENT as Mozilla's parser (Thunderbird's) reads it, times in UTC. */
export interface ParsedEvent {
  uid: string;
  sequence: number;
  status: string | null;
  summary: string;
  description: string;
  location: string;
  startUtc: string;
  endUtc: string;
  hours: number;
  startTzid: string | null;
  stamp: string;
}

export interface ParsedFeed {
  name: string | null;
  refreshInterval: string | null;
  publishedTtl: string | null;
  timezones: string[];
  events: ParsedEvent[];
}

/** Test helper: parses a feed with ical.js, resolving DTSTART/DTEND through the feed's VTIMEZONE. */
export function parseFeed(text: string): ParsedFeed {
  const root = new ICAL.Component(ICAL.parse(text));
  const timezones = root.getAllSubcomponents('vtimezone').map((c) => {
    const tz = new ICAL.Timezone(c);
    ICAL.TimezoneService.register(tz, tz.tzid);
    return tz.tzid;
  });
  const events = root.getAllSubcomponents('vevent').map((c) => {
    const event = new ICAL.Event(c);
    const start = event.startDate.toJSDate();
    const end = event.endDate.toJSDate();
    const tzid = c.getFirstProperty('dtstart')?.getParameter('tzid');
    return {
      uid: event.uid,
      sequence: event.sequence,
      status: (c.getFirstPropertyValue('status') as string | null) ?? null,
      summary: event.summary,
      description: event.description,
      location: event.location,
      startUtc: start.toISOString(),
      endUtc: end.toISOString(),
      hours: (end.getTime() - start.getTime()) / 3_600_000,
      startTzid: typeof tzid === 'string' ? tzid : null,
      stamp: String(c.getFirstPropertyValue('dtstamp')),
    };
  });
  return {
    name: (root.getFirstPropertyValue('x-wr-calname') as string | null) ?? null,
    refreshInterval: root.getFirstProperty('refresh-interval') ? String(root.getFirstPropertyValue('refresh-interval')) : null,
    publishedTtl: root.getFirstProperty('x-published-ttl') ? String(root.getFirstPropertyValue('x-published-ttl')) : null,
    timezones,
    events,
  };
}
