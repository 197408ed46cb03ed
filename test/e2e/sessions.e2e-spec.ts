import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Role } from '@anw/identity';
import { TenantFactory, TEST_PASSWORD } from '../factories/tenant.factory.js';
import { client } from '../support/http.js';
import { startMailStack, type MailStack } from '../support/mail-stack.js';
import type { TestSmtpServer } from '../support/smtp-server.js';
import { startApi, type TestApp } from '../support/test-app.js';

jest.setTimeout(60_000);

const BASE_URL = 'https://rooster.example.nl';
const NEW_PASSWORD = 'fiets-regen-koffie-zeven';

/**
 * Passwords and sessions (issue 20): change, reset by real mail (outbox → worker → SMTP), the
 * one password policy, rotating refresh tokens with reuse detection, logout, and the limits on
 * guessing; every account change in the HDS's audit trail without a secret in it.
 */
describe('passwords and sessions (e2e: API + notification worker + SMTP)', () => {
  const tag = randomUUID().slice(0, 8);
  const secrets: string[] = [];
  let stack: MailStack;
  let smtp: TestSmtpServer;
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let hdsId: string;

  const address = (who: string): string => `${who}-${tag}@sessions.test`;

  async function planner(who: string): Promise<{ id: string; email: string }> {
    return TenantFactory.user(sut.dataSource, [{ role: Role.Planner, hdsId }], { email: address(who), displayName: `Planner ${who}` });
  }

  async function loginPair(email: string, password = TEST_PASSWORD): Promise<{ accessToken: string; refreshToken: string }> {
    const res = await call('POST', '/auth/login', { body: { email, password } });
    expect(res.status).toBe(200);
    secrets.push(res.body.accessToken, res.body.refreshToken);
    return res.body;
  }

  /** The token of the newest reset mail to an address (read from the mail itself). */
  async function resetTokenFor(to: string, mails = 1): Promise<string> {
    const token = await stack.linkToken(to, 'password-reset', mails);
    secrets.push(token);
    return token;
  }


  beforeAll(async () => {
    stack = await startMailStack('s', BASE_URL);
    ({ smtp, sut, call } = stack);
    hdsId = (await TenantFactory.hds(sut.dataSource)).id;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('login answers the same for an unknown address and a wrong password, and returns a short-lived access token with a refresh token', async () => {
    const user = await planner('login');
    const unknown = await call('POST', '/auth/login', { body: { email: address('nobody'), password: TEST_PASSWORD } });
    const wrong = await call('POST', '/auth/login', { body: { email: user.email, password: 'niet-het-goede-wachtwoord' } });
    expect(unknown.status).toBe(401);
    const shape = (b: { status: number; code: string; title: string; detail: string }) => ({ status: b.status, code: b.code, title: b.title, detail: b.detail });
    expect(shape(wrong.body)).toEqual(shape(unknown.body));
    const ok = await call('POST', '/auth/login', { body: { email: user.email, password: TEST_PASSWORD } });
    expect(ok.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, refreshExpiresIn: 30 * 86_400 });
    expect(typeof ok.body.accessToken).toBe('string');
    expect(ok.body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('rotates refresh tokens; presenting a used one revokes the whole family; logout ends a session', async () => {
    const user = await planner('refresh');
    const first = await loginPair(user.email);
    const second = await call('POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(second.status).toBe(200);
    secrets.push(second.body.refreshToken, second.body.accessToken);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await call('GET', '/auth/me', { token: second.body.accessToken })).body).toMatchObject({ userId: user.id });
    const third = await call('POST', '/auth/refresh', { body: { refreshToken: second.body.refreshToken } });
    expect(third.status).toBe(200);
    secrets.push(third.body.refreshToken);

    // A stolen, already used token comes back: 401, and the current token of the family dies too.
    const reused = await call('POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(reused.status).toBe(401);
    expect(reused.headers.get('content-type')).toContain('application/problem+json');
    expect(reused.body).toMatchObject({ code: 'refresh_token_reused' });
    expect((await call('POST', '/auth/refresh', { body: { refreshToken: third.body.refreshToken } })).body).toMatchObject({ status: 401, code: 'refresh_token_invalid' });

    // Another session of the same user is untouched by that family's end; logout ends it.
    const other = await loginPair(user.email);
    expect((await call('POST', '/auth/logout', { body: { refreshToken: other.refreshToken } })).status).toBe(204);
    expect((await call('POST', '/auth/refresh', { body: { refreshToken: other.refreshToken } })).status).toBe(401);
    expect((await call('POST', '/auth/refresh', { body: { refreshToken: 'x'.repeat(43) } })).body).toMatchObject({ status: 401, code: 'refresh_token_invalid' });

    const [audit] = (await sut.dataSource.query(`SELECT after FROM audit_records WHERE hds_id = $1 AND action = 'user.sessions_revoked' AND entity_id = $2`, [hdsId, user.id])) as { after: Record<string, unknown> }[];
    expect(audit.after).toMatchObject({ cause: 'refresh_token_reused', tokensRevoked: 3 });
  });

  it('changes a password with the current one (wrong current refused, weak refused) and revokes every refresh token', async () => {
    const user = await planner('change');
    const session = await loginPair(user.email);
    const wrong = await call('POST', '/auth/password', { token: session.accessToken, body: { currentPassword: 'niet-het-goede-wachtwoord', newPassword: NEW_PASSWORD } });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ code: 'current_password_wrong' });
    const short = await call('POST', '/auth/password', { token: session.accessToken, body: { currentPassword: TEST_PASSWORD, newPassword: 'kort' } });
    expect(short.body).toMatchObject({ status: 422, code: 'password_too_short' });
    const weak = await call('POST', '/auth/password', { token: session.accessToken, body: { currentPassword: TEST_PASSWORD, newPassword: 'wachtwoord123' } });
    expect(weak.body).toMatchObject({ status: 422, code: 'password_too_weak' });
    expect((await call('POST', '/auth/password', { body: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD } })).status).toBe(401);

    expect((await call('POST', '/auth/password', { token: session.accessToken, body: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD } })).status).toBe(204);
    expect((await call('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    expect((await call('POST', '/auth/login', { body: { email: user.email, password: TEST_PASSWORD } })).status).toBe(401);
    await loginPair(user.email, NEW_PASSWORD);
    const [audit] = (await sut.dataSource.query(`SELECT after FROM audit_records WHERE hds_id = $1 AND action = 'user.password_changed' AND entity_id = $2`, [hdsId, user.id])) as { after: Record<string, unknown> }[];
    expect(audit.after).toEqual({ sessionsRevoked: 1 });
  });

  it('resets a password by mail: same answer for an unknown address, single-use token, sessions end', async () => {
    const user = await planner('reset');
    const session = await loginPair(user.email);
    const unknown = await call('POST', '/auth/password-reset', { body: { email: address('nobody') } });
    const known = await call('POST', '/auth/password-reset', { body: { email: user.email.toUpperCase() } });
    expect(known.status).toBe(202);
    expect({ status: unknown.status, text: unknown.text }).toEqual({ status: known.status, text: known.text });

    const token = await resetTokenFor(user.email);
    const mail = smtp.messages.find((m) => m.to.includes(user.email));
    expect(mail?.subject).toBe('Nieuw wachtwoord instellen: ANW-rooster');
    expect(smtp.messages.some((m) => m.to.includes(address('nobody')))).toBe(false);

    const weak = await call('POST', '/auth/password-reset/confirm', { body: { token, password: 'qwertyuiop123' } });
    expect(weak.body).toMatchObject({ status: 422, code: 'password_too_weak' });
    expect((await call('POST', '/auth/password-reset/confirm', { body: { token, password: NEW_PASSWORD } })).status).toBe(204);
    const again = await call('POST', '/auth/password-reset/confirm', { body: { token, password: `${NEW_PASSWORD}-2` } });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: 'password_reset_invalid' });
    expect((await call('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    await loginPair(user.email, NEW_PASSWORD);
  });

  it('a reset link expires after an hour and a newer request replaces the older link; mails in English for an English account', async () => {
    const user = await TenantFactory.user(sut.dataSource, [{ role: Role.Gp, hdsId }], { email: address('expiry'), displayName: 'Dr. Late', locale: 'en' as never });
    expect((await call('POST', '/auth/password-reset', { body: { email: user.email } })).status).toBe(202);
    const first = await resetTokenFor(user.email);
    expect(smtp.messages.find((m) => m.to.includes(user.email))?.subject).toBe('Reset your password: out-of-hours roster');
    expect((await call('POST', '/auth/password-reset', { body: { email: user.email } })).status).toBe(202);
    const second = await resetTokenFor(user.email, 2);
    expect((await call('POST', '/auth/password-reset/confirm', { body: { token: first, password: NEW_PASSWORD } })).body).toMatchObject({ status: 400, code: 'password_reset_invalid' });

    const [{ expires_at, created_at }] = (await sut.dataSource.query(`SELECT expires_at, created_at FROM password_resets WHERE user_id = $1 AND closed_at IS NULL`, [user.id])) as { expires_at: Date; created_at: Date }[];
    expect(expires_at.getTime() - created_at.getTime()).toBeGreaterThan(3_590_000);
    expect(expires_at.getTime() - created_at.getTime()).toBeLessThanOrEqual(3_600_000 + 1_000);
    await sut.dataSource.query(`UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    expect((await call('POST', '/auth/password-reset/confirm', { body: { token: second, password: NEW_PASSWORD } })).body).toMatchObject({ status: 400, code: 'password_reset_invalid' });
  });

  it('limits brute force: logins per address, reset requests per address and per client address', async () => {
    const user = await planner('brute');
    for (let i = 0; i < 10; i++) expect((await call('POST', '/auth/login', { body: { email: user.email, password: `geraden-${i}-wachtwoord` } })).status).toBe(401);
    const blocked = await call('POST', '/auth/login', { body: { email: user.email, password: TEST_PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ code: 'too_many_requests' });

    const target = address('reset-flood');
    for (let i = 0; i < 5; i++) expect((await call('POST', '/auth/password-reset', { body: { email: target } })).status).toBe(202);
    expect((await call('POST', '/auth/password-reset', { body: { email: target } })).status).toBe(429);

    const strict = await startApi({ env: { PASSWORD_RESET_RATE_LIMIT_PER_IP_PER_HOUR: '3', QUEUE_PREFIX: `${stack.prefix}ip` } });
    try {
      const strictCall = client(strict.url);
      for (let i = 0; i < 3; i++) expect((await strictCall('POST', '/auth/password-reset', { body: { email: address(`ip-${i}`) } })).status).toBe(202);
      expect((await strictCall('POST', '/auth/password-reset', { body: { email: address('ip-4') } })).status).toBe(429);
    } finally {
      await strict.close();
    }
  });

  it('records every account change in the HDS trail without a token, secret or hash', async () => {
    const rows = (await sut.dataSource.query(`SELECT action, before, after FROM audit_records WHERE hds_id = $1 ORDER BY seq`, [hdsId])) as { action: string }[];
    const actions = new Set(rows.map((r) => r.action));
    for (const action of ['user.password_changed', 'user.password_reset_requested', 'user.password_reset_completed', 'user.sessions_revoked']) expect(actions).toContain(action);
    const trail = JSON.stringify(rows);
    expect(secrets.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(trail).not.toContain(secret);
    expect(trail).not.toMatch(/\$argon2|token_?hash|"[0-9a-f]{64}"/i);
    const outbox = JSON.stringify(await sut.dataSource.query(`SELECT payload FROM outbox_events WHERE hds_id = $1`, [hdsId]));
    for (const secret of secrets) expect(outbox).not.toContain(secret);
  });
});
