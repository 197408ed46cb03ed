import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { FeedServer } from '@anw/calendars';
import { Role } from '@anw/identity';
import { GpEntity, GpKind, Qualification } from '@anw/rosters';
import { parseFeed, type ParsedFeed } from '../../libs/calendars/testing/parse-feed.js';
import { TenantFactory, TEST_PASSWORD } from '../factories/tenant.factory.js';
import { client, login, type Reply } from '../support/http.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';

const ALL = { weekdays: true, saturday: true, sunday: true, holidays: true };
const WEEKEND_AND_HOLIDAYS = { weekdays: false, saturday: true, sunday: true, holidays: true };

describe('iCal feeds (e2e)', () => {
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let tenant: TestTenant;
  let base: string;
  let postId: string;
  const gps: Record<'a' | 'b', { id: string; name: string; token: string }> = {} as never;
  const shifts: Record<string, any> = {};
  let publishedShifts = 0;

  async function gpWithLogin(name: string): Promise<{ id: string; name: string; token: string }> {
    const gp = await sut.dataSource.getRepository(GpEntity).save({
      hdsId: tenant.hds.id, kind: GpKind.PracticeHolder, name, email: `${randomUUID()}@test.anw`, qualifications: [Qualification.Consult],
    });
    const user = await TenantFactory.user(sut.dataSource, [{ role: Role.Gp, hdsId: tenant.hds.id, gpId: gp.id }]);
    return { id: gp.id, name, token: await login(sut.url, user.email, TEST_PASSWORD) };
  }

  async function period(name: string, startDate: string, endDate: string): Promise<{ id: string; shifts: any[] }> {
    const p = await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name, startDate, endDate } });
    expect(p.status).toBe(201);
    expect((await call('POST', `${base}/periods/${p.body.id}/generate`, { token: tenant.tokens.planner })).status).toBe(201);
    const list = await call('GET', `${base}/periods/${p.body.id}/shifts?pageSize=500`, { token: tenant.tokens.planner });
    return { id: p.body.id, shifts: list.body.items };
  }

  async function assign(shiftId: string, gpId: string, reason?: string): Promise<void> {
    const res = await call('POST', `${base}/shifts/${shiftId}/assignments`, { token: tenant.tokens.planner, body: { gpId, ...(reason ? { reason } : {}) } });
    expect([res.status, res.status === 201 ? '' : res.text]).toEqual([201, '']);
  }

  function pathOf(url: string): string {
    return new URL(url).pathname;
  }

  async function createFeed(token: string, body: Record<string, unknown>): Promise<{ id: string; path: string; url: string; webcalUrl: string }> {
    const res = await call('POST', `${base}/feeds`, { token, body });
    expect(res.status).toBe(201);
    return { id: res.body.id, path: pathOf(res.body.url), url: res.body.url, webcalUrl: res.body.webcalUrl };
  }

  async function fetchFeed(path: string, headers: Record<string, string> = {}): Promise<Reply<any> & { feed: ParsedFeed | null }> {
    const res = await call('GET', path, { headers });
    return { ...res, feed: res.status === 200 ? parseFeed(res.text) : null };
  }

  /** Changes reach the feed cache through PostgreSQL NOTIFY, milliseconds after the commit. */
  async function eventually(path: string, ok: (feed: ParsedFeed) => boolean): Promise<Reply<any> & { feed: ParsedFeed | null }> {
    const until = Date.now() + 5_000;
    for (;;) {
      const res = await fetchFeed(path);
      if ((res.feed && ok(res.feed)) || Date.now() > until) return res;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  const event = (feed: ParsedFeed | null, shiftId: string, suffix = ''): any => feed?.events.find((e) => e.uid === `${shiftId}${suffix}@anw-rooster`);

  beforeAll(async () => {
    sut = await startApi();
    call = client(sut.url);
    tenant = await createTenant(sut);
    base = `/hds/${tenant.hds.id}`;
    const post = await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { code: 'HAP-Z', name: 'HAP Zaandam', address: 'Koningin Julianaplein 58, 1502 DV Zaandam' } });
    postId = post.body.id;
    for (const t of [
      { code: 'N', role: 'consult', startTime: '23:00', endTime: '08:00', days: ALL, required: 1 },
      { code: 'D', role: 'consult', startTime: '08:00', endTime: '17:00', days: WEEKEND_AND_HOLIDAYS, required: 2 },
    ]) {
      expect((await call('POST', `${base}/posts/${postId}/templates`, { token: tenant.tokens.planner, body: t })).status).toBe(201);
    }
    gps.a = await gpWithLogin('Dr. Anna Aalbers');
    gps.b = await gpWithLogin('Dr. Bram Bakker');
    // Easter 2027 with the spring DST night, and the autumn DST night.
    const spring = await period('Pasen 2027', '2027-03-26', '2027-03-29');
    const autumn = await period('Herfst 2027', '2027-10-29', '2027-11-01');
    const find = (list: any[], code: string, date: string): any => list.find((s) => s.code === code && s.localDate === date);
    Object.assign(shifts, {
      springNight: find(spring.shifts, 'N', '2027-03-27'),
      springNight2: find(spring.shifts, 'N', '2027-03-28'),
      easterMonday: find(spring.shifts, 'D', '2027-03-29'),
      goodFriday: find(spring.shifts, 'D', '2027-03-26'),
      autumnNight: find(autumn.shifts, 'N', '2027-10-30'),
      autumnNight2: find(autumn.shifts, 'N', '2027-10-31'),
    });
    await assign(shifts.springNight.id, gps.a.id);
    await assign(shifts.easterMonday.id, gps.a.id);
    await assign(shifts.easterMonday.id, gps.b.id);
    await assign(shifts.autumnNight.id, gps.a.id);
    await assign(shifts.goodFriday.id, gps.a.id);
    await assign(shifts.autumnNight2.id, gps.a.id);
    publishedShifts = spring.shifts.length + autumn.shifts.length;
    for (const p of [spring, autumn]) expect((await call('POST', `${base}/periods/${p.id}/publish`, { token: tenant.tokens.planner })).status).toBe(200);
    // A draft period is never in a feed.
    const draft = await period('Concept 2028', '2028-01-03', '2028-01-04');
    await assign(draft.shifts[0].id, gps.a.id);
    shifts.draft = draft.shifts[0];
  }, 30_000);
  afterAll(async () => {
    await sut.close();
  });

  it("serves a GP's own diensten with real hours across both DST changes and on holidays, as ical.js reads them", async () => {
    const created = await createFeed(gps.a.token, { kind: 'gp' });
    expect(created.url).toMatch(/^https?:\/\/.+\/feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(created.webcalUrl).toBe(created.url.replace(/^https?:/, 'webcal:'));
    const res = await fetchFeed(created.path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(res.headers.get('last-modified')).toMatch(/GMT$/);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    // Answered ahead of Express: the request log, which would keep the secret URL, never sees it.
    expect(res.headers.get('x-request-id')).toBeNull();
    const feed = res.feed!;
    expect(feed.timezones).toEqual(['Europe/Amsterdam']);
    expect([feed.refreshInterval, feed.publishedTtl]).toEqual(['PT1H', 'PT1H']);
    expect(res.text).toContain(`DTSTART;TZID=Europe/Amsterdam:20270327T230000`);
    expect(res.text).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
    expect(feed.events).toHaveLength(5);
    expect(event(feed, shifts.springNight.id)).toMatchObject({
      startUtc: '2027-03-27T22:00:00.000Z', endUtc: '2027-03-28T06:00:00.000Z', hours: 8, status: 'CONFIRMED',
      summary: 'Nachtdienst consult — HAP Zaandam', location: 'HAP Zaandam, Koningin Julianaplein 58, 1502 DV Zaandam',
    });
    expect(event(feed, shifts.autumnNight.id)).toMatchObject({ startUtc: '2027-10-30T21:00:00.000Z', endUtc: '2027-10-31T07:00:00.000Z', hours: 10 });
    expect(event(feed, shifts.autumnNight2.id)).toMatchObject({ startUtc: '2027-10-31T22:00:00.000Z', endUtc: '2027-11-01T07:00:00.000Z', hours: 9 });
    expect(event(feed, shifts.easterMonday.id)).toMatchObject({ startUtc: '2027-03-29T06:00:00.000Z', endUtc: '2027-03-29T15:00:00.000Z', hours: 9, summary: 'Feestdagdienst consult — HAP Zaandam' });
    expect(event(feed, shifts.goodFriday.id)).toMatchObject({ hours: 9, summary: 'Feestdagdienst consult — HAP Zaandam' });
    expect(event(feed, shifts.springNight.id).description).toContain('Duur: 8 u (nacht 7 u, weekend 1 u)');
    expect(event(feed, shifts.easterMonday.id).description).toContain('feestdag 9 u');
    // No other GP's personal data in a personal feed (B shares the Easter Monday dienst).
    expect(res.text).not.toContain('Bakker');
    expect(res.text).not.toContain('Aalbers');
    expect(event(feed, shifts.draft.id)).toBeUndefined();
  });

  it('serves post and HDS feeds to planners, with who stands on each dienst', async () => {
    const postFeed = await createFeed(tenant.tokens.planner, { kind: 'post', postId });
    const hdsFeed = await createFeed(tenant.tokens.admin, { kind: 'hds' });
    for (const [path, suffix] of [[postFeed.path, '+post'], [hdsFeed.path, '+hds']] as const) {
      const { feed, status } = await fetchFeed(path);
      expect(status).toBe(200);
      expect(feed!.events).toHaveLength(publishedShifts); // every dienst of both published periods, not the draft
      expect(event(feed, shifts.springNight.id, suffix)).toMatchObject({ hours: 8, startUtc: '2027-03-27T22:00:00.000Z', summary: 'Nachtdienst consult — HAP Zaandam: Dr. Anna Aalbers' });
      expect(event(feed, shifts.autumnNight.id, suffix)).toMatchObject({ hours: 10, startUtc: '2027-10-30T21:00:00.000Z' });
      expect(event(feed, shifts.easterMonday.id, suffix)).toMatchObject({ hours: 9, summary: 'Feestdagdienst consult — HAP Zaandam: Dr. Anna Aalbers, Dr. Bram Bakker' });
      expect(event(feed, shifts.goodFriday.id, suffix).summary).toBe('Feestdagdienst consult — HAP Zaandam: Dr. Anna Aalbers, 1 open');
    }
    // Post and HDS feeds are for planners; one active feed per subject.
    expect((await call('POST', `${base}/feeds`, { token: gps.a.token, body: { kind: 'hds' } })).status).toBe(403);
    const again = await call('POST', `${base}/feeds`, { token: tenant.tokens.planner, body: { kind: 'hds' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('feed_exists');
    const bad = await call('POST', `${base}/feeds`, { token: tenant.tokens.planner, body: { kind: 'post' } });
    expect(bad.status).toBe(400);
    expect((await call('POST', `${base}/feeds`, { token: tenant.tokens.planner, body: { kind: 'post', postId: randomUUID() } })).status).toBe(404);
  });

  it('answers 304 to If-None-Match and If-Modified-Since, from memory', async () => {
    const { path } = await createFeed(gps.b.token, { kind: 'gp' });
    const first = await fetchFeed(path);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    const server = sut.app.get(FeedServer);
    const before = server.stats();
    const byEtag = await call('GET', path, { headers: { 'if-none-match': etag } });
    expect(byEtag.status).toBe(304);
    expect(byEtag.text).toBe('');
    expect(byEtag.headers.get('etag')).toBe(etag);
    expect((await call('GET', path, { headers: { 'if-none-match': `"other", ${etag}` } })).status).toBe(304);
    expect((await call('GET', path, { headers: { 'if-modified-since': lastModified } })).status).toBe(304);
    expect((await call('GET', path, { headers: { 'if-none-match': '"stale"', 'if-modified-since': lastModified } })).status).toBe(200);
    const older = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await call('GET', path, { headers: { 'if-modified-since': older } })).status).toBe(200);
    const full = await fetchFeed(path);
    expect(full.text).toBe(first.text);
    const head = await call('HEAD', path);
    expect([head.status, head.text, head.headers.get('etag'), head.headers.get('content-length')]).toEqual([200, '', etag, String(Buffer.byteLength(first.text))]);
    expect((await call('GET', `${path}?t=1`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    // Unchanged: neither rendered again nor looked up in PostgreSQL.
    expect(server.stats()).toMatchObject({ renders: before.renders, tokenLookups: before.tokenLookups });
  });

  it('keeps the UID and raises SEQUENCE when a dienst moves; ETag changes, Last-Modified never goes back', async () => {
    const list = await call('GET', `${base}/feeds?kind=gp`, { token: gps.a.token });
    expect(list.body.items).toHaveLength(1);
    const regenerated = await call('POST', `${base}/feeds/${list.body.items[0].id}/regenerate`, { token: gps.a.token });
    expect(regenerated.status).toBe(200);
    const feedPath = pathOf(regenerated.body.url);
    const before = await fetchFeed(feedPath);
    const old = event(before.feed, shifts.autumnNight2.id);
    await new Promise((r) => setTimeout(r, 1100)); // Last-Modified has whole seconds
    const moved = await call('PATCH', `${base}/shifts/${shifts.autumnNight2.id}`, {
      token: tenant.tokens.planner, body: { start: '2027-10-31T22:00', end: '2027-11-01T08:00', reason: 'eerder open' },
    });
    expect(moved.status).toBe(200);
    const after = await eventually(feedPath, (f) => event(f, shifts.autumnNight2.id)?.sequence > old.sequence);
    const now = event(after.feed, shifts.autumnNight2.id);
    expect(now).toMatchObject({ uid: old.uid, startUtc: '2027-10-31T21:00:00.000Z', endUtc: '2027-11-01T07:00:00.000Z', hours: 10 });
    expect(now.sequence).toBeGreaterThan(old.sequence);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(Date.parse(after.headers.get('last-modified')!)).toBeGreaterThan(Date.parse(before.headers.get('last-modified')!));
    // The old ETag no longer matches: a client gets the new content.
    expect((await call('GET', feedPath, { headers: { 'if-none-match': before.headers.get('etag')! } })).status).toBe(200);
  });

  it('keeps an unassigned or removed dienst as CANCELLED', async () => {
    const list = await call('GET', `${base}/feeds`, { token: gps.a.token });
    const regenerated = await call('POST', `${base}/feeds/${list.body.items[0].id}/regenerate`, { token: gps.a.token });
    const feedPath = pathOf(regenerated.body.url);
    const before = event((await fetchFeed(feedPath)).feed, shifts.springNight.id);
    expect((await call('DELETE', `${base}/shifts/${shifts.springNight.id}/assignments/${gps.a.id}?reason=ruil`, { token: tenant.tokens.planner })).status).toBe(200);
    await assign(shifts.springNight.id, gps.b.id, 'ruil');
    const after = await eventually(feedPath, (f) => event(f, shifts.springNight.id)?.status === 'CANCELLED');
    const cancelled = event(after.feed, shifts.springNight.id);
    expect(cancelled).toMatchObject({ status: 'CANCELLED', uid: before.uid, startUtc: before.startUtc, summary: 'Vervallen: Nachtdienst consult — HAP Zaandam' });
    expect(cancelled.sequence).toBeGreaterThan(before.sequence);
    expect(after.text).not.toContain('Bakker');

    expect((await call('DELETE', `${base}/shifts/${shifts.goodFriday.id}?reason=post dicht`, { token: tenant.tokens.planner })).status).toBe(200);
    const removed = await eventually(feedPath, (f) => event(f, shifts.goodFriday.id)?.status === 'CANCELLED');
    expect(event(removed.feed, shifts.goodFriday.id).description).toContain('van het rooster gehaald');
    const hds = await call('GET', `${base}/feeds?kind=hds`, { token: tenant.tokens.planner });
    expect(hds.body.items).toHaveLength(1);
  });

  it('answers 404 (problem+json) for a revoked, replaced or unknown link', async () => {
    const gp = await gpWithLogin('Dr. Cees Claassen');
    const created = await createFeed(gp.token, { kind: 'gp' });
    expect((await fetchFeed(created.path)).status).toBe(200);
    const regenerated = await call('POST', `${base}/feeds/${created.id}/regenerate`, { token: gp.token });
    expect(regenerated.status).toBe(200);
    expect(regenerated.headers.get('cache-control')).toBe('no-store');
    const replaced = await fetchFeed(created.path);
    expect(replaced.status).toBe(404);
    expect(replaced.headers.get('content-type')).toContain('application/problem+json');
    expect(replaced.body.code).toBe('feed_not_found');
    expect(replaced.text).not.toContain(created.path.slice(7, 50));
    const newPath = pathOf(regenerated.body.url);
    expect((await fetchFeed(newPath)).status).toBe(200);
    const revoked = await call('DELETE', `${base}/feeds/${created.id}`, { token: gp.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ active: false });
    expect((await fetchFeed(newPath)).status).toBe(404);
    expect((await call('POST', `${base}/feeds/${created.id}/regenerate`, { token: gp.token })).status).toBe(409);
    expect((await fetchFeed(`/feeds/${'x'.repeat(43)}.ics`)).status).toBe(404);
    expect((await fetchFeed('/feeds/kort.ics')).status).toBe(404);
    // After revoking, a new feed can be made; the list shows revoked ones on request.
    await createFeed(gp.token, { kind: 'gp' });
    const all = await call('GET', `${base}/feeds?includeRevoked=true`, { token: gp.token });
    expect(all.body.items.map((f: { active: boolean }) => f.active).sort()).toEqual([false, true]);
    // The change is audited, without the token.
    const [audit] = await sut.dataSource.query(`SELECT count(*)::int AS n FROM audit_records WHERE hds_id = $1 AND action LIKE 'feed.%' AND entity_id = $2`, [tenant.hds.id, created.id]);
    expect(audit.n).toBe(3);
  });

  it("keeps feed management within the owner and the HDS", async () => {
    const other = await createTenant(sut);
    const mine = await call('GET', `${base}/feeds?kind=gp`, { token: gps.b.token });
    const feedId = mine.body.items[0].id;
    // Another HDS's planner: 403 on this HDS, 404 for this feed's id under their own.
    expect((await call('GET', `${base}/feeds/${feedId}`, { token: other.tokens.planner })).status).toBe(403);
    expect((await call('DELETE', `${base}/feeds/${feedId}`, { token: other.tokens.admin })).status).toBe(403);
    expect((await call('POST', `${base}/feeds`, { token: other.tokens.planner, body: { kind: 'hds' } })).status).toBe(403);
    expect((await call('GET', `/hds/${other.hds.id}/feeds/${feedId}`, { token: other.tokens.planner })).status).toBe(404);
    expect((await call('DELETE', `/hds/${other.hds.id}/feeds/${feedId}`, { token: other.tokens.admin })).status).toBe(404);
    // Another GP of the same HDS does not see it; a planner sees it but cannot re-issue it; auditors have no feeds.
    expect((await call('GET', `${base}/feeds/${feedId}`, { token: gps.a.token })).status).toBe(404);
    expect((await call('POST', `${base}/feeds/${feedId}/regenerate`, { token: gps.a.token })).status).toBe(404);
    expect((await call('GET', `${base}/feeds/${feedId}`, { token: tenant.tokens.planner })).status).toBe(200);
    expect((await call('POST', `${base}/feeds/${feedId}/regenerate`, { token: tenant.tokens.planner })).status).toBe(403);
    expect((await call('GET', `${base}/feeds`, { token: tenant.tokens.auditor })).status).toBe(403);
    // A GP user without a GP record has no personal feed.
    expect((await call('POST', `${base}/feeds`, { token: tenant.tokens.gp, body: { kind: 'gp' } })).status).toBe(403);
    // A planner may revoke a GP's leaked link.
    expect((await call('DELETE', `${base}/feeds/${feedId}`, { token: tenant.tokens.planner })).status).toBe(200);
  });

  it('drops cancellations after 30 days and diensten older than three months', async () => {
    const list = await call('GET', `${base}/feeds?kind=gp`, { token: gps.a.token });
    const regenerated = await call('POST', `${base}/feeds/${list.body.items[0].id}/regenerate`, { token: gps.a.token });
    const token = pathOf(regenerated.body.url).slice('/feeds/'.length, -'.ics'.length);
    const server = sut.app.get(FeedServer);
    const read = async (nowMs: number): Promise<ParsedFeed> => parseFeed((await server.serve(token, nowMs)).body.toString('utf8'));
    const today = await read(Date.now());
    expect(event(today, shifts.springNight.id)?.status).toBe('CANCELLED');
    expect(event(today, shifts.goodFriday.id)?.status).toBe('CANCELLED');
    const later = await read(Date.now() + 31 * 86_400_000);
    expect(event(later, shifts.springNight.id)).toBeUndefined();
    expect(event(later, shifts.goodFriday.id)).toBeUndefined();
    expect(event(later, shifts.easterMonday.id)?.status).toBe('CONFIRMED');
    // In mid-July 2027 the window starts mid-April: Easter is history, October still ahead.
    const july = await read(Date.parse('2027-07-15T10:00:00Z'));
    expect(event(july, shifts.easterMonday.id)).toBeUndefined();
    expect(event(july, shifts.autumnNight.id)?.status).toBe('CONFIRMED');
    await read(Date.now());
  });

  describe('pending marketplace trades (the real marketplace behind TENTATIVE_SHIFT_SOURCE)', () => {
    const day = (n: number): string => DateTime.now().setZone('Europe/Amsterdam').plus({ days: n }).toISODate() as string;
    const traders: Record<'e' | 'f' | 'g', { id: string; name: string; token: string; feed: string }> = {} as never;
    const m: Record<'e' | 'f' | 'g' | 'open' | 'h', any> = {} as never;
    let market: string;
    let postFeed: string;
    let hdsFeed: string;
    /** The last ETag seen per feed path: what a calendar client would send as If-None-Match. */
    const etags = new Map<string, string>();

    const status = (feed: ParsedFeed | null, shiftId: string, suffix = ''): string | null => event(feed, shiftId, suffix)?.status ?? null;

    /** Fetches each feed and proves it is cached: its ETag answers 304. */
    async function cached(paths: string[]): Promise<void> {
      for (const path of paths) {
        const res = await fetchFeed(path);
        expect(res.status).toBe(200);
        etags.set(path, res.headers.get('etag')!);
        expect((await call('GET', path, { headers: { 'if-none-match': etags.get(path)! } })).status).toBe(304);
      }
    }

    /**
     * Asks with the ETag seen last until the feed answers 200 with the expected content. A trade
     * that writes only marketplace tables reaches the feed cache only through their NOTIFY triggers:
     * without them this stays 304.
     */
    async function changed(path: string, ok: (feed: ParsedFeed) => boolean): Promise<Reply<any> & { feed: ParsedFeed | null }> {
      const before = etags.get(path)!;
      const until = Date.now() + 5_000;
      let res: Reply<any>;
      for (;;) {
        res = await call('GET', path, { headers: { 'if-none-match': before } });
        if ((res.status === 200 && ok(parseFeed(res.text))) || Date.now() > until) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).not.toBe(before);
      etags.set(path, res.headers.get('etag')!);
      return { ...res, feed: parseFeed(res.text) };
    }

    beforeAll(async () => {
      market = `${base}/marketplace`;
      const post = await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { code: 'HAP-M', name: 'HAP Markt', address: 'Marktplein 1, 1501 AA Zaandam' } });
      for (const [key, name] of [['e', 'Dr. Eva Evers'], ['f', 'Dr. Frits Franken'], ['g', 'Dr. Gerda Groen']] as const) {
        const gp = await gpWithLogin(name);
        traders[key] = { ...gp, feed: (await createFeed(gp.token, { kind: 'gp' })).path };
      }
      // Diensten ahead (the marketplace trades nothing that started, nor within 48 hours by default).
      const p = await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'Markt', startDate: day(1), endDate: day(30) } });
      expect(p.status).toBe(201);
      for (const [key, n, holder] of [['e', 10, 'e'], ['f', 12, 'f'], ['g', 14, 'e'], ['open', 16, null], ['h', 18, 'e']] as const) {
        const res = await call('POST', `${base}/periods/${p.body.id}/shifts`, {
          token: tenant.tokens.planner, body: { postId: post.body.id, role: 'consult', code: 'A', start: `${day(n)}T17:00`, end: `${day(n)}T23:00`, required: 1 },
        });
        expect(res.status).toBe(201);
        m[key] = res.body;
        if (holder) await assign(res.body.id, traders[holder].id);
      }
      expect((await call('POST', `${base}/periods/${p.body.id}/publish`, { token: tenant.tokens.planner })).status).toBe(200);
      postFeed = (await createFeed(tenant.tokens.planner, { kind: 'post', postId: post.body.id })).path;
      const hds = await call('GET', `${base}/feeds?kind=hds`, { token: tenant.tokens.planner });
      hdsFeed = pathOf((await call('POST', `${base}/feeds/${hds.body.items[0].id}/regenerate`, { token: tenant.tokens.admin })).body.url);
    }, 30_000);

    it('shows a proposed swap as TENTATIVE to both GPs and in post and HDS feeds; declined or accepted it is firm again', async () => {
      const { e, f } = traders;
      const feeds = [[e.feed, ''], [f.feed, ''], [postFeed, '+post'], [hdsFeed, '+hds']] as const;
      const both = (feed: ParsedFeed | null, suffix: string): (string | null)[] => [status(feed, m.e.id, suffix), status(feed, m.f.id, suffix)];
      await cached(feeds.map(([path]) => path));
      expect(both((await fetchFeed(e.feed)).feed, '')).toEqual(['CONFIRMED', null]);
      expect(both((await fetchFeed(f.feed)).feed, '')).toEqual([null, 'CONFIRMED']);

      const propose = async (): Promise<string> => {
        const res = await call('POST', `${market}/swaps`, { token: e.token, body: { shiftId: m.e.id, otherShiftId: m.f.id, toGpId: f.id } });
        expect([res.status, res.body.status]).toEqual([201, 'proposed']);
        return res.body.id;
      };
      const first = await propose();
      // Each GP gives one and would take the other: both diensten are tentative in both feeds.
      for (const [path, suffix] of feeds) {
        const res = await changed(path, (feed) => both(feed, suffix).every((x) => x === 'TENTATIVE'));
        expect(both(res.feed, suffix)).toEqual(['TENTATIVE', 'TENTATIVE']);
        if (path === hdsFeed) expect(status(res.feed, m.g.id, suffix)).toBe('CONFIRMED'); // not part of the swap
      }
      expect(event((await fetchFeed(f.feed)).feed, m.e.id).summary).toMatch(/^Voorlopig: /);

      const declined = await call('POST', `${market}/swaps/${first}/decline`, { token: f.token, body: {} });
      expect([declined.status, declined.body.status]).toEqual([200, 'declined']);
      expect(both((await changed(e.feed, (feed) => status(feed, m.e.id) === 'CONFIRMED')).feed, '')).toEqual(['CONFIRMED', null]);
      expect(both((await changed(f.feed, (feed) => status(feed, m.f.id) === 'CONFIRMED')).feed, '')).toEqual([null, 'CONFIRMED']);
      expect(both((await changed(postFeed, (feed) => status(feed, m.e.id, '+post') === 'CONFIRMED')).feed, '+post')).toEqual(['CONFIRMED', 'CONFIRMED']);

      const second = await propose();
      await changed(f.feed, (feed) => status(feed, m.e.id) === 'TENTATIVE');
      const accepted = await call('POST', `${market}/swaps/${second}/accept`, { token: f.token, body: {} });
      expect([accepted.status, accepted.body.status]).toEqual([200, 'completed']);
      // The GP who gave a dienst away keeps it as CANCELLED; the one taking it has it firm.
      expect(both((await changed(e.feed, (feed) => status(feed, m.f.id) === 'CONFIRMED')).feed, '')).toEqual(['CANCELLED', 'CONFIRMED']);
      expect(both((await changed(f.feed, (feed) => status(feed, m.e.id) === 'CONFIRMED')).feed, '')).toEqual(['CONFIRMED', 'CANCELLED']);
      const post = await changed(postFeed, (feed) => status(feed, m.e.id, '+post') === 'CONFIRMED');
      expect(both(post.feed, '+post')).toEqual(['CONFIRMED', 'CONFIRMED']);
      expect(event(post.feed, m.e.id, '+post').summary).toMatch(/: Dr\. Frits Franken$/);
      expect(event(post.feed, m.f.id, '+post').summary).toMatch(/: Dr\. Eva Evers$/);
    });

    it('shows an open offer as TENTATIVE to the offering GP and planners, not to others, until it is withdrawn', async () => {
      const { e, f } = traders;
      await cached([e.feed, f.feed, postFeed]);
      const offer = await call('POST', `${market}/offers`, { token: e.token, body: { shiftId: m.g.id } });
      expect([offer.status, offer.body.status]).toEqual([201, 'open']);
      expect(status((await changed(e.feed, (feed) => status(feed, m.g.id) === 'TENTATIVE')).feed, m.g.id)).toBe('TENTATIVE');
      expect(status((await changed(postFeed, (feed) => status(feed, m.g.id, '+post') === 'TENTATIVE')).feed, m.g.id, '+post')).toBe('TENTATIVE');
      // Offered to anyone: nobody takes it yet, so no other GP's feed shows it. The HDS's change
      // re-renders F's feed, but its content (and so its ETag) stays the same.
      const other = await fetchFeed(f.feed);
      expect(status(other.feed, m.g.id)).toBeNull();
      expect(other.headers.get('etag')).toBe(etags.get(f.feed));

      const withdrawn = await call('POST', `${market}/offers/${offer.body.id}/withdraw`, { token: e.token, body: {} });
      expect([withdrawn.status, withdrawn.body.status]).toEqual([200, 'withdrawn']);
      expect(status((await changed(e.feed, (feed) => status(feed, m.g.id) === 'CONFIRMED')).feed, m.g.id)).toBe('CONFIRMED');
      expect(status((await changed(postFeed, (feed) => status(feed, m.g.id, '+post') === 'CONFIRMED')).feed, m.g.id, '+post')).toBe('CONFIRMED');
    });

    it('shows claims awaiting a planner as TENTATIVE to the claimant (and the offering GP) until refused or approved', async () => {
      const { e, g } = traders;
      expect((await call('PUT', `${market}/policy`, { token: tenant.tokens.admin, body: { approval: 'planner' } })).status).toBe(200);
      try {
        await cached([e.feed, g.feed, postFeed]);
        // An open position: taken from nobody.
        const claim = await call('POST', `${market}/claims`, { token: g.token, body: { shiftId: m.open.id } });
        expect([claim.status, claim.body.status]).toEqual([201, 'pending']);
        const claimant = await changed(g.feed, (feed) => status(feed, m.open.id) === 'TENTATIVE');
        expect(event(claimant.feed, m.open.id)).toMatchObject({ status: 'TENTATIVE', summary: expect.stringMatching(/^Voorlopig: /) });
        expect(status((await changed(postFeed, (feed) => status(feed, m.open.id, '+post') === 'TENTATIVE')).feed, m.open.id, '+post')).toBe('TENTATIVE');
        expect(status((await fetchFeed(e.feed)).feed, m.open.id)).toBeNull();
        const refused = await call('POST', `${market}/claims/${claim.body.id}/refuse`, { token: tenant.tokens.planner, body: { reason: 'Dr. Groen staat die week al vol' } });
        expect([refused.status, refused.body.status]).toEqual([200, 'refused']);
        expect(status((await changed(g.feed, (feed) => status(feed, m.open.id) === null)).feed, m.open.id)).toBeNull();
        expect(status((await changed(postFeed, (feed) => status(feed, m.open.id, '+post') === 'CONFIRMED')).feed, m.open.id, '+post')).toBe('CONFIRMED');

        // An offered dienst: E would give it, G would take it.
        const offer = await call('POST', `${market}/offers`, { token: e.token, body: { shiftId: m.h.id } });
        expect(offer.status).toBe(201);
        await changed(e.feed, (feed) => status(feed, m.h.id) === 'TENTATIVE');
        const taking = await call('POST', `${market}/claims`, { token: g.token, body: { offerId: offer.body.id } });
        expect([taking.status, taking.body.status, taking.body.fromGpId]).toEqual([201, 'pending', e.id]);
        expect(status((await changed(g.feed, (feed) => status(feed, m.h.id) === 'TENTATIVE')).feed, m.h.id)).toBe('TENTATIVE');
        expect(status((await fetchFeed(e.feed)).feed, m.h.id)).toBe('TENTATIVE');
        const approved = await call('POST', `${market}/claims/${taking.body.id}/approve`, { token: tenant.tokens.planner });
        expect(approved.status).toBe(200);
        expect(approved.body.approved.map((x: any) => [x.id, x.status])).toEqual([[taking.body.id, 'completed']]);
        expect(status((await changed(g.feed, (feed) => status(feed, m.h.id) === 'CONFIRMED')).feed, m.h.id)).toBe('CONFIRMED');
        expect(status((await changed(e.feed, (feed) => status(feed, m.h.id) === 'CANCELLED')).feed, m.h.id)).toBe('CANCELLED');
        const post = await changed(postFeed, (feed) => status(feed, m.h.id, '+post') === 'CONFIRMED');
        expect(event(post.feed, m.h.id, '+post').summary).toMatch(/: Dr\. Gerda Groen$/);
      } finally {
        expect((await call('PUT', `${market}/policy`, { token: tenant.tokens.admin, body: { approval: 'automatic' } })).status).toBe(200);
      }
    });
  });

  it('refuses an Idempotency-Key where a secret link is issued, and keeps nothing of it', async () => {
    const gp = await gpWithLogin('Dr. Dirk Dekker');
    const key = `feed-${randomUUID()}`;
    const refused = await call('POST', `${base}/feeds`, { token: gp.token, body: { kind: 'gp' }, headers: { 'idempotency-key': key } });
    expect(refused.status).toBe(400);
    const [row] = await sut.dataSource.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE key LIKE $1', [`%${key}`]);
    expect(row.n).toBe(0);
    await createFeed(gp.token, { kind: 'gp' });
  });
});
