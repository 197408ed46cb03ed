import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { TenantFactory, TEST_PASSWORD } from '../factories/tenant.factory.js';
import { client, login } from '../support/http.js';
import { startMailStack, type MailStack } from '../support/mail-stack.js';
import type { TestSmtpServer } from '../support/smtp-server.js';
import type { TestApp } from '../support/test-app.js';

jest.setTimeout(60_000);

const BASE_URL = 'https://rooster.example.nl';
const PASSWORD = 'een-lang-genoeg-wachtwoord';
const CSV_HEADER = 'name,email,kind,qualifications,employer_email,practice_patients,fte,fixed_minimum_hours,carve_out_percent,joined_on,left_on,phone';

/**
 * Onboarding through the API alone (issue 20, first slice): an operator creates a region and an
 * HDS and invites its admin; invitations travel as real mail through the outbox and the worker;
 * a locum ends with one login and two memberships.
 */
describe('onboarding (e2e: API + notification worker + SMTP)', () => {
  const tag = randomUUID().slice(0, 8);
  const seenTokens: string[] = [];
  let stack: MailStack;
  let smtp: TestSmtpServer;
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let operator: string;

  const address = (who: string): string => `${who}-${tag}@onboarding.test`;

  /** The token of the newest invitation mail to an address (read from the mail itself). */
  async function tokenFor(to: string, mails = 1): Promise<string> {
    const token = await stack.linkToken(to, 'invitations', mails);
    seenTokens.push(token);
    return token;
  }


  async function createHds(code: string): Promise<{ id: string; regionId: string }> {
    const region = await call('POST', '/platform/regions', { token: operator, body: { name: `Regio ${code}` } });
    expect(region.status).toBe(201);
    const hds = await call('POST', '/platform/hds', { token: operator, body: { regionId: region.body.id, code, name: `HDS ${code}` } });
    expect(hds.status).toBe(201);
    return hds.body;
  }

  /** An operator-invited, accepted hds-admin of a new HDS, logged in. */
  async function hdsWithAdmin(code: string): Promise<{ hdsId: string; admin: string }> {
    const hds = await createHds(code);
    const email = address(`admin-${code.toLowerCase()}`);
    expect((await call('POST', `/platform/hds/${hds.id}/invitations`, { token: operator, body: { email } })).status).toBe(201);
    const accepted = await call('POST', '/invitations/accept', { body: { token: await tokenFor(email), password: PASSWORD, displayName: `Beheer ${code}` } });
    expect(accepted.status).toBe(200);
    return { hdsId: hds.id, admin: await login(sut.url, email, PASSWORD) };
  }

  beforeAll(async () => {
    stack = await startMailStack('o', BASE_URL);
    ({ smtp, sut, call } = stack);
    const op = await TenantFactory.user(sut.dataSource, [], { operator: true, email: address('operator') });
    operator = await login(sut.url, op.email, TEST_PASSWORD);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('onboards an HDS end to end, and a locum of two HDSen has one login with two memberships', async () => {
    // Operator: region, HDS (code unique and validated), the first hds-admin.
    const hds = await createHds(`WL-${tag}`);
    const taken = await call('POST', '/platform/hds', { token: operator, body: { regionId: hds.regionId, code: `wl-${tag}`, name: 'Dubbel' } });
    expect(taken.status).toBe(409);
    expect(taken.headers.get('content-type')).toContain('application/problem+json');
    expect(taken.body).toMatchObject({ code: 'hds_code_taken' });
    expect((await call('POST', '/platform/hds', { token: operator, body: { regionId: hds.regionId, code: 'x', name: 'Te kort' } })).status).toBe(400);
    const renamed = await call('PATCH', `/platform/hds/${hds.id}`, { token: operator, body: { name: 'HDS Waterland' } });
    expect(renamed.body).toMatchObject({ code: `WL-${tag}`.toUpperCase(), name: 'HDS Waterland' });
    const list = await call('GET', `/platform/hds?regionId=${hds.regionId}`, { token: operator });
    expect(list.body).toMatchObject({ page: 1, pageSize: 50, total: 1, items: [{ id: hds.id, name: 'HDS Waterland' }] });

    const adminEmail = address('admin');
    expect((await call('POST', `/platform/hds/${hds.id}/invitations`, { token: operator, body: { email: adminEmail } })).status).toBe(201);
    const adminToken = await tokenFor(adminEmail);
    const mail = smtp.messages.find((m) => m.to.includes(adminEmail));
    expect(mail?.subject).toBe('Uitnodiging: rooster HDS Waterland (HDS-beheerder)');
    expect(mail?.text).toContain(`${BASE_URL}/invitations/${adminToken}`);

    // The admin accepts: a short password and missing details are refused first.
    const short = await call('POST', '/invitations/accept', { body: { token: adminToken, password: 'kort', displayName: 'Beheerder' } });
    expect(short.status).toBe(422);
    expect(short.body).toMatchObject({ code: 'password_too_short' });
    const accepted = await call('POST', '/invitations/accept', { body: { token: adminToken, password: PASSWORD, displayName: 'Beheerder' } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ hdsId: hds.id, role: 'hds-admin', newAccount: true });
    const admin = await login(sut.url, adminEmail, PASSWORD);

    // The admin invites a planner (in English), who accepts.
    const plannerEmail = address('planner');
    const invited = await call('POST', `/hds/${hds.id}/invitations`, { token: admin, body: { role: 'planner', email: plannerEmail, locale: 'en' } });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ role: 'planner', status: 'pending', sendCount: 1 });
    expect(invited.body).not.toHaveProperty('tokenHash');
    const plannerToken = await tokenFor(plannerEmail);
    expect(smtp.messages.find((m) => m.to.includes(plannerEmail))?.subject).toBe('Invitation: HDS Waterland roster (planner)');
    expect((await call('POST', '/invitations/accept', { body: { token: plannerToken, password: PASSWORD, displayName: 'Planner' } })).status).toBe(200);
    const planner = await login(sut.url, plannerEmail, PASSWORD);

    // The planner imports GPs and invites all of them at once (twice: the second finds none left).
    const locumEmail = address('locum');
    const otherEmail = address('holder');
    const csv = [CSV_HEADER, `Dr. L. Waarnemer,${locumEmail},locum,consult,,,,,,,,`, `Dr. O. Ander,${otherEmail},locum,consult,,,,,,,,`].join('\n');
    const imported = await call('POST', `/hds/${hds.id}/gps/import`, { token: planner, rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(imported.status).toBe(201);
    const all = await call('POST', `/hds/${hds.id}/invitations/gps`, { token: planner, body: {} });
    expect(all.body).toEqual({ invited: 2 });
    expect((await call('POST', `/hds/${hds.id}/invitations/gps`, { token: planner, body: {} })).body).toEqual({ invited: 0 });

    // The locum accepts, logs in and sees their diensten (paginated).
    const locumToken = await tokenFor(locumEmail);
    expect((await call('POST', '/invitations/accept', { body: { token: locumToken, password: PASSWORD, displayName: 'L. Waarnemer' } })).status).toBe(200);
    const locum = await login(sut.url, locumEmail, PASSWORD);
    const shifts = await call('GET', `/hds/${hds.id}/my/shifts?from=2027-01-01&to=2027-03-31`, { token: locum });
    expect(shifts.status).toBe(200);
    expect(shifts.body).toMatchObject({ items: [], page: 1, total: 0 });

    // A second HDS links the same locum to its own GP record: one login, two memberships.
    const second = await hdsWithAdmin(`ZS-${tag}`);
    const gp = await call('POST', `/hds/${second.hdsId}/gps`, { token: second.admin, body: { kind: 'locum', name: 'Dr. L. Waarnemer', email: locumEmail, qualifications: ['consult'] } });
    expect(gp.status).toBe(201);
    expect((await call('POST', `/hds/${second.hdsId}/invitations`, { token: second.admin, body: { role: 'gp', gpId: gp.body.id } })).status).toBe(201);
    const secondToken = await tokenFor(locumEmail, 2);
    const noPassword = await call('POST', '/invitations/accept', { body: { token: secondToken } });
    expect(noPassword.status).toBe(409);
    expect(noPassword.body).toMatchObject({ code: 'account_exists' });
    const linked = await call('POST', '/invitations/accept', { body: { token: secondToken, password: PASSWORD } });
    expect(linked.body).toMatchObject({ newAccount: false, role: 'gp', gpId: gp.body.id });
    const me = await call('GET', '/auth/me', { token: locum });
    const gpGrants = (me.body.grants as { role: string; hdsId: string; gpId: string }[]).filter((g) => g.role === 'gp');
    expect(gpGrants.map((g) => g.hdsId).sort()).toEqual([hds.id, second.hdsId].sort());
    expect(gpGrants.find((g) => g.hdsId === second.hdsId)?.gpId).toBe(gp.body.id);
    expect((await call('GET', `/hds/${second.hdsId}/my/shifts?from=2027-01-01&to=2027-03-31`, { token: locum })).status).toBe(200);

    // HDS creation, rename and every invitation step are in the HDS's chain, which verifies.
    const actions = (await sut.dataSource.query('SELECT action FROM audit_records WHERE hds_id = $1 ORDER BY seq', [hds.id])) as { action: string }[];
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['hds.created', 'hds.renamed', 'invitation.created', 'invitation.accepted']),
    );
    expect(actions[0].action).toBe('hds.created');
    expect((await call('GET', `/hds/${hds.id}/audit/verify`, { token: admin })).body).toMatchObject({ ok: true, firstBroken: null });
  });

  it('refuses expired, revoked, used and replaced invitations with a Dutch 4xx', async () => {
    const { hdsId, admin } = await hdsWithAdmin(`SEC-${tag}`);
    const invite = async (who: string): Promise<string> => {
      const res = await call('POST', `/hds/${hdsId}/invitations`, { token: admin, body: { role: 'planner', email: address(who) } });
      expect(res.status).toBe(201);
      return res.body.id;
    };
    const expiredId = await invite('expired');
    const expiredToken = await tokenFor(address('expired'));
    await sut.dataSource.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expiredId]);
    const expired = await call('POST', '/invitations/accept', { body: { token: expiredToken, password: PASSWORD, displayName: 'Te laat' } });
    expect(expired.status).toBe(409);
    expect(expired.body).toMatchObject({ code: 'invitation_expired', detail: expect.stringContaining('verlopen') });

    const revokedId = await invite('revoked');
    const revokedToken = await tokenFor(address('revoked'));
    expect((await call('POST', `/hds/${hdsId}/invitations/${revokedId}/revoke`, { token: admin })).body).toMatchObject({ status: 'revoked' });
    const revoked = await call('POST', '/invitations/accept', { body: { token: revokedToken, password: PASSWORD, displayName: 'Ingetrokken' } });
    expect(revoked.body).toMatchObject({ status: 409, code: 'invitation_revoked' });

    // A re-send kills the first link; the new one works once.
    const resentId = await invite('resent');
    const firstToken = await tokenFor(address('resent'));
    expect((await call('POST', `/hds/${hdsId}/invitations/${resentId}/resend`, { token: admin })).body).toMatchObject({ sendCount: 2, status: 'pending' });
    const secondToken = await tokenFor(address('resent'), 2);
    expect(secondToken).not.toBe(firstToken);
    expect((await call('POST', '/invitations/accept', { body: { token: firstToken, password: PASSWORD, displayName: 'Eerst' } })).body).toMatchObject({ status: 404, code: 'invitation_not_found' });
    expect((await call('POST', '/invitations/accept', { body: { token: secondToken, password: PASSWORD, displayName: 'Tweede' } })).status).toBe(200);
    const used = await call('POST', '/invitations/accept', { body: { token: secondToken, password: PASSWORD, displayName: 'Nog eens' } });
    expect(used.body).toMatchObject({ status: 409, code: 'invitation_used' });

    const listed = await call('GET', `/hds/${hdsId}/invitations`, { token: admin });
    expect(listed.body.total).toBe(4);
    expect(new Set(listed.body.items.map((i: { status: string }) => i.status))).toEqual(new Set(['accepted', 'expired', 'revoked']));
  });

  it('refuses cross-HDS invitations, invitations beyond the role, and tenant roles on platform routes', async () => {
    const a = await hdsWithAdmin(`XA-${tag}`);
    const b = await hdsWithAdmin(`XB-${tag}`);
    const bGp = await call('POST', `/hds/${b.hdsId}/gps`, { token: b.admin, body: { kind: 'locum', name: 'Dr. B', email: address('b-gp'), qualifications: ['consult'] } });
    expect(bGp.status).toBe(201);
    const auditBefore = (await sut.dataSource.query('SELECT count(*)::int AS n FROM audit_records WHERE hds_id = $1', [b.hdsId]))[0].n;

    // A's admin into B: the guard refuses; B's GP linked from A: unknown in A.
    const into = await call('POST', `/hds/${b.hdsId}/invitations`, { token: a.admin, body: { role: 'planner', email: address('x1') } });
    expect(into.status).toBe(403);
    const link = await call('POST', `/hds/${a.hdsId}/invitations`, { token: a.admin, body: { role: 'gp', gpId: bGp.body.id } });
    expect(link.body).toMatchObject({ status: 404, code: 'invite_gp_unknown' });
    expect((await call('GET', `/hds/${b.hdsId}/memberships`, { token: a.admin })).status).toBe(403);
    expect((await sut.dataSource.query('SELECT count(*)::int AS n FROM audit_records WHERE hds_id = $1', [b.hdsId]))[0].n).toBe(auditBefore);

    // A planner invites GPs only.
    const plannerEmail = address('x-planner');
    const plannerInvite = await call('POST', `/hds/${a.hdsId}/invitations`, { token: a.admin, body: { role: 'planner', email: plannerEmail } });
    expect(plannerInvite.body).toMatchObject({ role: 'planner' });
    const plannerAccept = await call('POST', '/invitations/accept', { body: { token: await tokenFor(plannerEmail), password: PASSWORD, displayName: 'Planner X' } });
    expect(plannerAccept.body).toMatchObject({ role: 'planner' });
    const planner = await login(sut.url, plannerEmail, PASSWORD);
    const beyond = await call('POST', `/hds/${a.hdsId}/invitations`, { token: planner, body: { role: 'hds-admin', email: address('x2') } });
    expect(beyond.body).toMatchObject({ status: 403, code: 'invite_role_not_allowed' });

    // A logged-in user accepts with their bearer token alone: A's admin becomes a planner of B too.
    const aAdminEmail = address(`admin-xa-${tag}`.toLowerCase());
    expect((await call('POST', `/hds/${b.hdsId}/invitations`, { token: b.admin, body: { role: 'planner', email: aAdminEmail } })).status).toBe(201);
    const bearerToken = await tokenFor(aAdminEmail, 2);
    expect((await call('POST', '/invitations/accept', { token: 'not-a-jwt', body: { token: bearerToken } })).status).toBe(401);
    expect((await call('POST', '/invitations/accept', { token: a.admin, body: { token: bearerToken } })).body).toMatchObject({ hdsId: b.hdsId, role: 'planner', newAccount: false });
    const grants = (await call('GET', '/auth/me', { token: a.admin })).body.grants as { role: string; hdsId: string }[];
    expect(grants.map((g) => `${g.role}@${g.hdsId}`).sort()).toEqual([`hds-admin@${a.hdsId}`, `planner@${b.hdsId}`].sort());

    // Tenant roles never reach platform routes.
    for (const token of [a.admin, planner]) {
      expect((await call('GET', '/platform/hds', { token })).status).toBe(403);
      expect((await call('POST', `/platform/hds/${b.hdsId}/invitations`, { token, body: { email: address('x3') } })).status).toBe(403);
    }
    expect((await call('GET', '/platform/regions')).status).toBe(401);
  });

  it('lists, re-roles and removes memberships; removal and deactivation cut access at the next request', async () => {
    const { hdsId, admin } = await hdsWithAdmin(`MB-${tag}`);
    const join = async (role: 'planner' | 'hds-admin', who: string): Promise<string> => {
      expect((await call('POST', `/hds/${hdsId}/invitations`, { token: admin, body: { role, email: address(who) } })).status).toBe(201);
      expect((await call('POST', '/invitations/accept', { body: { token: await tokenFor(address(who)), password: PASSWORD, displayName: `Lid ${who}` } })).status).toBe(200);
      return login(sut.url, address(who), PASSWORD);
    };
    const planner = await join('planner', 'mb-planner');
    const gp = await call('POST', `/hds/${hdsId}/gps`, { token: planner, body: { kind: 'locum', name: 'Dr. Vertrekt', email: address('mb-gp'), qualifications: ['consult'] } });
    expect((await call('POST', `/hds/${hdsId}/invitations`, { token: planner, body: { role: 'gp', gpId: gp.body.id } })).status).toBe(201);
    await call('POST', '/invitations/accept', { body: { token: await tokenFor(address('mb-gp')), password: PASSWORD, displayName: 'Dr. Vertrekt' } });
    const doctor = await login(sut.url, address('mb-gp'), PASSWORD);

    const list = await call('GET', `/hds/${hdsId}/memberships`, { token: admin });
    expect(list.body).toMatchObject({ page: 1, total: 3 });
    const byEmail = (email: string) => (list.body.items as { id: string; email: string; role: string }[]).find((m) => m.email === email);
    const adminMembership = list.body.items.find((m: { role: string }) => m.role === 'hds-admin');
    expect((await call('GET', `/hds/${hdsId}/memberships`, { token: planner })).status).toBe(403);

    // The last hds-admin stays; a planner becomes an hds-admin and back; a GP stays a GP.
    expect((await call('DELETE', `/hds/${hdsId}/memberships/${adminMembership.id}`, { token: admin })).body).toMatchObject({ code: 'last_hds_admin' });
    const plannerMembership = byEmail(address('mb-planner'));
    expect((await call('PATCH', `/hds/${hdsId}/memberships/${plannerMembership?.id}`, { token: admin, body: { role: 'hds-admin' } })).body).toMatchObject({ role: 'hds-admin' });
    expect((await call('GET', `/hds/${hdsId}/memberships`, { token: planner })).status).toBe(200);
    expect((await call('PATCH', `/hds/${hdsId}/memberships/${plannerMembership?.id}`, { token: admin, body: { role: 'planner' } })).body).toMatchObject({ role: 'planner' });
    expect((await call('PATCH', `/hds/${hdsId}/memberships/${byEmail(address('mb-gp'))?.id}`, { token: admin, body: { role: 'planner' } })).body).toMatchObject({ code: 'membership_role_fixed' });

    // Removing the GP's membership: the same (unexpired) token is refused at once; the GP record stays.
    const mine = `/hds/${hdsId}/my/shifts?from=2027-01-01&to=2027-03-31`;
    expect((await call('GET', mine, { token: doctor })).status).toBe(200);
    expect((await call('DELETE', `/hds/${hdsId}/memberships/${byEmail(address('mb-gp'))?.id}`, { token: admin })).status).toBe(204);
    expect((await call('GET', mine, { token: doctor })).status).toBe(403);
    expect((await call('GET', `/hds/${hdsId}/gps/${gp.body.id}`, { token: admin })).status).toBe(200);
    expect((await sut.dataSource.query(`SELECT action FROM audit_records WHERE hds_id = $1 AND action = 'membership.removed'`, [hdsId])).length).toBe(1);

    // Deactivating the planner's login: the same token is refused at once (401), and again after reactivation works.
    const userId = plannerMembership && (list.body.items as { id: string; userId: string }[]).find((m) => m.id === plannerMembership.id)?.userId;
    expect((await call('PATCH', `/platform/users/${userId}`, { token: operator, body: { active: false } })).body).toMatchObject({ active: false });
    expect((await call('GET', `/hds/${hdsId}/gps`, { token: planner })).status).toBe(401);
    expect((await call('PATCH', `/platform/users/${userId}`, { token: operator, body: { active: true } })).body).toMatchObject({ active: true });
    expect((await call('GET', `/hds/${hdsId}/gps`, { token: planner })).status).toBe(200);
  });

  it('keeps every platform route in the OpenAPI document closed to every tenant role', async () => {
    const { hdsId, admin } = await hdsWithAdmin(`PW-${tag}`);
    const [{ region_id: regionId }] = (await sut.dataSource.query('SELECT region_id FROM hds WHERE id = $1', [hdsId])) as { region_id: string }[];
    const doc = await call('GET', '/api/docs-json');
    const routes = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/platform/'))
      .flatMap(([path, ops]) => ['get', 'post', 'patch', 'put', 'delete'].filter((m) => ops[m]).map((m) => ({ method: m.toUpperCase(), path })));
    expect(routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      ['GET /platform/hds', 'GET /platform/invitations', 'GET /platform/regions', 'POST /platform/invitations/{id}/resend', 'POST /platform/invitations/{id}/revoke', 'PATCH /platform/hds/{id}', 'PATCH /platform/regions/{id}', 'PATCH /platform/users/{id}', 'POST /platform/hds', 'POST /platform/hds/{id}/invitations', 'POST /platform/regions', 'POST /platform/regions/{id}/invitations'].sort(),
    );
    for (const path of ['/hds/{hdsId}/invitations', '/hds/{hdsId}/invitations/gps', '/hds/{hdsId}/invitations/{invitationId}/resend', '/hds/{hdsId}/invitations/{invitationId}/revoke', '/hds/{hdsId}/memberships', '/hds/{hdsId}/memberships/{membershipId}', '/invitations/accept']) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
    const before = (await sut.dataSource.query('SELECT count(*)::int AS n FROM audit_records WHERE hds_id = $1', [hdsId]))[0].n;
    const failures: string[] = [];
    for (const route of routes) {
      const res = await call(route.method, route.path.replace('{id}', route.path.startsWith('/platform/regions') ? regionId : hdsId), { token: admin, ...(route.method === 'GET' ? {} : { body: {} }) });
      if (res.status !== 403) failures.push(`${route.method} ${route.path} as hds-admin: ${res.status}`);
    }
    expect(failures).toEqual([]);
    expect((await sut.dataSource.query('SELECT count(*)::int AS n FROM audit_records WHERE hds_id = $1', [hdsId]))[0].n).toBe(before);
  });

  it('lets an operator invite a regional auditor, recorded in the chain of every HDS of the region', async () => {
    const region = await call('POST', '/platform/regions', { token: operator, body: { name: `Regio RA ${tag}` } });
    const email = address('auditor');
    const empty = await call('POST', `/platform/regions/${region.body.id}/invitations`, { token: operator, body: { email } });
    expect(empty.body).toMatchObject({ status: 409, code: 'region_without_hds' });
    const one = await call('POST', '/platform/hds', { token: operator, body: { regionId: region.body.id, code: `RA1-${tag}`, name: 'HDS Een' } });
    const two = await call('POST', '/platform/hds', { token: operator, body: { regionId: region.body.id, code: `RA2-${tag}`, name: 'HDS Twee' } });
    const invited = await call('POST', `/platform/regions/${region.body.id}/invitations`, { token: operator, body: { email, locale: 'en' } });
    expect(invited.body).toMatchObject({ role: 'regional-auditor', regionId: region.body.id, status: 'pending' });
    const token = await tokenFor(email);
    expect(smtp.messages.filter((m) => m.to.includes(email))).toHaveLength(1);
    expect(smtp.messages.find((m) => m.to.includes(email))?.subject).toBe(`Invitation: Regio RA ${tag} roster (regional auditor)`);
    for (const hds of [one.body, two.body]) {
      const rows = await sut.dataSource.query(`SELECT 1 FROM audit_records WHERE hds_id = $1 AND action = 'invitation.created' AND entity_id = $2`, [hds.id, invited.body.id]);
      expect(rows).toHaveLength(1);
    }
    // Not an HDS's own invitation: its admins neither list nor revoke it.
    expect((await call('POST', '/invitations/accept', { body: { token, password: PASSWORD, displayName: 'Auditor' } })).body).toMatchObject({ role: 'regional-auditor', regionId: region.body.id });
    const auditor = await login(sut.url, email, PASSWORD);
    const me = await call('GET', '/auth/me', { token: auditor });
    expect(me.body.grants).toEqual([{ role: 'regional-auditor', hdsId: null, regionId: region.body.id, gpId: null }]);
    expect((await call('GET', `/hds/${two.body.id}/gps`, { token: auditor })).status).toBe(200);
  });

  it('keeps every token and token hash out of the audit trail, the outbox and the delivery ledger', async () => {
    const hashes = ((await sut.dataSource.query('SELECT token_hash FROM invitations')) as { token_hash: string }[]).map((r) => r.token_hash);
    expect(seenTokens.length).toBeGreaterThan(5);
    expect(hashes.length).toBeGreaterThan(5);
    const stored = [
      ...((await sut.dataSource.query(`SELECT coalesce(before::text, '') || coalesce(after::text, '') || coalesce(reason, '') AS t FROM audit_records`)) as { t: string }[]),
      ...((await sut.dataSource.query('SELECT payload::text AS t FROM outbox_events')) as { t: string }[]),
      ...((await sut.dataSource.query('SELECT message::text AS t FROM notification_deliveries')) as { t: string }[]),
    ].map((r) => r.t);
    expect(stored.some((t) => t.includes('invitation'))).toBe(true);
    const payloads = (await sut.dataSource.query(`SELECT payload FROM outbox_events WHERE type = 'invitation.sent'`)) as { payload: Record<string, unknown> }[];
    expect(payloads.length).toBeGreaterThan(5);
    for (const { payload } of payloads) expect(Object.keys(payload).sort()).toEqual(['invitationId', 'sendCount']);
    for (const secret of [...seenTokens, ...hashes]) {
      expect(stored.filter((t) => t.includes(secret))).toEqual([]);
    }
    // The invitations table itself holds hashes only.
    const raw = (await sut.dataSource.query('SELECT row_to_json(i)::text AS t FROM invitations i')) as { t: string }[];
    for (const token of seenTokens) expect(raw.filter((r) => r.t.includes(token))).toEqual([]);
  });
});
