import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { client } from '../support/http.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';
import { type AuditScenario, buildAuditScenario } from './audit-scenario.js';

const RANGE = 'from=2027-06-07&to=2027-06-08';
type Caller = 'admin' | 'planner' | 'gp' | 'ownGp' | 'auditor' | 'otherAuditor' | 'otherPlanner' | 'none';
const CALLERS: Caller[] = ['admin', 'planner', 'gp', 'ownGp', 'auditor', 'otherAuditor', 'otherPlanner', 'none'];

/**
 * Who may call which audit route: planners and hds-admins read their own HDS, regional auditors
 * every HDS of their region and nothing else, GPs only their own figures; the chain and trail
 * are for hds-admins and auditors. Every route, every caller.
 */
describe('audit routes by role (e2e)', () => {
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let s: AuditScenario;
  let other: TestTenant;
  let tokens: Record<Caller, string | undefined>;

  beforeAll(async () => {
    sut = await startApi();
    call = client(sut.url);
    s = await buildAuditScenario(sut);
    other = await createTenant(sut);
    tokens = {
      admin: s.tenant.tokens.admin,
      planner: s.tenant.tokens.planner,
      gp: s.tenant.tokens.gp,
      ownGp: s.aaldersToken,
      auditor: s.tenant.tokens.auditor,
      otherAuditor: other.tokens.auditor,
      otherPlanner: other.tokens.planner,
      none: undefined,
    };
  });
  afterAll(async () => {
    await sut.close();
  });

  const READ = { admin: 200, planner: 200, gp: 403, ownGp: 403, auditor: 200, otherAuditor: 403, otherPlanner: 403, none: 401 };
  const CHAIN = { ...READ, planner: 403 };
  const ME = { admin: 403, planner: 403, gp: 403, ownGp: 200, auditor: 403, otherAuditor: 403, otherPlanner: 403, none: 401 };
  const REGION = { admin: 403, planner: 403, gp: 403, ownGp: 403, auditor: 200, otherAuditor: 403, otherPlanner: 403, none: 401 };

  const routes: [string, (s: AuditScenario) => string, Record<Caller, number>][] = [
    ['workload', (x) => `${x.base}/audit/workload?${RANGE}`, READ],
    ['workload/gps', (x) => `${x.base}/audit/workload/gps?${RANGE}`, READ],
    ['workload/practices', (x) => `${x.base}/audit/workload/practices?${RANGE}`, READ],
    ['workload/posts', (x) => `${x.base}/audit/workload/posts?${RANGE}`, READ],
    ['workload/export', (x) => `${x.base}/audit/workload/export?${RANGE}&level=gps&format=csv`, READ],
    ['fairness', (x) => `${x.base}/audit/fairness?${RANGE}`, READ],
    ['closing-plan', (x) => `${x.base}/audit/periods/${x.p1}/closing-plan`, READ],
    ['closing-plan/export', (x) => `${x.base}/audit/periods/${x.p1}/closing-plan/export?format=csv`, READ],
    ['trades', (x) => `${x.base}/audit/periods/${x.p1}/trades`, READ],
    ['report-link', (x) => `${x.base}/audit/report-link?${RANGE}`, READ],
    ['me', (x) => `${x.base}/audit/me?${RANGE}`, ME],
    ['verify', (x) => `${x.base}/audit/verify`, CHAIN],
    ['records', (x) => `${x.base}/audit/records`, CHAIN],
    ['region workload', (x) => `/regions/${x.tenant.hds.regionId}/audit/workload?${RANGE}`, REGION],
    ['region export', (x) => `/regions/${x.tenant.hds.regionId}/audit/workload/export?${RANGE}&format=csv`, REGION],
    ['region verify', (x) => `/regions/${x.tenant.hds.regionId}/audit/verify`, REGION],
  ];

  it.each(routes)('GET %s answers each caller as its role allows', async (_name, path, expected) => {
    const got: Partial<Record<Caller, number>> = {};
    for (const caller of CALLERS) got[caller] = (await call('GET', path(s), tokens[caller] ? { token: tokens[caller] } : {})).status;
    expect(got).toEqual(expected);
  });

  it('opens the HTML report only with a valid link for that HDS, and never with a bearer token alone', async () => {
    const link = await call('GET', `${s.base}/audit/report-link?${RANGE}`, { token: tokens.auditor });
    expect(link.body.path).toMatch(new RegExp(`^${s.base}/audit/report\\.html\\?token=`));
    expect(link.body.url).toMatch(/^http/);
    expect(Date.parse(link.body.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    const html = await call('GET', link.body.path);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html.headers.get('cache-control')).toBe('no-store');
    for (const caller of CALLERS) {
      const res = await call('GET', `${s.base}/audit/report.html`, tokens[caller] ? { token: tokens[caller] } : {});
      expect([caller, res.status, res.body.code]).toEqual([caller, 403, 'report_link_invalid']);
    }
    // A link for one HDS does not open another's report, and a tampered one opens nothing.
    const token = new URL(link.body.path, sut.url).searchParams.get('token')!;
    expect((await call('GET', `/hds/${other.hds.id}/audit/report.html?token=${encodeURIComponent(token)}`)).status).toBe(403);
    expect((await call('GET', `${s.base}/audit/report.html?token=${encodeURIComponent(token.slice(0, -2))}xx`)).status).toBe(403);
  });
});
