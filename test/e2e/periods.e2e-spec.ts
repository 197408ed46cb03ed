import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GpEntity, GpKind, Qualification } from '@anw/rosters';
import { client } from '../support/http.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';

const WEEKEND_AND_HOLIDAYS = { weekdays: false, saturday: true, sunday: true, holidays: true };
const ALL = { weekdays: true, saturday: true, sunday: true, holidays: true };

describe('roster periods (e2e)', () => {
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let tenant: TestTenant;
  let base: string;
  let postId: string;

  async function gp(name: string, qualifications = [Qualification.Consult]): Promise<GpEntity> {
    return sut.dataSource.getRepository(GpEntity).save({
      hdsId: tenant.hds.id, kind: GpKind.PracticeHolder, name, email: `${name.replace(/\W/g, '')}-${Date.now()}@test.anw`, qualifications,
    });
  }

  async function shiftsOf(periodId: string, token = tenant.tokens.planner, query = ''): Promise<any[]> {
    const res = await call('GET', `${base}/periods/${periodId}/shifts?pageSize=500${query}`, { token });
    expect(res.status).toBe(200);
    return res.body.items;
  }

  beforeAll(async () => {
    sut = await startApi();
    call = client(sut.url);
    tenant = await createTenant(sut);
    base = `/hds/${tenant.hds.id}`;
    const post = await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { code: 'HAP-Z', name: 'HAP Zaandam' } });
    postId = post.body.id;
    for (const t of [
      { code: 'N', role: 'consult', startTime: '23:00', endTime: '08:00', days: ALL, required: 1 },
      { code: 'AC', role: 'consult', startTime: '17:00', endTime: '23:00', days: { weekdays: true, saturday: false, sunday: false, holidays: false }, required: 1 },
      { code: 'D', role: 'consult', startTime: '08:00', endTime: '17:00', days: WEEKEND_AND_HOLIDAYS, required: 2 },
    ]) {
      expect((await call('POST', `${base}/posts/${postId}/templates`, { token: tenant.tokens.planner, body: t })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await sut.close();
  });

  it('generates a spring quarter with Easter, Koningsdag and the DST change right', async () => {
    const period = await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: '2027 voorjaar', startDate: '2027-03-01', endDate: '2027-05-31' } });
    expect(period.status).toBe(201);
    const gen = await call('POST', `${base}/periods/${period.body.id}/generate`, { token: tenant.tokens.planner });
    expect(gen.status).toBe(201);
    const shifts = await shiftsOf(period.body.id);
    // 92 nights; day shifts on 26 weekend days + holidays not on a weekend (Goede Vrijdag 26/3,
    // 2e Paasdag 29/3, Koningsdag 27/4, Bevrijdingsdag 5/5, Hemelvaart 6/5, 2e Pinksterdag 17/5) = 32;
    // weekday evenings: 66 weekdays − 6 holidays = 60.
    const count = (code: string): number => shifts.filter((s) => s.code === code).length;
    expect(count('N')).toBe(92);
    expect(count('D')).toBe(32);
    expect(count('AC')).toBe(60);
    expect(gen.body.generated).toBe(184);
    const koningsdag = shifts.filter((s) => s.localDate === '2027-04-27').map((s) => s.code).sort();
    expect(koningsdag).toEqual(['D', 'N']);
    const dstNight = shifts.find((s) => s.code === 'N' && s.localDate === '2027-03-27');
    expect(dstNight).toMatchObject({ start: '2027-03-27T23:00', end: '2027-03-28T08:00', startAt: '2027-03-27T22:00:00.000Z', endAt: '2027-03-28T06:00:00.000Z', hours: 8 });
    expect(shifts.find((s) => s.code === 'N' && s.localDate === '2027-03-28').hours).toBe(9);
    // Stored per category for the SQL aggregates of audits and statements: Saturday 23–24 weekend, then 7 h nacht.
    const [row] = await sut.dataSource.query('SELECT minutes_weekend, minutes_nacht, minutes_feestdag FROM shifts WHERE id = $1', [dstNight.id]);
    expect(row).toEqual({ minutes_weekend: 60, minutes_nacht: 420, minutes_feestdag: 0 });
    const goodFridayDay = shifts.find((s) => s.code === 'D' && s.localDate === '2027-03-26');
    const [gf] = await sut.dataSource.query('SELECT minutes_feestdag FROM shifts WHERE id = $1', [goodFridayDay.id]);
    expect(gf.minutes_feestdag).toBe(540);
    const again = await call('POST', `${base}/periods/${period.body.id}/generate`, { token: tenant.tokens.planner });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('shifts_already_generated');
  });

  it('publishes a version, requires a reason to amend, and lists the difference', async () => {
    const period = await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'juni', startDate: '2027-06-01', endDate: '2027-06-07' } });
    const periodId = period.body.id;
    await call('POST', `${base}/periods/${periodId}/generate`, { token: tenant.tokens.planner });
    const [a, b] = [await gp('Dr. A'), await gp('Dr. B')];
    const shifts = await shiftsOf(periodId);
    const night = shifts.find((s) => s.code === 'N' && s.localDate === '2027-06-02');
    expect((await call('POST', `${base}/shifts/${night.id}/assignments`, { token: tenant.tokens.planner, body: { gpId: a.id } })).status).toBe(201);
    // GPs do not see drafts.
    expect((await call('GET', `${base}/periods/${periodId}`, { token: tenant.tokens.gp })).status).toBe(404);
    const published = await call('POST', `${base}/periods/${periodId}/publish`, { token: tenant.tokens.planner });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', version: 1 });
    expect((await call('GET', `${base}/periods/${periodId}`, { token: tenant.tokens.gp })).status).toBe(200);

    const noReason = await call('POST', `${base}/shifts/${night.id}/assignments`, { token: tenant.tokens.planner, body: { gpId: b.id } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('amendment_reason_required');
    expect((await call('DELETE', `${base}/shifts/${night.id}/assignments/${a.id}?reason=ziek`, { token: tenant.tokens.planner })).status).toBe(200);
    expect((await call('POST', `${base}/shifts/${night.id}/assignments`, { token: tenant.tokens.planner, body: { gpId: b.id, reason: 'vervanging' } })).status).toBe(201);
    const evening = shifts.find((s) => s.code === 'AC' && s.localDate === '2027-06-03');
    const moved = await call('PATCH', `${base}/shifts/${evening.id}`, { token: tenant.tokens.planner, body: { start: '2027-06-03T18:00', end: '2027-06-03T23:00', reason: 'later open' } });
    expect(moved.status).toBe(200);
    expect(moved.body.revision).toBe(1);
    const extra = await call('POST', `${base}/periods/${periodId}/shifts`, {
      token: tenant.tokens.planner, body: { postId, role: 'visite', code: 'V', start: '2027-06-05T16:00', end: '2027-06-06T00:00', required: 1, reason: 'drukte' },
    });
    expect(extra.status).toBe(201);
    const saturdayDay = shifts.find((s) => s.code === 'D' && s.localDate === '2027-06-05');
    expect((await call('DELETE', `${base}/shifts/${saturdayDay.id}?reason=samengevoegd`, { token: tenant.tokens.planner })).status).toBe(200);

    const versions = await call('GET', `${base}/periods/${periodId}/versions`, { token: tenant.tokens.planner });
    expect(versions.body.map((v: { version: number; kind: string }) => [v.version, v.kind])).toEqual([
      [1, 'publication'], [2, 'amendment'], [3, 'amendment'], [4, 'amendment'], [5, 'amendment'], [6, 'amendment'],
    ]);
    const diff = await call('GET', `${base}/periods/${periodId}/diff?from=1&to=6`, { token: tenant.tokens.planner });
    expect(diff.status).toBe(200);
    expect(diff.body.added.map((s: { code: string }) => s.code)).toEqual(['V']);
    expect(diff.body.removed.map((s: { id: string }) => s.id)).toEqual([saturdayDay.id]);
    expect(diff.body.moved).toHaveLength(1);
    expect(diff.body.moved[0].after.startAt).toBe('2027-06-03T16:00:00.000Z');
    expect(diff.body.reassigned).toEqual([expect.objectContaining({ gpsAdded: [b.id], gpsRemoved: [a.id] })]);
    const period2 = await call('GET', `${base}/periods/${periodId}`, { token: tenant.tokens.planner });
    expect(period2.body).toMatchObject({ status: 'amended', version: 6 });
    const csv = await call('GET', `${base}/periods/${periodId}/export.csv`, { token: tenant.tokens.planner });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.split('\n')[0]).toBe('datum,post,dienst,rol,begin,einde,uren,nodig,bezet,huisartsen,emails');
    expect(csv.text).toContain('Dr. B');
    // Dr. B, logged in as a GP, sees their own diensten of the published roster.
    const { TenantFactory, TEST_PASSWORD } = await import('../factories/tenant.factory.js');
    const { Role } = await import('@anw/identity');
    const { login } = await import('../support/http.js');
    const bUser = await TenantFactory.user(sut.dataSource, [{ role: Role.Gp, hdsId: tenant.hds.id, gpId: b.id }]);
    const bToken = await login(sut.url, bUser.email, TEST_PASSWORD);
    const mine = await call('GET', `${base}/my/shifts?from=2027-06-01&to=2027-06-30`, { token: bToken });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ page: 1, pageSize: 50, total: 1 });
    expect(mine.body.items.map((s: { id: string }) => s.id)).toEqual([night.id]);
    expect((await call('GET', `${base}/my/shifts?from=2027-06-01&to=2027-06-30`, { token: tenant.tokens.gp })).status).toBe(403);
    expect(csv.text.split('\n')[1]).toMatch(/^2027-06-01,HAP-Z,/);
    expect(diff.body.added[0].localDate).toBe('2027-06-05');
  });

  it('refuses unknown GPs, rule violations and overfilling, and changes nothing', async () => {
    const period = await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'juli', startDate: '2027-07-01', endDate: '2027-07-04' } });
    await call('POST', `${base}/periods/${period.body.id}/generate`, { token: tenant.tokens.planner });
    const shifts = await shiftsOf(period.body.id);
    const night1 = shifts.find((s) => s.code === 'N' && s.localDate === '2027-07-01');
    const evening2 = shifts.find((s) => s.code === 'AC' && s.localDate === '2027-07-02');
    const auditBefore = await sut.dataSource.query('SELECT count(*)::int AS n FROM audit_records WHERE hds_id = $1', [tenant.hds.id]);
    const unknown = await call('POST', `${base}/shifts/${night1.id}/assignments`, { token: tenant.tokens.planner, body: { gpId: '00000000-0000-4000-8000-000000000001' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('gp_not_found');
    const c = await gp('Dr. C');
    expect((await call('POST', `${base}/shifts/${night1.id}/assignments`, { token: tenant.tokens.planner, body: { gpId: c.id } })).status).toBe(201);
    // Night until 08:00 on the 2nd, then evening at 17:00: 9 h, less than the 14 h after a night.
    const rest = await call('POST', `${base}/shifts/${evening2.id}/assignments`, { token: tenant.tokens.planner, body: { gpId: c.id } });
    expect(rest.status).toBe(422);
    expect(rest.body.code).toBe('rule_violation');
    expect(rest.body.detail).toMatch(/rust/);
    const full = await call('POST', `${base}/shifts/${night1.id}/assignments`, { token: tenant.tokens.planner, body: { gpId: (await gp('Dr. D')).id } });
    expect(full.status).toBe(409);
    expect(full.body.code).toBe('shift_full');
    const visiteOnly = await gp('Dr. E', [Qualification.Visite]);
    const unqualified = await call('POST', `${base}/shifts/${evening2.id}/assignments`, { token: tenant.tokens.planner, body: { gpId: visiteOnly.id } });
    expect(unqualified.status).toBe(422);
    const auditAfter = await sut.dataSource.query('SELECT count(*)::int AS n FROM audit_records WHERE hds_id = $1', [tenant.hds.id]);
    expect(auditAfter[0].n).toBe(auditBefore[0].n + 1);
  });

  it('refuses overlapping periods, bad dates and shifts outside the period', async () => {
    const bad = await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'x', startDate: '2027-09-10', endDate: '2027-09-01' } });
    expect(bad.status).toBe(400);
    const overlap = await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'x', startDate: '2027-05-30', endDate: '2027-06-02' } });
    expect(overlap.status).toBe(409);
    expect(overlap.body.code).toBe('period_overlap');
    const period = await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'aug', startDate: '2027-08-01', endDate: '2027-08-02' } });
    const outside = await call('POST', `${base}/periods/${period.body.id}/shifts`, {
      token: tenant.tokens.planner, body: { postId, role: 'consult', start: '2027-08-05T17:00', end: '2027-08-05T23:00', required: 1 },
    });
    expect(outside.status).toBe(400);
    expect(outside.body.code).toBe('shift_outside_period');
    const skipped = await call('POST', `${base}/periods/${period.body.id}/shifts`, {
      token: tenant.tokens.planner, body: { postId, role: 'consult', start: '2027-08-01T17:00', end: '2027-08-01T16:00', required: 1 },
    });
    expect(skipped.status).toBe(400);
  });

  it('pages the periods (newest first) and a GP’s own diensten, and refuses unknown query fields', async () => {
    const period = await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'oktober', startDate: '2027-10-04', endDate: '2027-10-10' } });
    const periodId = period.body.id;
    await call('POST', `${base}/periods/${periodId}/generate`, { token: tenant.tokens.planner });
    const f = await gp('Dr. F');
    const nights = (await shiftsOf(periodId)).filter((s) => s.code === 'N' && ['2027-10-04', '2027-10-06', '2027-10-08'].includes(s.localDate));
    for (const night of nights) {
      expect((await call('POST', `${base}/shifts/${night.id}/assignments`, { token: tenant.tokens.planner, body: { gpId: f.id } })).status).toBe(201);
    }
    expect((await call('POST', `${base}/periods/${periodId}/publish`, { token: tenant.tokens.planner })).status).toBe(200);
    const drafts: string[] = [];
    for (const [name, startDate, endDate] of [['november', '2027-11-01', '2027-11-07'], ['december', '2027-12-01', '2027-12-07']]) {
      drafts.push((await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name, startDate, endDate } })).body.id);
    }

    const all = await call('GET', `${base}/periods?pageSize=500`, { token: tenant.tokens.planner });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ page: 1, pageSize: 500, total: all.body.items.length });
    expect(all.body.total).toBeGreaterThanOrEqual(3);
    const starts = all.body.items.map((p: { startDate: string }) => p.startDate);
    expect(starts).toEqual([...starts].sort().reverse());
    const paged: string[] = [];
    for (let n = 1; n <= Math.ceil(all.body.total / 2); n++) {
      const res = await call('GET', `${base}/periods?page=${n}&pageSize=2`, { token: tenant.tokens.planner });
      expect(res.body).toMatchObject({ page: n, pageSize: 2, total: all.body.total });
      paged.push(...res.body.items.map((p: { id: string }) => p.id));
    }
    expect(paged).toEqual(all.body.items.map((p: { id: string }) => p.id));
    expect((await call('GET', `${base}/periods`, { token: tenant.tokens.planner })).body).toMatchObject({ page: 1, pageSize: 50 });
    const seenByGp = await call('GET', `${base}/periods?pageSize=500`, { token: tenant.tokens.gp });
    expect(seenByGp.body.items.map((p: { status: string }) => p.status)).not.toContain('draft');
    const seenIds = seenByGp.body.items.map((p: { id: string }) => p.id);
    expect(seenIds).toContain(periodId);
    expect(seenIds).not.toContain(drafts[0]);
    expect(seenIds).not.toContain(drafts[1]);
    expect(seenByGp.body.total).toBe(seenByGp.body.items.length);
    for (const query of ['foo=1', 'page=0', 'pageSize=501', 'pageSize=x']) {
      const bad = await call('GET', `${base}/periods?${query}`, { token: tenant.tokens.planner });
      expect([query, bad.status, bad.body.code]).toEqual([query, 400, 'validation_failed']);
    }

    const { TenantFactory, TEST_PASSWORD } = await import('../factories/tenant.factory.js');
    const { Role } = await import('@anw/identity');
    const { login } = await import('../support/http.js');
    const fUser = await TenantFactory.user(sut.dataSource, [{ role: Role.Gp, hdsId: tenant.hds.id, gpId: f.id }]);
    const fToken = await login(sut.url, fUser.email, TEST_PASSWORD);
    const range = 'from=2027-10-01&to=2027-10-31';
    const first = await call('GET', `${base}/my/shifts?${range}&pageSize=2`, { token: fToken });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    const second = await call('GET', `${base}/my/shifts?${range}&page=2&pageSize=2`, { token: fToken });
    expect(second.body).toMatchObject({ page: 2, pageSize: 2, total: 3 });
    expect([...first.body.items, ...second.body.items].map((s: { localDate: string }) => s.localDate)).toEqual(['2027-10-04', '2027-10-06', '2027-10-08']);
    expect((await call('GET', `${base}/my/shifts?from=2027-10-05&to=2027-10-31`, { token: fToken })).body).toMatchObject({ page: 1, pageSize: 50, total: 2 });
    for (const query of [`${range}&foo=1`, `${range}&pageSize=0`, 'page=1']) {
      const bad = await call('GET', `${base}/my/shifts?${query}`, { token: fToken });
      expect([query, bad.status, bad.body.code]).toEqual([query, 400, 'validation_failed']);
    }

    const doc = await call('GET', '/api/docs-json');
    const queryParams = (path: string): string[] =>
      doc.body.paths[path].get.parameters.filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => p.name).sort();
    expect(queryParams('/hds/{hdsId}/periods')).toEqual(['page', 'pageSize']);
    expect(queryParams('/hds/{hdsId}/my/shifts')).toEqual(['from', 'page', 'pageSize', 'to']);
  });
});
