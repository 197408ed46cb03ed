import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Role } from '@anw/identity';
import { GpEntity, GpKind, Qualification } from '@anw/rosters';
import { TenantFactory, TEST_PASSWORD } from '../factories/tenant.factory.js';
import { client, login } from '../support/http.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';
import { startWorker } from '../support/test-worker.js';
import { until } from '../support/until.js';

const ALL = { weekdays: true, saturday: true, sunday: true, holidays: true };
type Shift = { id: string; code: string; localDate: string };
type Assignment = { shift: string; gp: string };

jest.setTimeout(60_000);

describe('per-GP limits and wishes in the engine and the one rule check (int: PostgreSQL, Redis, BullMQ worker)', () => {
  let sut: TestApp;
  let worker: INestApplication;
  let call: ReturnType<typeof client>;

  beforeAll(async () => {
    sut = await startApi();
    worker = await startWorker();
    call = client(sut.url);
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  async function setup(days: { startDate: string; endDate: string }, gpCount: number): Promise<{ tenant: TestTenant; base: string; periodId: string; gps: GpEntity[]; shifts: Shift[] }> {
    const tenant = await createTenant(sut);
    const base = `/hds/${tenant.hds.id}`;
    const post = await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { code: 'HAP-A', name: 'HAP A' } });
    for (const t of [
      { code: 'N', role: 'consult', startTime: '23:00', endTime: '08:00', days: ALL, required: 1 },
      { code: 'AC', role: 'consult', startTime: '17:00', endTime: '23:00', days: ALL, required: 1 },
      { code: 'D', role: 'consult', startTime: '08:00', endTime: '17:00', days: { weekdays: false, saturday: true, sunday: true, holidays: true }, required: 1 },
    ]) {
      await call('POST', `${base}/posts/${post.body.id}/templates`, { token: tenant.tokens.planner, body: t });
    }
    const gps: GpEntity[] = [];
    for (let i = 0; i < gpCount; i++) {
      gps.push(
        await sut.dataSource.getRepository(GpEntity).save({
          hdsId: tenant.hds.id,
          kind: GpKind.PracticeHolder,
          name: `Huisarts ${i}`,
          email: `gp${i}-${tenant.hds.code}@test.anw`,
          qualifications: [Qualification.Consult],
          practicePatients: 2000 + 100 * i,
          fte: 1,
        }),
      );
    }
    const period = await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'test', ...days } });
    await call('POST', `${base}/periods/${period.body.id}/generate`, { token: tenant.tokens.planner });
    const shifts = (await call('GET', `${base}/periods/${period.body.id}/shifts?pageSize=200`, { token: tenant.tokens.planner })).body.items as Shift[];
    return { tenant, base, periodId: period.body.id, gps, shifts };
  }

  async function gpToken(tenant: TestTenant, gp: GpEntity): Promise<string> {
    const user = await TenantFactory.user(sut.dataSource, [{ role: Role.Gp, hdsId: tenant.hds.id, gpId: gp.id }]);
    return login(sut.url, user.email, TEST_PASSWORD);
  }

  async function run(tenant: TestTenant, base: string, periodId: string): Promise<{ id: string; assignments: Assignment[]; unfilled: unknown[]; report: { perGp: { gp: string; preferences?: Record<string, number> }[] } }> {
    const started = await call('POST', `${base}/periods/${periodId}/distribution-runs`, { token: tenant.tokens.planner, body: { seconds: 1, seed: 3 } });
    expect(started.status).toBe(201);
    const done = await until(() => call('GET', `${base}/distribution-runs/${started.body.id}`, { token: tenant.tokens.planner }), (r) => r.body.status === 'completed');
    expect(done.body.status).toBe('completed');
    return { id: started.body.id, ...done.body.result };
  }

  it('honours a planner-set and an approved requested limit in assignments, picks and the run; a pick set over a limit refuses the run', async () => {
    const { tenant, base, periodId, gps, shifts } = await setup({ startDate: '2027-09-06', endDate: '2027-09-19' }, 8);
    const nights = shifts.filter((s) => s.code === 'N');
    const capped = gps[1];

    // The period's own limit wins over the one for every period.
    expect((await call('PUT', `${base}/gps/${capped.id}/limits`, { token: tenant.tokens.planner, body: { night: 5, total: 9 } })).status).toBe(200);
    const set = await call('PUT', `${base}/gps/${capped.id}/limits`, { token: tenant.tokens.planner, body: { periodId, night: 1 } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ status: 'approved', periodId, limits: { night: 1 } });
    const bad = await call('PUT', `${base}/gps/${capped.id}/limits`, { token: tenant.tokens.planner, body: { night: -1 } });
    expect(bad.status).toBe(400);

    // A GP asks; it counts only once approved.
    const asker = gps[2];
    const askerToken = await gpToken(tenant, asker);
    const requested = await call('POST', `${base}/my/limits`, { token: askerToken, body: { total: 2 } });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({ status: 'requested', periodId: null, limits: { total: 2 } });
    expect((await call('PUT', `${base}/gps/${asker.id}/limits`, { token: askerToken, body: { total: 9 } })).status).toBe(403);
    expect((await call('GET', `${base}/limit-requests`, { token: tenant.tokens.planner })).body).toEqual([expect.objectContaining({ gpId: asker.id, status: 'requested' })]);
    expect((await call('GET', `${base}/limit-requests`, { token: askerToken })).status).toBe(403);
    const approved = await call('POST', `${base}/gps/${asker.id}/limits/approve`, { token: tenant.tokens.planner, body: {} });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', limits: { total: 2 } });
    expect((await call('GET', `${base}/limit-requests`, { token: tenant.tokens.planner })).body).toEqual([]);
    expect((await call('POST', `${base}/gps/${asker.id}/limits/approve`, { token: tenant.tokens.planner, body: {} })).status).toBe(404);
    const audit = await sut.dataSource.query(`SELECT action FROM audit_records WHERE hds_id = $1 AND entity_type = 'gp_limits' ORDER BY action`, [tenant.hds.id]);
    expect(audit.map((r: { action: string }) => r.action)).toEqual(['gp.limits.approved', 'gp.limits.requested', 'gp.limits.set', 'gp.limits.set']);
    expect((await call('GET', `${base}/gps/${asker.id}/limits`, { token: askerToken })).body).toEqual([expect.objectContaining({ status: 'approved', limits: { total: 2 } })]);

    // The planner's assignment: the second night is over the limit, named in Dutch.
    expect((await call('POST', `${base}/shifts/${nights[1].id}/assignments`, { token: tenant.tokens.planner, body: { gpId: capped.id } })).status).toBe(201);
    const second = await call('POST', `${base}/shifts/${nights[5].id}/assignments`, { token: tenant.tokens.planner, body: { gpId: capped.id } });
    expect(second.status).toBe(422);
    expect(second.body.detail).toMatch(/nachtdiensten dan de limiet van deze huisarts \(1/);

    // A pick over the limit is refused the same way.
    const now = Date.now();
    await call('PUT', `${base}/periods/${periodId}/pick-windows`, {
      token: tenant.tokens.planner,
      body: { holdersFrom: new Date(now - 3600_000).toISOString(), holdersUntil: new Date(now + 3600_000).toISOString(), locumsFrom: new Date(now + 3600_000).toISOString(), locumsUntil: new Date(now + 7200_000).toISOString() },
    });
    const pick = await call('POST', `${base}/picks`, { token: await gpToken(tenant, capped), body: { shiftId: nights[9].id } });
    expect(pick.status).toBe(422);
    expect(pick.body.detail).toMatch(/limiet/);

    // The engine keeps every GP within their limits.
    const result = await run(tenant, base, periodId);
    expect(result.unfilled).toEqual([]);
    const nightIds = new Set(nights.map((s) => s.id));
    expect(result.assignments.filter((a) => a.gp === capped.id && nightIds.has(a.shift))).toHaveLength(1);
    expect(result.assignments.filter((a) => a.gp === asker.id).length).toBeLessThanOrEqual(2);

    // Fixed assignments already over a limit: the run start is a Dutch 422 naming the GP.
    const other = gps[4];
    for (const s of [nights[2], nights[6]]) expect((await call('POST', `${base}/shifts/${s.id}/assignments`, { token: tenant.tokens.planner, body: { gpId: other.id } })).status).toBe(201);
    await call('PUT', `${base}/gps/${other.id}/limits`, { token: tenant.tokens.planner, body: { periodId, night: 1 } });
    const refused = await call('POST', `${base}/periods/${periodId}/distribution-runs`, { token: tenant.tokens.planner, body: { seconds: 1 } });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(/Huisarts 4: de vaste bezetting breekt al de limiet/);
  });

  it('respects a GP\'s "no Friday nights" and reports each GP\'s wishes in the run result', async () => {
    const { tenant, base, periodId, gps, shifts } = await setup({ startDate: '2027-09-20', endDate: '2027-09-26' }, 6);
    const gp = gps[0];
    const token = await gpToken(tenant, gp);
    const wishes = `${base}/periods/${periodId}/gps/${gp.id}/recurring-wishes`;
    const avoid = await call('POST', wishes, { token, body: { kind: 'avoid', weekday: 5, startTime: '17:00', endTime: '08:00', weight: 3, note: 'geen vrijdagnachten' } });
    expect(avoid.status).toBe(201);
    expect((await call('POST', wishes, { token, body: { kind: 'want', weekday: 7, startTime: '08:00', endTime: '17:00', weight: 4 } })).status).toBe(400);
    expect((await call('POST', wishes, { token, body: { kind: 'want', weekday: 7, startTime: '08:00', endTime: '17:00', weight: 2 } })).status).toBe(201);
    expect((await call('POST', `${base}/periods/${periodId}/gps/${gps[1].id}/recurring-wishes`, { token, body: { kind: 'avoid', weekday: 1, startTime: '00:00', endTime: '00:00' } })).status).toBe(403);
    expect((await call('GET', wishes, { token })).body).toHaveLength(2);
    const dated = await call('POST', `${base}/gps/${gp.id}/availability`, { token, body: { kind: 'avoids', startAt: '2027-09-22T00:00', endAt: '2027-09-23T00:00', weight: 2 } });
    expect(dated.status).toBe(201);
    expect(dated.body.weight).toBe(2);

    const result = await run(tenant, base, periodId);
    expect(result.unfilled).toEqual([]);
    const friday = new Set(shifts.filter((s) => s.localDate === '2027-09-24' && (s.code === 'N' || s.code === 'AC')).map((s) => s.id));
    expect(friday.size).toBe(2);
    expect(result.assignments.filter((a) => a.gp === gp.id && friday.has(a.shift))).toEqual([]);
    const mine = result.report.perGp.find((g) => g.gp === gp.id);
    expect(mine?.preferences).toMatchObject({ avoidsTotal: 2, avoidsHit: 0, wantsTotal: 1 });
    expect(result.report.perGp.find((g) => g.gp === gps[1].id)?.preferences).toMatchObject({ wantsTotal: 0, avoidsTotal: 0 });

    // The GP's own view: from the applied run only.
    const before = await call('GET', `${base}/periods/${periodId}/my/wishes`, { token });
    expect(before.body).toEqual({ periodId, runId: null, preferences: null });
    expect((await call('POST', `${base}/distribution-runs/${result.id}/apply`, { token: tenant.tokens.planner })).status).toBe(200);
    const after = await call('GET', `${base}/periods/${periodId}/my/wishes`, { token });
    expect(after.body).toEqual({ periodId, runId: result.id, preferences: mine?.preferences });
    expect((await call('GET', `${base}/periods/${periodId}/my/wishes`, { token: tenant.tokens.planner })).status).toBe(403);
  });
  it('keeps trades within a limit: the open list leaves out what a GP may not take, and a claim over it is a Dutch 422', async () => {
    const { tenant, base, periodId, gps, shifts } = await setup({ startDate: '2027-10-04', endDate: '2027-10-10' }, 4);
    const gp = gps[0];
    const evenings = shifts.filter((s) => s.code === 'AC');
    expect((await call('POST', `${base}/shifts/${evenings[0].id}/assignments`, { token: tenant.tokens.planner, body: { gpId: gp.id } })).status).toBe(201);
    expect((await call('PUT', `${base}/gps/${gp.id}/limits`, { token: tenant.tokens.planner, body: { evening: 1 } })).status).toBe(200);
    expect((await call('POST', `${base}/periods/${periodId}/publish`, { token: tenant.tokens.planner })).status).toBe(200);
    const token = await gpToken(tenant, gp);
    const open = await call('GET', `${base}/marketplace/open?limit=100`, { token });
    expect(open.status).toBe(200);
    // Every weekday dienst has avond minutes (the evening, or a night's early morning); the
    // weekend's count as weekend, so only they stay on offer.
    const offered = open.body.items.map((i: { shift: { code: string; localDate: string } }) => `${i.shift.localDate} ${i.shift.code}`);
    expect(offered).toEqual(['2027-10-09 D', '2027-10-09 AC', '2027-10-09 N', '2027-10-10 D', '2027-10-10 AC', '2027-10-10 N']);
    const claim = await call('POST', `${base}/marketplace/claims`, { token, body: { shiftId: evenings[3].id } });
    expect(claim.status).toBe(422);
    expect(claim.body.detail).toMatch(/^Huisarts 0: meer avonddiensten dan de limiet van deze huisarts \(1/);
  });
});
