import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { client } from '../support/http.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';

const ALL_DAYS = { weekdays: true, saturday: true, sunday: true, holidays: true };

describe('posts and shift templates (e2e)', () => {
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let tenant: TestTenant;

  beforeAll(async () => {
    sut = await startApi();
    call = client(sut.url);
    tenant = await createTenant(sut);
  });
  afterAll(async () => {
    await sut.close();
  });

  it('lets an hds-admin create a post and a planner add templates, with an audit record each', async () => {
    const base = `/hds/${tenant.hds.id}`;
    const post = await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { code: 'HAP-Z', name: 'HAP Zaandam', address: 'Zaandam' } });
    expect(post.status).toBe(201);
    const night = await call('POST', `${base}/posts/${post.body.id}/templates`, {
      token: tenant.tokens.planner,
      body: { code: 'N', role: 'consult', startTime: '23:00', endTime: '08:00', days: ALL_DAYS, required: 1 },
    });
    expect(night.status).toBe(201);
    const list = await call('GET', `${base}/posts/${post.body.id}/templates`, { token: tenant.tokens.gp });
    expect(list.status).toBe(200);
    expect(list.body.map((t: { code: string }) => t.code)).toEqual(['N']);
    const [{ count }] = await sut.dataSource.query('SELECT count(*)::int AS count FROM audit_records WHERE hds_id = $1', [tenant.hds.id]);
    expect(count).toBe(2);
  });

  it('refuses an overlapping template of the same role with 409 and writes nothing', async () => {
    const base = `/hds/${tenant.hds.id}`;
    const post = await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { code: 'HAP-P', name: 'HAP Purmerend' } });
    const evening = { code: 'AC', role: 'consult', startTime: '17:00', endTime: '24:00', days: ALL_DAYS, required: 2 };
    expect((await call('POST', `${base}/posts/${post.body.id}/templates`, { token: tenant.tokens.planner, body: evening })).status).toBe(201);
    const before = await sut.dataSource.query('SELECT count(*)::int AS n FROM audit_records WHERE hds_id = $1', [tenant.hds.id]);
    const clash = await call('POST', `${base}/posts/${post.body.id}/templates`, {
      token: tenant.tokens.planner,
      body: { ...evening, code: 'N', startTime: '23:00', endTime: '08:00' },
    });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('template_overlap');
    expect(clash.body.detail).toMatch(/overlapt met AC/);
    const after = await sut.dataSource.query('SELECT count(*)::int AS n FROM audit_records WHERE hds_id = $1', [tenant.hds.id]);
    expect(after).toEqual(before);
    const visite = await call('POST', `${base}/posts/${post.body.id}/templates`, {
      token: tenant.tokens.planner,
      body: { ...evening, code: 'V', role: 'visite', startTime: '16:00' },
    });
    expect(visite.status).toBe(201);
  });

  it('validates templates and refuses a GP writing', async () => {
    const base = `/hds/${tenant.hds.id}`;
    const post = await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { code: 'HAP-V', name: 'HAP V' } });
    const bad = await call('POST', `${base}/posts/${post.body.id}/templates`, {
      token: tenant.tokens.planner,
      body: { code: 'X', role: 'chirurg', startTime: '25:00', endTime: '08:00', days: ALL_DAYS, required: 0 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['required', 'role', 'startTime']);
    const gp = await call('POST', `${base}/posts`, { token: tenant.tokens.gp, body: { code: 'X', name: 'X' } });
    expect(gp.status).toBe(403);
    expect(gp.body.code).toBe('role_not_allowed');
    const unknown = await call('GET', `${base}/posts/00000000-0000-4000-8000-000000000000`, { token: tenant.tokens.planner });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('post_not_found');
    const notUuid = await call('GET', `${base}/posts/abc`, { token: tenant.tokens.planner });
    expect(notUuid.status).toBe(400);
  });

  it('lets the regional auditor read but not write', async () => {
    const base = `/hds/${tenant.hds.id}`;
    expect((await call('GET', `${base}/posts`, { token: tenant.tokens.auditor })).status).toBe(200);
    expect((await call('POST', `${base}/posts`, { token: tenant.tokens.auditor, body: { code: 'A', name: 'A' } })).status).toBe(403);
  });

  it('honours Idempotency-Key on creating POSTs: a retry gets the same answer and creates nothing new', async () => {
    const base = `/hds/${tenant.hds.id}`;
    const headers = { 'idempotency-key': `post-create-${Date.now()}` };
    const body = { code: 'HAP-IDEM', name: 'HAP Idempotent' };
    const first = await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body, headers });
    const retry = await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body, headers });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const [{ n }] = await sut.dataSource.query("SELECT count(*)::int AS n FROM posts WHERE hds_id = $1 AND code = 'HAP-IDEM'", [tenant.hds.id]);
    expect(n).toBe(1);
    const other = await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { ...body, name: 'Anders' }, headers });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    // A failed request frees its key for a corrected retry.
    const failKey = { 'idempotency-key': `post-fail-${Date.now()}` };
    expect((await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { code: 'HAP-IDEM', name: 'dubbel' }, headers: failKey })).status).toBe(409);
    expect((await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { code: 'HAP-IDEM2', name: 'dubbel' }, headers: failKey })).status).toBe(201);
  });
});
