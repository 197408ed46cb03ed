import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Role, UserEntity } from '@anw/identity';
import { QueueName } from '@anw/platform';
import { TenantFactory, TEST_PASSWORD } from '../factories/tenant.factory.js';
import { client, login } from '../support/http.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';

const CHALLENGE = 'Basic realm="anw-rooster operations", charset="UTF-8"';

function basic(email: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}` };
}

/**
 * The queue dashboard spans every HDS's jobs: only a platform operator may open it, by bearer
 * token or HTTP Basic; no tenant role, not even hds-admin, gets in.
 */
describe('queue dashboard /ops/queues (e2e)', () => {
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let tenant: TestTenant;
  let operator: UserEntity;
  let operatorToken: string;
  let admin: UserEntity;

  beforeAll(async () => {
    sut = await startApi();
    call = client(sut.url);
    tenant = await createTenant(sut);
    operator = await TenantFactory.user(sut.dataSource, [], { operator: true });
    admin = await TenantFactory.user(sut.dataSource, [{ role: Role.HdsAdmin, hdsId: tenant.hds.id }]);
    operatorToken = await login(sut.url, operator.email, TEST_PASSWORD);
  });
  afterAll(async () => {
    await sut.close();
  });

  it('asks for a login (401, Basic challenge, problem+json in Dutch) without credentials or with wrong ones', async () => {
    for (const headers of [{}, basic(operator.email, 'wrong password'), basic(`nobody-${randomUUID()}@test.anw`, TEST_PASSWORD), { authorization: 'Bearer not-a-jwt' }, { authorization: 'Basic !!!' }]) {
      for (const path of ['/ops/queues', '/ops/queues/api/queues', '/ops/queues/static/favicon-32x32.png']) {
        const res = await call('GET', path, { headers });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe(CHALLENGE);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ status: 401, title: 'Niet ingelogd' });
        expect(res.text).not.toContain('outbox');
      }
    }
  });

  it("refuses an hds-admin (and the tenant's other roles) with 403, by bearer token and by Basic", async () => {
    for (const token of Object.values(tenant.tokens)) {
      const res = await call('GET', '/ops/queues/api/queues', { token });
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toBeNull();
      expect(res.body).toMatchObject({ status: 403, code: 'operator_only', title: 'Geen toegang' });
      expect(res.body.detail).toMatch(/^Alleen beheerders van het platform/);
    }
    for (const path of ['/ops/queues', '/ops/queues/api/queues']) {
      const res = await call('GET', path, { headers: basic(admin.email, TEST_PASSWORD) });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('operator_only');
    }
  });

  it("shows an operator the dashboard and every queue of the app, by bearer token and by Basic", async () => {
    for (const headers of [{ authorization: `Bearer ${operatorToken}` }, basic(operator.email, TEST_PASSWORD)]) {
      const page = await call('GET', '/ops/queues', { headers });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toContain('<base href="/ops/queues/" />');
      const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.text)?.[1];
      expect(script).toBeDefined();
      const asset = await call('GET', `/ops/queues/${script}`, { headers });
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);

      const api = await call('GET', '/ops/queues/api/queues', { headers });
      expect(api.status).toBe(200);
      const names = (api.body.queues as { name: string; readOnlyMode: boolean }[]).map((q) => q.name).sort();
      expect(names).toEqual(Object.values(QueueName).sort());
      expect(names).toEqual(['distribution', 'notifications', 'outbox']);
      expect((api.body.queues as { readOnlyMode: boolean }[]).every((q) => q.readOnlyMode)).toBe(true);
    }
  });

  it('lets the dashboard poll over Basic without spending login attempts, and takes revocation at once', async () => {
    const op = await TenantFactory.user(sut.dataSource, [], { operator: true });
    // More polls than the per-e-mail login limit (10 a minute): a verified login is remembered.
    for (let i = 0; i < 15; i++) {
      expect((await call('GET', '/ops/queues/api/queues', { headers: basic(op.email, TEST_PASSWORD) })).status).toBe(200);
    }
    await sut.dataSource.getRepository(UserEntity).update({ id: op.id }, { operator: false });
    expect((await call('GET', '/ops/queues/api/queues', { headers: basic(op.email, TEST_PASSWORD) })).status).toBe(403);
    await sut.dataSource.getRepository(UserEntity).update({ id: op.id }, { operator: true, active: false });
    expect((await call('GET', '/ops/queues/api/queues', { headers: basic(op.email, TEST_PASSWORD) })).status).toBe(401);
  });

  it('limits wrong Basic passwords like logins (429), so the dashboard cannot be used to guess passwords', async () => {
    const op = await TenantFactory.user(sut.dataSource, [], { operator: true });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await call('GET', '/ops/queues', { headers: basic(op.email, `guess-${i}`) })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    const blocked = await call('GET', '/ops/queues', { headers: basic(op.email, TEST_PASSWORD) });
    expect(blocked.status).toBe(429);
    expect(blocked.body.detail).toMatch(/Te veel inlogpogingen/);
  });

  it('stays out of the OpenAPI document', async () => {
    const doc = await call('GET', '/api/docs-json');
    expect(Object.keys(doc.body.paths).filter((p) => p.startsWith('/ops'))).toEqual([]);
  });
});
