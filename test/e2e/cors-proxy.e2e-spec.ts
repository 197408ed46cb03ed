import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { client } from '../support/http.js';
import { startApi, type TestApp } from '../support/test-app.js';

const ALLOWED = 'https://rooster.example.nl';

function corsHeaders(headers: Headers): string[] {
  return [...headers.keys()].filter((name) => name.startsWith('access-control-'));
}

function preflight(call: ReturnType<typeof client>, origin: string): ReturnType<ReturnType<typeof client>> {
  return call('OPTIONS', '/auth/me', { headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
}

/** A Redis namespace of its own, so the login counters of other test files never mix in. */
function ownNamespace(): string {
  return `{anw-test-${randomUUID()}}`;
}

describe('CORS and trusted proxies (e2e)', () => {
  describe('with CORS_ORIGINS set', () => {
    let sut: TestApp;
    let call: ReturnType<typeof client>;
    const before = process.env.CORS_ORIGINS;

    beforeAll(async () => {
      sut = await startApi({ env: { CORS_ORIGINS: `${ALLOWED},http://localhost:5173` } });
      call = client(sut.url);
    });
    afterAll(async () => {
      await sut.close();
    });

    it('leaves process.env as it was, so other apps of this worker do not inherit the setting', () => {
      expect(process.env.CORS_ORIGINS).toBe(before);
    });

    it('answers a preflight from an allowed origin with that origin', async () => {
      const res = await preflight(call, ALLOWED);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
      expect(res.headers.get('vary')).toContain('Origin');
    });

    it('lets an allowed origin read the request id of a real response', async () => {
      const res = await call('GET', '/health', { headers: { origin: 'http://localhost:5173' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(res.headers.get('access-control-expose-headers')?.split(',')).toEqual(expect.arrayContaining(['x-request-id', 'Retry-After', 'ETag']));
    });

    it('gives a disallowed origin no access-control-allow-origin', async () => {
      for (const origin of ['https://evil.example.com', `${ALLOWED}.evil.example.com`, 'http://rooster.example.nl']) {
        expect([origin, (await preflight(call, origin)).headers.get('access-control-allow-origin')]).toEqual([origin, null]);
        expect([origin, (await call('GET', '/health', { headers: { origin } })).headers.get('access-control-allow-origin')]).toEqual([origin, null]);
      }
    });
  });

  describe('with CORS_ORIGINS unset', () => {
    let sut: TestApp;
    let call: ReturnType<typeof client>;

    beforeAll(async () => {
      sut = await startApi({ env: { CORS_ORIGINS: undefined } });
      call = client(sut.url);
    });
    afterAll(async () => {
      await sut.close();
    });

    it('sends no CORS headers at all', async () => {
      expect(corsHeaders((await preflight(call, ALLOWED)).headers)).toEqual([]);
      const res = await call('GET', '/health', { headers: { origin: ALLOWED } });
      expect(res.status).toBe(200);
      expect(corsHeaders(res.headers)).toEqual([]);
    });
  });

  // Three attempts per address per minute; unknown e-mail addresses (a 401 each), a new one per
  // attempt, so only the per-IP budget counts.
  const PER_IP = 3;

  async function attempt(call: ReturnType<typeof client>, forwardedFor: string): Promise<number> {
    const res = await call('POST', '/auth/login', { headers: { 'x-forwarded-for': forwardedFor }, body: { email: `nobody-${randomUUID()}@test.anw`, password: 'x' } });
    return res.status;
  }

  describe('with TRUST_PROXY=1 (one proxy in front)', () => {
    let sut: TestApp;
    let call: ReturnType<typeof client>;

    beforeAll(async () => {
      sut = await startApi({ env: { TRUST_PROXY: '1', LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE: String(PER_IP), QUEUE_PREFIX: ownNamespace() } });
      call = client(sut.url);
    });
    afterAll(async () => {
      await sut.close();
    });

    it('gives each forwarded client its own login budget, taken from the address the proxy added', async () => {
      // The proxy appends the address it saw; whatever a client put in front of it is not trusted.
      const fromA = [await attempt(call, '203.0.113.10'), await attempt(call, '198.51.100.1, 203.0.113.10'), await attempt(call, '198.51.100.2, 203.0.113.10')];
      expect(fromA).toEqual([401, 401, 401]);
      expect(await attempt(call, '198.51.100.3, 203.0.113.10')).toBe(429);
      expect(await attempt(call, '203.0.113.20')).toBe(401);
    });
  });

  describe('with TRUST_PROXY unset', () => {
    let sut: TestApp;
    let call: ReturnType<typeof client>;

    beforeAll(async () => {
      sut = await startApi({ env: { TRUST_PROXY: undefined, LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE: String(PER_IP), QUEUE_PREFIX: ownNamespace() } });
      call = client(sut.url);
    });
    afterAll(async () => {
      await sut.close();
    });

    it('ignores X-Forwarded-For: every client behind the connection shares one budget', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < PER_IP; i++) statuses.push(await attempt(call, '203.0.113.10'));
      expect(statuses).toEqual([401, 401, 401]);
      expect(await attempt(call, '203.0.113.20')).toBe(429);
    });
  });
});
