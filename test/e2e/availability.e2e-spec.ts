import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ExemptionKind, GpExemptionEntity, GpKind, type GpEntity } from '@anw/rosters';
import { GpFactory } from '../factories/gp.factory.js';
import { TEST_PASSWORD } from '../factories/tenant.factory.js';
import { client, login } from '../support/http.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';

const DAY = 86_400_000;

describe('availability of GPs, deadlines and responses (e2e)', () => {
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let tenant: TestTenant;
  let base: string;
  let anna: GpEntity;
  let bram: GpEntity;
  let annaUserId: string;
  let annaToken: string;
  let closedPeriod: { id: string; availabilityDeadline: string };
  let openPeriod: { id: string; availabilityDeadline: string };

  async function count(sql: string, params: unknown[] = [tenant.hds.id]): Promise<number> {
    const [{ n }] = await sut.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params);
    return n;
  }
  const auditCount = (): Promise<number> => count('audit_records WHERE hds_id = $1');
  const availabilityCount = (): Promise<number> => count('availability WHERE hds_id = $1');

  beforeAll(async () => {
    sut = await startApi();
    call = client(sut.url);
    tenant = await createTenant(sut);
    base = `/hds/${tenant.hds.id}`;
    anna = await GpFactory.create(sut.dataSource, tenant.hds.id, { name: 'Dr. Anna Bakker', email: 'anna@praktijk.nl' });
    bram = await GpFactory.create(sut.dataSource, tenant.hds.id, { name: 'Dr. Bram Claassen', email: 'bram@praktijk.nl', kind: GpKind.Locum });
    const user = await GpFactory.user(sut.dataSource, anna);
    annaUserId = user.id;
    annaToken = await login(sut.url, user.email, TEST_PASSWORD);
    const closed = await call('POST', `${base}/periods`, {
      token: tenant.tokens.planner,
      body: { name: 'januari 2027', startDate: '2027-01-04', endDate: '2027-01-31', availabilityDeadline: new Date(Date.now() - DAY).toISOString() },
    });
    const open = await call('POST', `${base}/periods`, {
      token: tenant.tokens.planner,
      body: { name: 'voorjaar 2027', startDate: '2027-02-01', endDate: '2027-04-30', availabilityDeadline: new Date(Date.now() + 30 * DAY).toISOString() },
    });
    expect([closed.status, open.status]).toEqual([201, 201]);
    closedPeriod = closed.body;
    openPeriod = open.body;
  });
  afterAll(async () => {
    await sut.close();
  });

  it('lets a GP enter and read their own availability in local time, and nobody else’s', async () => {
    const res = await call('POST', `${base}/gps/${anna.id}/availability`, {
      token: annaToken,
      body: { kind: 'absence', startAt: '2027-03-27T00:00', endAt: '2027-03-29T00:00', note: 'weekend weg' },
    });
    expect(res.status).toBe(201);
    // Across the spring clock change: local times as entered, the instants in UTC.
    expect(res.body).toMatchObject({ gpId: anna.id, kind: 'absence', startAt: '2027-03-27T00:00', endAt: '2027-03-29T00:00', startUtc: '2027-03-26T23:00:00.000Z', endUtc: '2027-03-28T22:00:00.000Z', note: 'weekend weg', enteredBy: annaUserId });
    expect(await count("outbox_events WHERE hds_id = $1 AND type = 'availability.added'")).toBe(1);

    const mine = await call('GET', `${base}/gps/${anna.id}/availability?from=2027-03-01&to=2027-03-31`, { token: annaToken });
    expect(mine.status).toBe(200);
    expect(mine.body.map((a: { id: string }) => a.id)).toEqual([res.body.id]);
    expect((await call('GET', `${base}/gps/${anna.id}/availability?from=2027-03-29`, { token: annaToken })).body).toEqual([]);
    expect((await call('GET', `${base}/gps/${anna.id}/availability?to=2027-03-26`, { token: annaToken })).body).toEqual([]);
    expect((await call('GET', `${base}/gps/${anna.id}/availability`, { token: tenant.tokens.planner })).body).toHaveLength(1);
    expect((await call('GET', `${base}/gps/${anna.id}/availability`, { token: tenant.tokens.auditor })).status).toBe(200);

    const before = await availabilityCount();
    const forColleague = await call('POST', `${base}/gps/${bram.id}/availability`, { token: annaToken, body: { kind: 'wants', startAt: '2027-02-06T08:00', endAt: '2027-02-06T17:00' } });
    expect(forColleague.status).toBe(403);
    expect(forColleague.body.code).toBe('not_your_gp_record');
    const readColleague = await call('GET', `${base}/gps/${bram.id}/availability`, { token: annaToken });
    expect(readColleague.status).toBe(403);
    expect(readColleague.body.code).toBe('not_your_gp_record');
    // A GP login without a GP record in this HDS has no record to enter for.
    expect((await call('POST', `${base}/gps/${anna.id}/availability`, { token: tenant.tokens.gp, body: { kind: 'wants', startAt: '2027-02-06T08:00', endAt: '2027-02-06T17:00' } })).status).toBe(403);
    expect((await call('POST', `${base}/gps/${anna.id}/availability`, { token: tenant.tokens.auditor, body: { kind: 'wants', startAt: '2027-02-06T08:00', endAt: '2027-02-06T17:00' } })).status).toBe(403);
    expect(await availabilityCount()).toBe(before);

    const removed = await call('DELETE', `${base}/gps/${anna.id}/availability/${res.body.id}`, { token: annaToken });
    expect(removed.status).toBe(200);
    expect((await call('DELETE', `${base}/gps/${anna.id}/availability/${res.body.id}`, { token: annaToken })).status).toBe(404);
  });

  it('refuses a local time that does not exist, naming the field, and an end before the start', async () => {
    const before = await auditCount();
    const gap = await call('POST', `${base}/gps/${anna.id}/availability`, { token: annaToken, body: { kind: 'blocked', startAt: '2027-03-28T02:30', endAt: '2027-03-28T08:00' } });
    expect(gap.status).toBe(400);
    expect(gap.body.code).toBe('availability_invalid');
    expect(gap.body.errors).toEqual([{ field: 'startAt', message: expect.stringMatching(/bestaat niet in Europe\/Amsterdam/) }]);
    expect(gap.body.detail).toMatch(/^startAt: /);
    const reversed = await call('POST', `${base}/gps/${anna.id}/availability`, { token: annaToken, body: { kind: 'blocked', startAt: '2027-02-10T08:00', endAt: '2027-02-10T08:00' } });
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors[0].field).toBe('endAt');
    const malformed = await call('POST', `${base}/gps/${anna.id}/availability`, { token: annaToken, body: { kind: 'ziek', startAt: '10-02-2027', endAt: '2027-02-10T08:00' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['kind', 'startAt']);
    expect(await auditCount()).toBe(before);
  });

  it('holds a GP to the deadline of every period the interval touches; a planner may always, on their behalf', async () => {
    const before = await availabilityCount();
    const late = await call('POST', `${base}/gps/${anna.id}/availability`, { token: annaToken, body: { kind: 'absence', startAt: '2027-01-10T00:00', endAt: '2027-01-12T00:00' } });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('availability_deadline_passed');
    expect(late.body.detail).toMatch(/januari 2027/);
    // An interval reaching from the open period back into the closed one is refused too.
    const straddle = await call('POST', `${base}/gps/${anna.id}/availability`, { token: annaToken, body: { kind: 'avoids', startAt: '2027-01-31T20:00', endAt: '2027-02-01T08:00' } });
    expect(straddle.status).toBe(409);
    expect(await availabilityCount()).toBe(before);
    const onTime = await call('POST', `${base}/gps/${anna.id}/availability`, { token: annaToken, body: { kind: 'avoids', startAt: '2027-02-01T00:00', endAt: '2027-02-02T08:00' } });
    expect(onTime.status).toBe(201);

    const byPlanner = await call('POST', `${base}/gps/${anna.id}/availability`, { token: tenant.tokens.planner, body: { kind: 'absence', startAt: '2027-01-10T00:00', endAt: '2027-01-12T00:00', note: 'ziek gemeld' } });
    expect(byPlanner.status).toBe(201);
    const [audit] = await sut.dataSource.query("SELECT actor_user_id FROM audit_records WHERE hds_id = $1 AND entity_id = $2 AND action = 'availability.added'", [tenant.hds.id, byPlanner.body.id]);
    expect(byPlanner.body.enteredBy).toBe(audit.actor_user_id);
    expect(byPlanner.body.enteredBy).not.toBe(annaUserId);

    const gpRemoves = await call('DELETE', `${base}/gps/${anna.id}/availability/${byPlanner.body.id}`, { token: annaToken });
    expect(gpRemoves.status).toBe(409);
    expect(gpRemoves.body.code).toBe('availability_deadline_passed');
    expect((await call('DELETE', `${base}/gps/${anna.id}/availability/${byPlanner.body.id}`, { token: tenant.tokens.planner })).status).toBe(200);
  });

  it('records who confirmed their availability and lists who has not responded', async () => {
    const left = await GpFactory.create(sut.dataSource, tenant.hds.id, { name: 'Dr. Vertrokken', leftOn: '2027-01-31' });
    const exempt = await GpFactory.create(sut.dataSource, tenant.hds.id, { name: 'Dr. Vrijgesteld' });
    await sut.dataSource.getRepository(GpExemptionEntity).save({ hdsId: tenant.hds.id, gpId: exempt.id, kind: ExemptionKind.Full, fromDate: '2027-01-01', toDate: '2027-06-30', reason: 'sabbatical' });
    const noNights = await GpFactory.create(sut.dataSource, tenant.hds.id, { name: 'Dr. Geen Nachten' });
    await sut.dataSource.getRepository(GpExemptionEntity).save({ hdsId: tenant.hds.id, gpId: noNights.id, kind: ExemptionKind.NoNights, fromDate: '2027-01-01', toDate: '2027-06-30' });
    const statusUrl = `${base}/periods/${openPeriod.id}/availability-status`;

    const initial = await call('GET', statusUrl, { token: tenant.tokens.planner });
    expect(initial.status).toBe(200);
    expect(initial.body.deadline).toBe(openPeriod.availabilityDeadline);
    expect(initial.body.responded).toEqual([]);
    expect(initial.body.notResponded.map((g: { name: string }) => g.name)).toEqual(['Dr. Anna Bakker', 'Dr. Bram Claassen', 'Dr. Geen Nachten']);
    expect(initial.body.notResponded[0]).toEqual({ gpId: anna.id, name: 'Dr. Anna Bakker', email: 'anna@praktijk.nl' });
    expect(left.id).toBeDefined();

    const url = `${base}/periods/${openPeriod.id}/availability-responses`;
    const before = await auditCount();
    const first = await call('POST', url, { token: annaToken, body: {} });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ periodId: openPeriod.id, gpId: anna.id, enteredBy: annaUserId });
    const repeat = await call('POST', url, { token: annaToken, body: {} });
    expect(repeat.body.respondedAt).toBe(first.body.respondedAt);
    expect(await auditCount()).toBe(before + 1);

    const forBram = await call('POST', url, { token: annaToken, body: { gpId: bram.id } });
    expect(forBram.status).toBe(403);
    expect(forBram.body.code).toBe('not_your_gp_record');
    const afterDeadline = await call('POST', `${base}/periods/${closedPeriod.id}/availability-responses`, { token: annaToken, body: {} });
    expect(afterDeadline.status).toBe(409);
    expect(afterDeadline.body.code).toBe('availability_deadline_passed');
    expect((await call('POST', url, { token: tenant.tokens.planner, body: {} })).status).toBe(400);
    const onBehalf = await call('POST', `${base}/periods/${closedPeriod.id}/availability-responses`, { token: tenant.tokens.planner, body: { gpId: bram.id } });
    expect(onBehalf.status).toBe(201);

    const status = await call('GET', statusUrl, { token: tenant.tokens.admin });
    expect(status.body.responded.map((g: { gpId: string }) => g.gpId)).toEqual([anna.id]);
    expect(status.body.responded[0].respondedAt).toBe(first.body.respondedAt);
    expect(status.body.notResponded.map((g: { gpId: string }) => g.gpId)).toEqual([bram.id, noNights.id]);
    const closedStatus = await call('GET', `${base}/periods/${closedPeriod.id}/availability-status`, { token: tenant.tokens.planner });
    expect(closedStatus.body.deadlinePassed).toBe(true);
    expect(closedStatus.body.responded.map((g: { gpId: string }) => g.gpId)).toEqual([bram.id]);
    expect(closedStatus.body.notResponded.map((g: { name: string }) => g.name)).toContain('Dr. Vertrokken');

    expect((await call('GET', statusUrl, { token: annaToken })).status).toBe(403);
    expect((await call('GET', `${base}/periods/00000000-0000-4000-8000-000000000000/availability-status`, { token: tenant.tokens.planner })).status).toBe(404);
  });

  describe('CSV import', () => {
    const csvCall = (csv: string, dryRun: boolean, token = tenant.tokens.planner) =>
      call('POST', `${base}/availability/import?dryRun=${dryRun}`, { token, rawBody: csv, headers: { 'content-type': 'text/csv' } });

    const BAD = [
      'email,kind,start,end,note',
      'onbekend@praktijk.nl,absence,2027-02-08T00:00,2027-02-09T00:00,',
      'anna@praktijk.nl,ziek,2027-02-08T00:00,2027-02-09T00:00,',
      'bram@praktijk.nl,blocked,2027-03-28T02:00,2027-03-28T08:00,',
      'bram@praktijk.nl,wants,2027-02-09T00:00,2027-02-08T00:00,',
      'ANNA@praktijk.nl,wants,2027-02-13T08:00,2027-02-13T17:00,goed',
    ].join('\n');

    it('reports every bad row by line on a dry run and refuses the real import with 400, writing nothing', async () => {
      const [rows, audits] = [await availabilityCount(), await auditCount()];
      const dry = await csvCall(BAD, true);
      expect(dry.status).toBe(200);
      expect(dry.body.valid).toBe(1);
      expect(dry.body.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)).toEqual(['2:email', '3:kind', '4:start', '5:end']);
      expect(dry.body.errors[2].message).toMatch(/bestaat niet/);
      const real = await csvCall(BAD, false);
      expect(real.status).toBe(400);
      expect(real.body.code).toBe('csv_invalid');
      expect(real.body.errors).toEqual(dry.body.errors);
      expect([await availabilityCount(), await auditCount()]).toEqual([rows, audits]);
    });

    it('imports a good file in one transaction, entered by the planner, deadlines notwithstanding', async () => {
      const [rows, audits] = [await availabilityCount(), await auditCount()];
      const csv = ['email,kind,start,end,note', 'ANNA@praktijk.nl,wants,2027-02-13T08:00,2027-02-13T17:00,graag', 'bram@praktijk.nl,afwezig,2027-01-18T00:00,2027-01-25T00:00,"vakantie, skiën"', 'bram@praktijk.nl,avoids,2027-10-30T23:00,2027-10-31T08:00,'].join('\n');
      expect((await csvCall(csv, true)).body).toEqual({ valid: 3, errors: [] });
      const res = await csvCall(csv, false);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ imported: 3 });
      expect(await availabilityCount()).toBe(rows + 3);
      // One audit record per GP, holding all of that GP's imported entries.
      expect(await auditCount()).toBe(audits + 2);
      expect(await count("outbox_events WHERE hds_id = $1 AND type = 'availability.imported'")).toBe(1);
      const list = await call('GET', `${base}/gps/${bram.id}/availability?from=2027-01-01&to=2027-12-31`, { token: tenant.tokens.planner });
      expect(list.body.map((a: { kind: string; startAt: string; note: string }) => [a.kind, a.startAt, a.note])).toEqual([
        ['absence', '2027-01-18T00:00', 'vakantie, skiën'],
        ['avoids', '2027-10-30T23:00', ''],
      ]);
      expect(list.body[0].enteredBy).not.toBeNull();
      expect(list.body[0].enteredBy).not.toBe(annaUserId);
      expect((await csvCall(csv, true, annaToken)).status).toBe(403);
    });
  });
});
