import { describe, expect, it } from '@jest/globals';
import { ReportLinks } from './report-links.js';

const config = { auth: { jwtSecret: 'x'.repeat(40), jwtTtlSeconds: 3600, loginRateLimitPerMinute: 10, loginRateLimitPerIpPerMinute: 100, refreshTokenTtlDays: 30, resetRateLimitPerHour: 5, resetRateLimitPerIpPerHour: 30 } };
const range = { from: '2027-01-01', to: '2027-03-31' };

describe(ReportLinks.name, () => {
  const sut = new ReportLinks(config);
  const now = Date.UTC(2027, 3, 1, 12);

  it('verifies its own link for the same HDS until it expires', () => {
    const { token, expiresAt } = sut.mint('h1', range, 'u1', now);
    expect(expiresAt).toBe('2027-04-01T12:15:00.000Z');
    expect(sut.verify(token, 'h1', now + 60_000)).toEqual({ ...range, userId: 'u1' });
    expect(() => sut.verify(token, 'h1', now + 15 * 60_000)).toThrow(/verlopen/);
    expect(() => sut.verify(token, 'h2', now)).toThrow(/ongeldig/);
  });

  it('refuses a changed range, a foreign key, garbage and nothing', () => {
    const { token } = sut.mint('h1', range, 'u1', now);
    const [body, signature] = token.split('.');
    const forged = Buffer.from(Buffer.from(body, 'base64url').toString().replace('2027-03-31', '2027-12-31')).toString('base64url');
    expect(() => sut.verify(`${forged}.${signature}`, 'h1', now)).toThrow(/ongeldig/);
    const other = new ReportLinks({ auth: { ...config.auth, jwtSecret: 'y'.repeat(40) } });
    expect(() => other.verify(token, 'h1', now)).toThrow(/ongeldig/);
    for (const bad of [undefined, '', 'a', 'a.b', `${token}.x`]) expect(() => sut.verify(bad, 'h1', now)).toThrow(/ongeldig/);
  });
});
