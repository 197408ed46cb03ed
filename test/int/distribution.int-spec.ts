import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { parseInstance, validateRoster } from '@anw/distribution';
import { buildInstance } from '@anw/distribution-service';
import { Role } from '@anw/identity';
import { GpEntity, GpKind, Qualification, RosterPeriodEntity } from '@anw/rosters';
import { TenantFactory, TEST_PASSWORD } from '../factories/tenant.factory.js';
import { client, login } from '../support/http.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';
import { startWorker } from '../support/test-worker.js';
import { until } from '../support/until.js';

const ALL = { weekdays: true, saturday: true, sunday: true, holidays: true };

jest.setTimeout(60_000);

describe('distribution jobs and vrij roosteren (int: PostgreSQL, Redis, BullMQ worker)', () => {
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

  async function setup(days: { startDate: string; endDate: string }, gpCount: number): Promise<{ tenant: TestTenant; base: string; periodId: string; gps: GpEntity[] }> {
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
          kind: i % 4 === 3 ? GpKind.Locum : GpKind.PracticeHolder,
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
    return { tenant, base, periodId: period.body.id, gps };
  }

  it("builds the run's instance with the HDS's versioned settings: a change reaches a draft period", async () => {
    const { tenant, base, periodId } = await setup({ startDate: '2027-05-03', endDate: '2027-05-09' }, 4);
    const period = await sut.dataSource.getRepository(RosterPeriodEntity).findOneByOrFail({ id: periodId });
    const before = parseInstance(await buildInstance(sut.dataSource.manager, period));
    expect(before.rules.minRestHours).toBe(11);
    const current = await call('GET', `${base}/settings`, { token: tenant.tokens.admin });
    expect(current.status).toBe(200);
    const { hdsId: _hds, updatedAt: _at, updatedBy: _by, ...editable } = current.body as Record<string, unknown> & { rules: Record<string, unknown> };
    const changed = await call('PUT', `${base}/settings`, {
      token: tenant.tokens.admin,
      body: { ...editable, eveningStart: '18:00', rules: { ...editable.rules, minRestHours: 12 }, reason: 'langere rust' },
    });
    expect(changed.status).toBe(200);
    const after = parseInstance(await buildInstance(sut.dataSource.manager, period));
    expect(after.rules.minRestHours).toBe(12);
    expect(after.rules.eveningStart).toBe('18:00');
  });

  it('runs the engine as a job, streams progress, stores a draft, applies it and carries balances over', async () => {
    const { tenant, base, periodId, gps } = await setup({ startDate: '2027-03-22', endDate: '2027-04-04' }, 12);
    const started = await call('POST', `${base}/periods/${periodId}/distribution-runs`, { token: tenant.tokens.planner, body: { seconds: 1, seed: 7 } });
    expect(started.status).toBe(201);
    expect(started.body.status).toBe('queued');
    const again = await call('POST', `${base}/periods/${periodId}/distribution-runs`, { token: tenant.tokens.planner, body: { seconds: 1 } });
    expect([201, 409]).toContain(again.status);

    // Server-sent events until done.
    const sse = await fetch(`${sut.url}${base}/distribution-runs/${started.body.id}/events`, { headers: { authorization: `Bearer ${tenant.tokens.planner}` } });
    expect(sse.headers.get('content-type')).toContain('text/event-stream');
    const stream = await sse.text();
    expect(stream).toMatch(/event: done/);

    const run = await until(() => call('GET', `${base}/distribution-runs/${started.body.id}`, { token: tenant.tokens.planner }), (r) => r.body.status === 'completed');
    expect(run.body.status).toBe('completed');
    expect(run.body.percent).toBe(100);
    expect(run.body.result.unfilled).toEqual([]);
    // The result obeys every hard rule, checked by the engine's independent validator.
    const period = await sut.dataSource.getRepository(RosterPeriodEntity).findOneByOrFail({ id: periodId });
    const instance = parseInstance(await buildInstance(sut.dataSource.manager, period));
    expect(validateRoster(instance, run.body.result.assignments)).toEqual([]);

    const applied = await call('POST', `${base}/distribution-runs/${started.body.id}/apply`, { token: tenant.tokens.planner });
    expect(applied.status).toBe(200);
    expect(applied.body.added).toBe(run.body.result.assignments.length);
    const open = await call('GET', `${base}/periods/${periodId}/shifts?openOnly=true`, { token: tenant.tokens.planner });
    expect(open.body.total).toBe(0);
    const balances = await sut.dataSource.query('SELECT count(*)::int AS n FROM carry_over_balances WHERE period_id = $1', [periodId]);
    expect(balances[0].n).toBe(gps.length);
    // The next period's instance starts from those balances.
    const next = await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'next', startDate: '2027-04-05', endDate: '2027-04-11' } });
    const nextPeriod = await sut.dataSource.getRepository(RosterPeriodEntity).findOneByOrFail({ id: next.body.id });
    const nextInstance = parseInstance(await buildInstance(sut.dataSource.manager, nextPeriod));
    const devs = (run.body.result.report.perGp as { gp: string; deviation: Record<string, number | null> }[]).find((g) => g.gp === gps[0].id)!;
    expect(nextInstance.gps.find((g) => g.id === gps[0].id)!.balanceHours.nacht).toBeCloseTo(devs.deviation.nacht ?? 0, 5);
    // History: the last fortnight of the previous period counts for the rest rules.
    expect(nextInstance.history.length).toBeGreaterThan(0);
    const twice = await call('POST', `${base}/distribution-runs/${started.body.id}/apply`, { token: tenant.tokens.planner });
    expect(twice.status).toBe(409);
  });

  it('cancels a running job and keeps the best roster so far', async () => {
    const { tenant, base, periodId } = await setup({ startDate: '2027-05-03', endDate: '2027-06-27' }, 20);
    const started = await call('POST', `${base}/periods/${periodId}/distribution-runs`, { token: tenant.tokens.planner, body: { seconds: 60 } });
    await until(() => call('GET', `${base}/distribution-runs/${started.body.id}`, { token: tenant.tokens.planner }), (r) => r.body.status === 'running');
    const t0 = Date.now();
    const cancelled = await call('POST', `${base}/distribution-runs/${started.body.id}/cancel`, { token: tenant.tokens.planner });
    expect(cancelled.status).toBe(200);
    const run = await until(() => call('GET', `${base}/distribution-runs/${started.body.id}`, { token: tenant.tokens.planner }), (r) => r.body.status === 'cancelled' && r.body.result !== undefined);
    expect(run.body.status).toBe('cancelled');
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(run.body.result.assignments.length).toBeGreaterThan(0);
  });

  it('lets holders pick in their window up to their share, refuses locums outside theirs and breaches of the rules', async () => {
    const { tenant, base, periodId, gps } = await setup({ startDate: '2027-09-06', endDate: '2027-09-12' }, 8);
    const holder = gps[0];
    const locum = gps[3];
    const holderUser = await TenantFactory.user(sut.dataSource, [{ role: Role.Gp, hdsId: tenant.hds.id, gpId: holder.id }]);
    const locumUser = await TenantFactory.user(sut.dataSource, [{ role: Role.Gp, hdsId: tenant.hds.id, gpId: locum.id }]);
    const holderToken = await login(sut.url, holderUser.email, TEST_PASSWORD);
    const locumToken = await login(sut.url, locumUser.email, TEST_PASSWORD);
    const now = Date.now();
    await call('PUT', `${base}/periods/${periodId}/pick-windows`, {
      token: tenant.tokens.planner,
      body: { holdersFrom: new Date(now - 3600_000).toISOString(), holdersUntil: new Date(now + 3600_000).toISOString(), locumsFrom: new Date(now + 3600_000).toISOString(), locumsUntil: new Date(now + 7200_000).toISOString() },
    });
    const shifts = (await call('GET', `${base}/periods/${periodId}/shifts?pageSize=200`, { token: tenant.tokens.planner })).body.items;
    const night = shifts.find((s: { code: string; localDate: string }) => s.code === 'N' && s.localDate === '2027-09-07');
    const nextEvening = shifts.find((s: { code: string; localDate: string }) => s.code === 'AC' && s.localDate === '2027-09-08');
    const picked = await call('POST', `${base}/picks`, { token: holderToken, body: { shiftId: night.id } });
    expect(picked.status).toBe(201);
    expect(picked.body.shareHours).toBeGreaterThan(0);
    const rest = await call('POST', `${base}/picks`, { token: holderToken, body: { shiftId: nextEvening.id } });
    expect(rest.status).toBe(422);
    expect(rest.body.detail).toMatch(/rust/);
    const locumTooEarly = await call('POST', `${base}/picks`, { token: locumToken, body: { shiftId: nextEvening.id } });
    expect(locumTooEarly.status).toBe(409);
    expect(locumTooEarly.body.code).toBe('pick_window_closed');
    // Picking on and on ends at the GP's share.
    let last = 201;
    for (const s of shifts.filter((x: { code: string }) => x.code === 'D')) {
      last = (await call('POST', `${base}/picks`, { token: holderToken, body: { shiftId: s.id } })).status;
      if (last === 409) break;
    }
    expect(last).toBe(409);
    // Phase 3: the engine fills the rest and keeps the picks.
    const run = await call('POST', `${base}/periods/${periodId}/distribution-runs`, { token: tenant.tokens.planner, body: { seconds: 1 } });
    const done = await until(() => call('GET', `${base}/distribution-runs/${run.body.id}`, { token: tenant.tokens.planner }), (r) => r.body.status === 'completed');
    expect(done.body.result.assignments).toEqual(expect.arrayContaining([{ shift: night.id, gp: holder.id }]));
  });
});
