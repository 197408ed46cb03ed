import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Role } from '@anw/identity';
import { TenantFactory, TEST_PASSWORD } from '../factories/tenant.factory.js';
import { client, login } from '../support/http.js';
import { startApi, type TestApp } from '../support/test-app.js';

describe('platform (e2e)', () => {
  let sut: TestApp;
  let call: ReturnType<typeof client>;

  beforeAll(async () => {
    sut = await startApi();
    call = client(sut.url);
  });
  afterAll(async () => {
    await sut.close();
  });

  it('reports PostgreSQL and Redis in /health', async () => {
    const res = await call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', checks: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('serves Prometheus metrics and the OpenAPI document', async () => {
    await call('GET', '/health');
    const metrics = await call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('anw_http_request_duration_seconds');
    const doc = await call('GET', '/api/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.paths['/auth/login']).toBeDefined();
    expect(doc.body.paths['/health']).toBeUndefined();
  });

  it('logs in with a correct password and returns the grants at /auth/me', async () => {
    const hds = await TenantFactory.hds(sut.dataSource);
    const user = await TenantFactory.user(sut.dataSource, [{ role: Role.Planner, hdsId: hds.id }], { email: `Planner-${hds.code}@Test.anw`.toLowerCase() });
    const token = await login(sut.url, user.email.toUpperCase(), TEST_PASSWORD);
    const me = await call('GET', '/auth/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ userId: user.id, grants: [{ role: 'planner', hdsId: hds.id }] });
  });

  it('refuses a wrong password, a forged token and a missing token with 401 problem+json', async () => {
    const hds = await TenantFactory.hds(sut.dataSource);
    const user = await TenantFactory.user(sut.dataSource, [{ role: Role.Gp, hdsId: hds.id }]);
    const wrong = await call('POST', '/auth/login', { body: { email: user.email, password: 'wrong' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.body).toMatchObject({ code: 'invalid_credentials', title: 'Niet ingelogd' });
    const forged = await call('GET', '/auth/me', { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' });
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('token_invalid');
    expect((await call('GET', '/auth/me')).status).toBe(401);
  });

  it('answers malformed JSON and invalid input with 400 and every field problem', async () => {
    const malformed = await call('POST', '/auth/login', { rawBody: '{"email": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('malformed_json');
    const invalid = await call('POST', '/auth/login', { body: { email: 'geen-adres', extra: 1 } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('validation_failed');
    const fields = (invalid.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'extra']));
  });

  it('carries the caller’s request id back', async () => {
    const res = await call('GET', '/health', { headers: { 'x-request-id': 'req-abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('req-abc-123');
  });

  it('rate-limits logins', async () => {
    const statuses: number[] = [];
    const email = `nobody-${Date.now()}@test.anw`;
    for (let i = 0; i < 12; i++) {
      statuses.push((await call('POST', '/auth/login', { body: { email, password: 'x' } })).status);
    }
    // The default limit is 10 attempts per e-mail address per minute.
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
  it('keeps an idle connection open past Node’s 5 s default (closed by 7 s), so a pausing client or balancer reuses it', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (): Promise<{ status: number; reused: boolean; port: number }> =>
      new Promise((resolve, reject) => {
        const req = request(`${sut.url}/health`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket, port: req.socket?.localPort ?? -1 }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      const first = await get();
      await sleep(7_000);
      const second = await get();
      expect(first).toMatchObject({ status: 200, reused: false });
      expect(second).toEqual({ status: 200, reused: true, port: first.port });
    } finally {
      agent.destroy();
    }
  }, 15_000);
});
