import { describe, expect, it } from '@jest/globals';
import { parseLocal } from '@anw/time';
import { parseFeed } from '../../testing/parse-feed.js';
import { CancelReason, FeedKind, FeedShiftStatus, type FeedShift, type FeedSpec } from './feed-model.js';
import { isNotModified, strongEtag } from './conditional.js';
import { feedWindow } from './feed-window.js';
import { renderFeed, renderFeedAsync, shiftUid } from './render-feed.js';
import { LruCache } from '../cache/lru-cache.js';
import { formatMinutes, shiftKind } from './shift-text.js';

const POSTS = new Map([['p1', { name: 'HAP Zaandam', address: 'Vincent van Goghweg 1, Zaandam' }]]);

function shift(id: string, start: string, end: string, overrides: Partial<FeedShift> = {}): FeedShift {
  return { id, postId: 'p1', code: 'N', role: 'consult', startMs: parseLocal(start), endMs: parseLocal(end), revision: 0, changedMs: Date.UTC(2027, 0, 1, 9), status: FeedShiftStatus.Confirmed, ...overrides };
}

function spec(shifts: FeedShift[], kind = FeedKind.Gp): FeedSpec {
  return { kind, title: 'Mijn ANW-diensten', description: 'test', eveningStart: '17:00', posts: POSTS, shifts };
}

describe(renderFeed.name, () => {
  it('keeps real elapsed hours across both DST changes and on a holiday, read by ical.js', () => {
    const sut = parseFeed(
      renderFeed(
        spec([
          shift('spring', '2027-03-27T23:00', '2027-03-28T08:00'),
          shift('autumn', '2027-10-30T23:00', '2027-10-31T08:00'),
          shift('kerst', '2027-12-25T08:00', '2027-12-25T17:00', { code: 'D' }),
        ]),
      ),
    );
    expect(sut.timezones).toEqual(['Europe/Amsterdam']);
    expect(sut.refreshInterval).toBe('PT1H');
    expect(sut.publishedTtl).toBe('PT1H');
    const [spring, autumn, kerst] = sut.events;
    expect(spring).toMatchObject({ startUtc: '2027-03-27T22:00:00.000Z', endUtc: '2027-03-28T06:00:00.000Z', hours: 8, startTzid: 'Europe/Amsterdam', uid: 'spring@anw-rooster' });
    expect(autumn).toMatchObject({ startUtc: '2027-10-30T21:00:00.000Z', endUtc: '2027-10-31T07:00:00.000Z', hours: 10 });
    expect(kerst).toMatchObject({ startUtc: '2027-12-25T07:00:00.000Z', endUtc: '2027-12-25T16:00:00.000Z', hours: 9, summary: 'Feestdagdienst consult — HAP Zaandam' });
    expect(spring.summary).toBe('Nachtdienst consult — HAP Zaandam');
    expect(spring.description).toContain('Duur: 8 u (nacht 7 u, weekend 1 u)');
    expect(spring.description).toContain('zomertijd');
    expect(autumn.description).toContain('Duur: 10 u (nacht 9 u, weekend 1 u)');
    expect(spring.location).toBe('HAP Zaandam, Vincent van Goghweg 1, Zaandam');
    expect(spring.stamp).toBe('2027-01-01T09:00:00Z');
    expect(spring.description).toContain('Tijd: za 27 mrt 2027 23:00 – zo 28 mrt 2027 08:00 (Europe/Amsterdam)');
  });

  it('writes DTSTAMP in UTC and DTSTART with the TZID of a real VTIMEZONE', () => {
    const text = renderFeed(spec([shift('a', '2027-03-27T23:00', '2027-03-28T08:00')]));
    expect(text).toContain('DTSTART;TZID=Europe/Amsterdam:20270327T230000');
    expect(text).toContain('DTEND;TZID=Europe/Amsterdam:20270328T080000');
    expect(text).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
    expect(text).toContain('TZID:Europe/Amsterdam');
    expect(text).not.toContain('Brussels');
  });

  it('marks cancelled and tentative diensten and names GPs only in planner feeds', () => {
    const personal = parseFeed(
      renderFeed(
        spec([
          shift('gone', '2027-06-01T23:00', '2027-06-02T08:00', { status: FeedShiftStatus.Cancelled, cancelReason: CancelReason.Unassigned, revision: 3 }),
          shift('swap', '2027-06-03T17:00', '2027-06-03T23:00', { code: 'AC', status: FeedShiftStatus.Tentative, gpNames: ['Dr. X'] }),
        ]),
      ),
    );
    expect(personal.events.map((e) => [e.status, e.sequence, e.summary])).toEqual([
      ['CANCELLED', 3, 'Vervallen: Nachtdienst consult — HAP Zaandam'],
      ['TENTATIVE', 0, 'Voorlopig: Avonddienst consult — HAP Zaandam'],
    ]);
    expect(personal.events[1].description).not.toContain('Dr. X');
    const planner = parseFeed(renderFeed(spec([shift('s', '2027-06-05T08:00', '2027-06-05T17:00', { code: 'D', gpNames: ['Dr. A'], required: 2 })], FeedKind.Post)));
    expect(planner.events[0]).toMatchObject({ uid: 's+post@anw-rooster', summary: 'Weekenddienst consult — HAP Zaandam: Dr. A, 1 open' });
    expect(planner.events[0].description).toContain('Bezetting: Dr. A (1 van 2)');
  });

  it('gives the same bytes for the same roster, whatever the order of the input', () => {
    const a = shift('a', '2027-06-01T23:00', '2027-06-02T08:00');
    const b = shift('b', '2027-06-02T23:00', '2027-06-03T08:00');
    const first = renderFeed(spec([a, b]));
    expect(renderFeed(spec([b, a]))).toBe(first);
    expect(strongEtag(Buffer.from(first))).toBe(strongEtag(Buffer.from(renderFeed(spec([a, b])))));
    expect(renderFeed(spec([a, { ...b, revision: 1 }]))).not.toBe(first);
  });

  it('renders large feeds in steps and from cached events to the very same bytes', async () => {
    const many = Array.from({ length: 250 }, (_, i) =>
      shift(`s${String(i).padStart(3, '0')}`, `2027-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}T23:00`, `2027-${String(1 + (i % 12)).padStart(2, '0')}-${String(2 + (i % 27)).padStart(2, '0')}T08:00`, {
        gpNames: i % 3 ? ['Dr. A'] : [], required: 1 + (i % 2), status: i % 17 === 0 ? FeedShiftStatus.Cancelled : FeedShiftStatus.Confirmed,
      }),
    ).filter((s) => s.endMs > s.startMs);
    const planner = spec(many, FeedKind.Hds);
    const expected = renderFeed(planner);
    expect(await renderFeedAsync(planner, null)).toBe(expected);
    expect(await renderFeedAsync(planner, null, { lookupStep: 60, renderStep: 7 })).toBe(expected);
    const cache = new LruCache<string>(10_000);
    let rendered = 0;
    const counting = { get: (k: string) => cache.get(k), set: (k: string, v: string, n: number) => { rendered++; cache.set(k, v, n); } };
    expect(await renderFeedAsync(planner, counting)).toBe(expected);
    expect(rendered).toBe(many.length);
    const moved = { ...planner, shifts: planner.shifts.map((s, i) => (i === 7 ? { ...s, revision: 5, startMs: s.startMs + 3_600_000 } : s)) };
    expect(await renderFeedAsync(moved, counting, { lookupStep: 60, renderStep: 7 })).toBe(renderFeed(moved));
    expect(rendered).toBe(many.length + 1);
    expect(await renderFeedAsync(spec([]), counting)).toBe(renderFeed(spec([])));
  });

  it('names a dienst by its heaviest category', () => {
    expect(shiftKind({ dag: 0, avond: 60, nacht: 480, weekend: 0, feestdag: 0 })).toBe('nacht');
    expect(shiftKind({ dag: 60, avond: 360, nacht: 0, weekend: 0, feestdag: 0 })).toBe('avond');
    expect(shiftKind({ dag: 0, avond: 0, nacht: 0, weekend: 240, feestdag: 240 })).toBe('feestdag');
    expect(formatMinutes(90)).toBe('1 u 30 min');
    expect(formatMinutes(45)).toBe('45 min');
    expect(shiftUid('x', FeedKind.Hds)).toBe('x+hds@anw-rooster');
  });
});

describe(feedWindow.name, () => {
  it('reaches three months back from local midnight and keeps cancellations 30 days', () => {
    const sut = feedWindow(Date.parse('2027-06-15T21:30:00Z')); // 23:30 in Amsterdam
    expect(sut.day).toBe('2027-06-15');
    expect(new Date(sut.startMs).toISOString()).toBe('2027-03-14T23:00:00.000Z');
    expect(new Date(sut.keepCancelledSinceMs).toISOString()).toBe('2027-05-15T22:00:00.000Z');
    expect(new Date(sut.validUntilMs).toISOString()).toBe('2027-06-15T22:00:00.000Z');
  });
});

describe(isNotModified.name, () => {
  const etag = '"abc"';
  const lastModified = Date.parse('2027-01-01T10:00:00.500Z');
  it.each([
    ['"abc"', undefined, true],
    ['W/"abc"', undefined, true],
    ['"x", "abc"', undefined, true],
    ['*', undefined, true],
    ['"x"', 'Fri, 01 Jan 2027 10:00:00 GMT', false],
    [undefined, 'Fri, 01 Jan 2027 10:00:00 GMT', true],
    [undefined, 'Fri, 01 Jan 2027 09:59:59 GMT', false],
    [undefined, 'geen datum', false],
    [undefined, undefined, false],
  ])('If-None-Match %s, If-Modified-Since %s → %s', (inm, ims, expected) => {
    expect(isNotModified(inm, ims, etag, lastModified)).toBe(expected);
  });
});
