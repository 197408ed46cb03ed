import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { GpEntity, GpKind, Qualification } from '@anw/rosters';
import { client } from '../support/http.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * Walks every route of the OpenAPI document with another HDS's tokens: a tenant's data is never
 * readable or changeable from outside (403 on the tenant's own routes, 404 for its ids under
 * one's own HDS), and nothing of the tenant changes while the walk runs.
 */
describe('tenancy route walk (e2e)', () => {
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let a: TestTenant;
  let b: TestTenant;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    sut = await startApi();
    call = client(sut.url);
    a = await createTenant(sut);
    b = await createTenant(sut);
    const base = `/hds/${a.hds.id}`;
    const post = await call('POST', `${base}/posts`, { token: a.tokens.admin, body: { code: 'HAP-A', name: 'HAP A' } });
    const template = await call('POST', `${base}/posts/${post.body.id}/templates`, {
      token: a.tokens.planner,
      body: { code: 'N', role: 'consult', startTime: '23:00', endTime: '08:00', days: { weekdays: true, saturday: true, sunday: true, holidays: true }, required: 1 },
    });
    const period = await call('POST', `${base}/periods`, { token: a.tokens.planner, body: { name: 'p', startDate: '2027-01-04', endDate: '2027-01-10' } });
    await call('POST', `${base}/periods/${period.body.id}/generate`, { token: a.tokens.planner });
    const shifts = await call('GET', `${base}/periods/${period.body.id}/shifts`, { token: a.tokens.planner });
    const gp = await sut.dataSource.getRepository(GpEntity).save({ hdsId: a.hds.id, kind: GpKind.Locum, name: 'Dr. A', email: `a-${randomUUID()}@test.anw`, qualifications: [Qualification.Consult] });
    Object.assign(ids, {
      postId: post.body.id,
      templateId: template.body.id,
      periodId: period.body.id,
      shiftId: shifts.body.items[0].id,
      gpId: gp.id,
    });
  });
  afterAll(async () => {
    await sut.close();
  });

  async function routes(): Promise<{ method: string; path: string }[]> {
    const doc = await call('GET', '/api/docs-json');
    return Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      METHODS.filter((m) => ops[m]).map((method) => ({ method: method.toUpperCase(), path })),
    );
  }

  function fill(path: string, hdsId: string, regionId: string): string {
    return path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'hdsId' ? hdsId : name === 'regionId' ? regionId : (ids[name] ?? randomUUID())));
  }

  async function auditCount(hdsId: string): Promise<number> {
    const [row] = await sut.dataSource.query('SELECT count(*)::int AS n FROM audit_records WHERE hds_id = $1', [hdsId]);
    return row.n;
  }

  it('covers the tenant routes of every capability', async () => {
    const all = await routes();
    const tenantRoutes = all.filter((r) => r.path.includes('{hdsId}'));
    expect(tenantRoutes.length).toBeGreaterThanOrEqual(20);
    // Every tenant route sits under /hds/{hdsId}, where the guard checks it.
    expect(tenantRoutes.filter((r) => !r.path.startsWith('/hds/{hdsId}'))).toEqual([]);
  });

  it("refuses every route under another HDS with 403, for each of that HDS's roles", async () => {
    const before = await auditCount(a.hds.id);
    const failures: string[] = [];
    for (const route of (await routes()).filter((r) => r.path.includes('{hdsId}') || r.path.includes('{regionId}'))) {
      for (const role of ['admin', 'planner', 'gp', 'auditor'] as const) {
        const res = await call(route.method, fill(route.path, a.hds.id, a.hds.regionId), { token: b.tokens[role], ...(route.method === 'GET' ? {} : { body: {} }) });
        if (res.status !== 403 && res.status !== 404) failures.push(`${route.method} ${route.path} as ${role} of B: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await auditCount(a.hds.id)).toBe(before);
  });

  it("answers A's ids under B's own HDS with 404 on reads and changes nothing of A", async () => {
    const before = await auditCount(a.hds.id);
    const failures: string[] = [];
    for (const route of (await routes()).filter((r) => r.path.startsWith('/hds/{hdsId}') && /\{(?!hdsId)\w+\}/.test(r.path))) {
      for (const role of ['admin', 'planner'] as const) {
        const res = await call(route.method, fill(route.path, b.hds.id, b.hds.regionId), { token: b.tokens[role], ...(route.method === 'GET' ? {} : { body: {} }) });
        // A read either finds nothing (404), is refused (403) or fails validation first (400): never data.
        const ok = route.method === 'GET' ? [400, 403, 404].includes(res.status) : res.status >= 400 && res.status < 500;
        if (!ok) failures.push(`${route.method} ${route.path} as ${role} of B with A's ids: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await auditCount(a.hds.id)).toBe(before);
  });
});
