import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { HdsSettingsService, Role } from '@anw/identity';
import { TenantFactory, TEST_PASSWORD } from '../factories/tenant.factory.js';
import { client, login } from '../support/http.js';
import { startMailStack, type MailStack } from '../support/mail-stack.js';
import type { TestSmtpServer } from '../support/smtp-server.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import type { TestApp } from '../support/test-app.js';

jest.setTimeout(60_000);

const BASE_URL = 'https://rooster.example.nl';

/**
 * Issue 20, second slice: an HDS's versioned settings (hds-admin), a user's own locale (used by
 * the invitation mail), and operators managing the invitations they sent.
 */
describe('HDS settings, locale and operator invitations (e2e: API + notification worker + SMTP)', () => {
  const tag = randomUUID().slice(0, 8);
  let stack: MailStack;
  let smtp: TestSmtpServer;
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let operator: string;
  let a: TestTenant;
  let b: TestTenant;

  beforeAll(async () => {
    stack = await startMailStack('h', BASE_URL);
    ({ smtp, sut, call } = stack);
    const op = await TenantFactory.user(sut.dataSource, [], { operator: true, email: address('operator') });
    operator = await login(sut.url, op.email, TEST_PASSWORD);
    a = await createTenant(sut);
    b = await createTenant(sut);
  });

  const address = (who: string): string => `${who}-${tag}@settings.test`;

  /** The token in the newest invitation mail to an address. */
  function tokenFor(to: string, mails = 1): Promise<string> {
    return stack.linkToken(to, 'invitations', mails);
  }


  afterAll(async () => {
    await stack?.stop();
  });

  describe('HDS settings', () => {
    const settingsOf = (t: TestTenant): string => `/hds/${t.hds.id}/settings`;

    it('lets the hds-admin read and change the settings, versioned and audited; planners and GPs are refused', async () => {
      const read = await call('GET', settingsOf(a), { token: a.tokens.admin });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        hdsId: a.hds.id,
        version: 0,
        code: a.hds.code,
        eveningStart: '17:00',
        dayOpenings: { goodFriday: true, liberationDay: true, christmasEve: true, newYearsEve: true },
        rules: { minRestHours: 11, minRestAfterNightHours: 14, nightRunLength: 3, restAfterNightRunHours: 46, maxConsecutiveNights: 3, maxNightsPerWindow: { nights: 36, days: 112 } },
      });
      for (const token of [a.tokens.planner, a.tokens.gp]) {
        expect((await call('GET', settingsOf(a), { token })).status).toBe(403);
        expect((await call('PUT', settingsOf(a), { token, body: { ...read.body } })).status).toBe(403);
        expect((await call('GET', `${settingsOf(a)}/versions`, { token })).status).toBe(403);
      }

      const { hdsId: _h, updatedAt: _u, updatedBy: _b, ...current } = read.body;
      const change = {
        ...current,
        name: 'HDS Zaanstreek',
        code: `zs-${tag}`,
        quotaPolicy: 'fte',
        eveningStart: '18:00',
        dayOpenings: { ...current.dayOpenings, liberationDay: false },
        rules: { ...current.rules, minRestHours: 12, maxNightsPerWindow: { nights: 18, days: 56 } },
        reason: 'regio kiest voor het NZa-begin van de avond',
      };
      const updated = await call('PUT', settingsOf(a), { token: a.tokens.admin, body: change });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ version: 1, name: 'HDS Zaanstreek', code: `ZS-${tag}`.toUpperCase(), quotaPolicy: 'fte', eveningStart: '18:00', rules: { minRestHours: 12 } });
      const [hds] = await sut.dataSource.query('SELECT code, name, evening_start, quota_policy, day_openings FROM hds WHERE id = $1', [a.hds.id]);
      expect(hds).toMatchObject({ code: `ZS-${tag}`.toUpperCase(), evening_start: '18:00', quota_policy: 'fte', day_openings: { liberationDay: false } });

      // The same version again is stale: 409, nothing written.
      const stale = await call('PUT', settingsOf(a), { token: a.tokens.admin, body: { ...change, name: 'Te laat' } });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'hds_settings_version_stale' });

      const versions = await call('GET', `${settingsOf(a)}/versions`, { token: a.tokens.admin });
      expect(versions.body).toMatchObject({ total: 2, items: [{ version: 1, reason: change.reason, settings: { eveningStart: '18:00' } }, { version: 0, settings: { eveningStart: '17:00', code: a.hds.code } }] });

      const trail = (await sut.dataSource.query(`SELECT before, after, reason FROM audit_records WHERE hds_id = $1 AND action = 'hds.settings.changed'`, [a.hds.id])) as { before: Record<string, unknown>; after: Record<string, unknown>; reason: string }[];
      expect(trail).toHaveLength(1);
      expect(trail[0]).toMatchObject({ before: { version: 0, eveningStart: '17:00' }, after: { version: 1, eveningStart: '18:00' }, reason: change.reason });
      expect(JSON.stringify(trail)).not.toMatch(/password|token|secret/i);
      expect((await call('GET', `/hds/${a.hds.id}/audit/verify`, { token: a.tokens.admin })).body).toMatchObject({ ok: true });
    });

    it('refuses rest rules laxer than the Arbeidstijdenwet, naming the field and the bound, and a taken code', async () => {
      const { body: current } = await call('GET', settingsOf(b), { token: b.tokens.admin });
      const base = { version: current.version, name: current.name, code: current.code, quotaPolicy: current.quotaPolicy, eveningStart: current.eveningStart, dayOpenings: current.dayOpenings, rules: current.rules };
      const lax = await call('PUT', settingsOf(b), { token: b.tokens.admin, body: { ...base, rules: { ...base.rules, minRestHours: 10 } } });
      expect(lax.status).toBe(422);
      expect(lax.body).toMatchObject({ code: 'hds_settings_below_legal_bound', errors: [{ field: 'rules.minRestHours' }] });
      expect(lax.body.detail).toContain('minstens 11 uur');
      const nights = await call('PUT', settingsOf(b), { token: b.tokens.admin, body: { ...base, rules: { ...base.rules, maxNightsPerWindow: { nights: 10, days: 28 } } } });
      expect(nights.body).toMatchObject({ status: 422, errors: [{ field: 'rules.maxNightsPerWindow' }] });
      expect(nights.body.detail).toContain('36 nachtdiensten per 16 weken');
      expect((await call('PUT', settingsOf(b), { token: b.tokens.admin, body: { ...base, eveningStart: '16:00' } })).body).toMatchObject({ status: 400, code: 'validation_failed' });
      expect((await call('PUT', settingsOf(b), { token: b.tokens.admin, body: { ...base, code: (await call('GET', settingsOf(a), { token: a.tokens.admin })).body.code.toLowerCase() } })).body).toMatchObject({ status: 409, code: 'hds_code_taken' });
      expect((await call('PUT', settingsOf(b), { token: b.tokens.admin, body: { ...base, code: 'x' } })).body).toMatchObject({ status: 400, code: 'hds_code_invalid' });
      expect((await call('GET', `${settingsOf(b)}/versions`, { token: b.tokens.admin })).body).toMatchObject({ total: 0 });
    });

    it("keeps another HDS's settings out of reach", async () => {
      for (const token of [b.tokens.admin, b.tokens.planner, b.tokens.auditor]) {
        expect((await call('GET', settingsOf(a), { token })).status).toBe(403);
        expect((await call('PUT', settingsOf(a), { token, body: {} })).status).toBe(403);
        expect((await call('GET', `${settingsOf(a)}/versions`, { token })).status).toBe(403);
      }
    });

    it('applies a change to draft periods only: a published period keeps the version it was published with', async () => {
      const t = await createTenant(sut);
      const periods = `/hds/${t.hds.id}/periods`;
      const published = await call('POST', periods, { token: t.tokens.planner, body: { name: 'Q1', startDate: '2027-01-04', endDate: '2027-01-10' } });
      const draft = await call('POST', periods, { token: t.tokens.planner, body: { name: 'Q2', startDate: '2027-04-05', endDate: '2027-04-11' } });
      expect((await call('POST', `${periods}/${published.body.id}/publish`, { token: t.tokens.planner })).status).toBeLessThan(300);
      const { body: current } = await call('GET', `/hds/${t.hds.id}/settings`, { token: t.tokens.admin });
      const body = { version: 0, name: current.name, code: current.code, quotaPolicy: current.quotaPolicy, eveningStart: '18:00', dayOpenings: current.dayOpenings, rules: { ...current.rules, minRestHours: 13 } };
      const changed = await call('PUT', `/hds/${t.hds.id}/settings`, { token: t.tokens.admin, body });
      expect(changed.body).toMatchObject({ version: 1 });
      const [v1] = (await call('GET', `/hds/${t.hds.id}/settings/versions`, { token: t.tokens.admin })).body.items;
      expect(v1.draftPeriodIds).toEqual([draft.body.id]);

      const settings = sut.app.get(HdsSettingsService);
      expect(await settings.effectiveSettings(t.hds.id, { periodId: published.body.id })).toMatchObject({ version: 0, eveningStart: '17:00', rules: { eveningStart: '17:00', minRestHours: 11 } });
      expect(await settings.effectiveSettings(t.hds.id, { periodId: draft.body.id })).toMatchObject({ version: 1, eveningStart: '18:00', rules: { eveningStart: '18:00', minRestHours: 13 } });
      expect(await settings.effectiveSettings(t.hds.id)).toMatchObject({ version: 1 });
      // Published after the change: it keeps version 1 through a later change.
      expect((await call('POST', `${periods}/${draft.body.id}/publish`, { token: t.tokens.planner })).status).toBeLessThan(300);
      expect((await call('PUT', `/hds/${t.hds.id}/settings`, { token: t.tokens.admin, body: { ...body, version: 1, rules: { ...body.rules, minRestHours: 14 } } })).body).toMatchObject({ version: 2 });
      expect(await settings.effectiveSettings(t.hds.id, { periodId: draft.body.id })).toMatchObject({ version: 1, rules: { minRestHours: 13 } });
      expect(await settings.effectiveSettings(t.hds.id, { periodId: published.body.id })).toMatchObject({ version: 0 });
    });
  });

  describe('operator invitations', () => {
    it('lets operators list, re-send and revoke the hds-admin and regional-auditor invitations they sent; tenant roles are refused', async () => {
      const region = await call('POST', '/platform/regions', { token: operator, body: { name: `Regio OI ${tag}` } });
      const hds = await call('POST', '/platform/hds', { token: operator, body: { regionId: region.body.id, code: `OI-${tag}`, name: 'HDS Operator' } });
      const adminEmail = address('first-admin');
      const first = await call('POST', `/platform/hds/${hds.body.id}/invitations`, { token: operator, body: { email: adminEmail } });
      expect(first.status).toBe(201);
      const auditor = await call('POST', `/platform/regions/${region.body.id}/invitations`, { token: operator, body: { email: address('ra') } });
      expect(auditor.status).toBe(201);
      const firstToken = await tokenFor(adminEmail);
      // A pending first-admin invitation blocks another one.
      expect((await call('POST', `/platform/hds/${hds.body.id}/invitations`, { token: operator, body: { email: adminEmail } })).body).toMatchObject({ status: 409, code: 'invitation_pending' });

      const listed = await call('GET', `/platform/invitations?regionId=${region.body.id}&status=pending`, { token: operator });
      expect(listed.status).toBe(200);
      expect(listed.body).toMatchObject({ page: 1, total: 2 });
      expect(listed.body.items.map((i: { id: string }) => i.id).sort()).toEqual([first.body.id, auditor.body.id].sort());
      expect((await call('GET', `/platform/invitations?hdsId=${hds.body.id}&status=pending&pageSize=1`, { token: operator })).body).toMatchObject({ total: 2, items: [{}] });
      expect((await call('GET', `/platform/invitations?regionId=${region.body.id}&status=revoked`, { token: operator })).body).toMatchObject({ total: 0 });
      expect((await call('GET', '/platform/invitations?status=open', { token: operator })).status).toBe(400);

      // Re-send: a new link, the old one dead.
      const resent = await call('POST', `/platform/invitations/${first.body.id}/resend`, { token: operator });
      expect(resent.body).toMatchObject({ id: first.body.id, sendCount: 2, status: 'pending' });
      const secondToken = await tokenFor(adminEmail, 2);
      expect(secondToken).not.toBe(firstToken);
      expect((await call('POST', '/invitations/accept', { body: { token: firstToken, password: 'een-lang-genoeg-wachtwoord', displayName: 'Oud' } })).status).toBe(404);

      // Revoke: the link is refused and a new invitation may go out at once.
      expect((await call('POST', `/platform/invitations/${first.body.id}/revoke`, { token: operator })).body).toMatchObject({ status: 'revoked' });
      expect((await call('POST', '/invitations/accept', { body: { token: secondToken, password: 'een-lang-genoeg-wachtwoord', displayName: 'Nieuw' } })).body).toMatchObject({ code: 'invitation_revoked' });
      expect((await call('POST', `/platform/invitations/${first.body.id}/revoke`, { token: operator })).body).toMatchObject({ status: 409, code: 'invitation_revoked' });
      expect((await call('POST', `/platform/hds/${hds.body.id}/invitations`, { token: operator, body: { email: adminEmail } })).status).toBe(201);
      expect((await call('POST', `/platform/invitations/${auditor.body.id}/revoke`, { token: operator })).body).toMatchObject({ status: 'revoked', role: 'regional-auditor' });

      // Recorded in the HDS's chain, by the operator.
      const actions = (await sut.dataSource.query(`SELECT action FROM audit_records WHERE hds_id = $1 AND entity_id = ANY($2::text[]) ORDER BY seq`, [hds.body.id, [first.body.id, auditor.body.id]])) as { action: string }[];
      expect(actions.map((r) => r.action)).toEqual(['invitation.created', 'invitation.created', 'invitation.resent', 'invitation.revoked', 'invitation.revoked']);

      // An HDS's own staff invitation is not the platform's; tenant roles never reach these routes.
      const staff = await call('POST', `/hds/${a.hds.id}/invitations`, { token: a.tokens.admin, body: { role: 'planner', email: address('staff') } });
      expect((await call('POST', `/platform/invitations/${staff.body.id}/revoke`, { token: operator })).body).toMatchObject({ status: 404, code: 'invitation_not_found' });
      for (const token of [a.tokens.admin, a.tokens.planner]) {
        expect((await call('GET', '/platform/invitations', { token })).status).toBe(403);
        expect((await call('POST', `/platform/invitations/${auditor.body.id}/resend`, { token })).status).toBe(403);
      }
    });
  });

  describe('locale per user', () => {
    it('lets a user set their own language, which the next invitation mail to them follows', async () => {
      const email = address('locum-two-hds');
      const user = await TenantFactory.user(sut.dataSource, [{ role: Role.Planner, hdsId: b.hds.id }], { email });
      const token = await login(sut.url, email, TEST_PASSWORD);
      expect((await call('GET', '/auth/me/locale', { token })).body).toEqual({ locale: 'nl' });
      expect((await call('PATCH', '/auth/me/locale', { token, body: { locale: 'de' } })).body).toMatchObject({ status: 400, code: 'validation_failed' });
      expect((await call('PATCH', '/auth/me/locale')).status).toBe(401);
      expect((await call('PATCH', '/auth/me/locale', { token, body: { locale: 'en' } })).body).toEqual({ locale: 'en' });
      expect((await call('GET', '/auth/me/locale', { token })).body).toEqual({ locale: 'en' });
      const trail = await sut.dataSource.query(`SELECT before, after FROM audit_records WHERE hds_id = $1 AND action = 'user.locale_changed' AND entity_id = $2`, [b.hds.id, user.id]);
      expect(trail).toEqual([{ before: { locale: 'nl' }, after: { locale: 'en' } }]);

      // Invited (in Dutch, the default) into another HDS: the mail follows the user's own language.
      const invited = await call('POST', `/hds/${a.hds.id}/invitations`, { token: a.tokens.admin, body: { role: 'planner', email } });
      expect(invited.body).toMatchObject({ locale: 'nl' });
      await tokenFor(email);
      expect(smtp.messages.filter((m) => m.to.includes(email)).at(-1)?.subject).toMatch(/^Invitation: .* roster \(planner\)$/);

      // Back to Dutch: the re-sent mail is Dutch.
      expect((await call('PATCH', '/auth/me/locale', { token, body: { locale: 'nl' } })).body).toEqual({ locale: 'nl' });
      expect((await call('POST', `/hds/${a.hds.id}/invitations/${invited.body.id}/resend`, { token: a.tokens.admin })).status).toBe(200);
      await tokenFor(email, 2);
      expect(smtp.messages.filter((m) => m.to.includes(email)).at(-1)?.subject).toMatch(/^Uitnodiging: rooster .* \(planner\)$/);
    });
  });
});
