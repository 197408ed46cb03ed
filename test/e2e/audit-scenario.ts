// A small audited roster built through the API, shared by the audit e2e specs.
//
// Four GPs, per-head weights: Aalders (holder), Bakker (HIDHA of Aalders), Claes (locum), Dekker
// (holder, exempt from nights). P0 (31 May 2027): one evening (6 h avond) for Aalders, so after
// P0 Aalders is 4.5 h ahead in avond and the others 1.5 h behind. P1 (7–8 June 2027): evenings
// 17–23 and nights 23–08 on both days, published, then amended: Claes off Tuesday's evening
// (Dekker takes it), Bakker off Monday's night (left open) and an extra visite 16–24 on Monday
// for Dekker. Demand in P1: avond 21 h over 5 positions (L = 4.2), nacht 16 h over 2 (L = 8).
import { randomUUID } from 'node:crypto';
import { HdsEntity, QuotaPolicy, Role } from '@anw/identity';
import { ExemptionKind, GpEntity, GpExemptionEntity, GpKind, Qualification } from '@anw/rosters';
import { TenantFactory, TEST_PASSWORD } from '../factories/tenant.factory.js';
import { client, login } from '../support/http.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import type { TestApp } from '../support/test-app.js';

export interface AuditScenario {
  tenant: TestTenant;
  base: string;
  postId: string;
  gps: Record<'aalders' | 'bakker' | 'claes' | 'dekker', GpEntity>;
  /** a GP user linked to Aalders' GP record */
  aaldersToken: string;
  p0: string;
  p1: string;
  shifts: Record<'acMon' | 'nMon' | 'acTue' | 'nTue' | 'vMon', string>;
}

export async function buildAuditScenario(sut: TestApp, regionId?: string): Promise<AuditScenario> {
  const call = client(sut.url);
  const tenant = await createTenant(sut, regionId);
  const base = `/hds/${tenant.hds.id}`;
  const planner = { token: tenant.tokens.planner };
  const ok = async (method: string, path: string, body?: unknown, expected = [200, 201]): Promise<any> => {
    const res = await call(method, `${base}${path}`, { ...planner, ...(body === undefined ? {} : { body }) });
    if (!expected.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  await sut.dataSource.getRepository(HdsEntity).update({ id: tenant.hds.id }, { quotaPolicy: QuotaPolicy.PerHead });
  const post = await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { code: 'HAP-Z', name: 'HAP Zaanstreek' } });
  const postId = post.body.id as string;

  const repo = sut.dataSource.getRepository(GpEntity);
  const gp = (name: string, kind: GpKind, extra: Partial<GpEntity> = {}): Promise<GpEntity> =>
    repo.save({ hdsId: tenant.hds.id, kind, name, email: `${name.replace(/\W/g, '').toLowerCase()}-${randomUUID().slice(0, 8)}@test.anw`, qualifications: [Qualification.Consult, Qualification.Visite], ...extra });
  const aalders = await gp('Dr. Aalders', GpKind.PracticeHolder, { practicePatients: 2400 });
  const bakker = await gp('Dr. Bakker', GpKind.Employed, { employerGpId: aalders.id, carveOutPercent: 40 });
  const claes = await gp('Dr. Claes', GpKind.Locum);
  const dekker = await gp('Dr. Dekker', GpKind.PracticeHolder, { practicePatients: 2100 });
  await sut.dataSource.getRepository(GpExemptionEntity).save({ hdsId: tenant.hds.id, gpId: dekker.id, kind: ExemptionKind.NoNights, fromDate: '2027-01-01', toDate: '2027-12-31', reason: 'zwangerschap' });
  const user = await TenantFactory.user(sut.dataSource, [{ role: Role.Gp, hdsId: tenant.hds.id, gpId: aalders.id }]);
  const aaldersToken = await login(sut.url, user.email, TEST_PASSWORD);

  const shift = async (periodId: string, code: string, role: string, start: string, end: string, reason?: string): Promise<string> =>
    (await ok('POST', `/periods/${periodId}/shifts`, { postId, role, code, start, end, required: 1, ...(reason ? { reason } : {}) })).id;
  const assign = (shiftId: string, gpId: string, reason?: string): Promise<unknown> => ok('POST', `/shifts/${shiftId}/assignments`, { gpId, ...(reason ? { reason } : {}) });

  const p0 = (await ok('POST', '/periods', { name: 'P0 31 mei', startDate: '2027-05-31', endDate: '2027-05-31' })).id as string;
  await assign(await shift(p0, 'AC', 'consult', '2027-05-31T17:00', '2027-05-31T23:00'), aalders.id);
  await ok('POST', `/periods/${p0}/publish`);

  const p1 = (await ok('POST', '/periods', { name: 'P1 7-8 juni', startDate: '2027-06-07', endDate: '2027-06-08' })).id as string;
  const acMon = await shift(p1, 'AC', 'consult', '2027-06-07T17:00', '2027-06-07T23:00');
  const nMon = await shift(p1, 'N', 'consult', '2027-06-07T23:00', '2027-06-08T08:00');
  const acTue = await shift(p1, 'AC', 'consult', '2027-06-08T17:00', '2027-06-08T23:00');
  const nTue = await shift(p1, 'N', 'consult', '2027-06-08T23:00', '2027-06-09T08:00');
  await assign(acMon, aalders.id);
  await assign(nTue, aalders.id);
  await assign(nMon, bakker.id);
  await assign(acTue, claes.id);
  await ok('POST', `/periods/${p1}/publish`);
  await ok('DELETE', `/shifts/${acTue}/assignments/${claes.id}?reason=ziek`);
  await assign(acTue, dekker.id, 'vervanging');
  await ok('DELETE', `/shifts/${nMon}/assignments/${bakker.id}?reason=verhinderd`);
  const vMon = await shift(p1, 'V', 'visite', '2027-06-07T16:00', '2027-06-08T00:00', 'drukte');
  await assign(vMon, dekker.id, 'drukte');

  return { tenant, base, postId, gps: { aalders, bakker, claes, dekker }, aaldersToken, p0, p1, shifts: { acMon, nMon, acTue, nTue, vMon } };
}
