import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { Role } from '@anw/identity';
import { GpEntity, GpKind, Qualification } from '@anw/rosters';
import { TenantFactory, TEST_PASSWORD } from '../factories/tenant.factory.js';
import { client, login } from '../support/http.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';

const zone = 'Europe/Amsterdam';
const day = (n: number): string => DateTime.now().setZone(zone).plus({ days: n }).toISODate() as string;
/** A local 'yyyy-MM-ddTHH:mm' this many hours from now, on the hour. */
const inHours = (h: number): string => DateTime.now().setZone(zone).plus({ hours: h }).startOf('hour').toFormat("yyyy-MM-dd'T'HH:mm");

describe('marketplace: policy, approval queue, minimum share and escalation (e2e)', () => {
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let tenant: TestTenant;
  let base: string;
  let postId: string;
  let periodId: string;
  const gps: Record<string, { id: string; token: string }> = {};
  const s: Record<string, any> = {};
  const as = (key: string) => gps[key].token;

  async function addGp(key: string): Promise<void> {
    const gp = await sut.dataSource.getRepository(GpEntity).save({ hdsId: tenant.hds.id, kind: GpKind.Locum, name: `Dr. ${key}`, email: `${key}-${randomUUID()}@test.anw`, qualifications: [Qualification.Consult] });
    const user = await TenantFactory.user(sut.dataSource, [{ role: Role.Gp, hdsId: tenant.hds.id, gpId: gp.id }]);
    gps[key] = { id: gp.id, token: await login(sut.url, user.email, TEST_PASSWORD) };
  }

  async function addShift(key: string, start: string, end: string, required = 1, holders: string[] = [], reason?: string): Promise<void> {
    const res = await call('POST', `${base}/periods/${periodId}/shifts`, { token: tenant.tokens.planner, body: { postId, role: 'consult', code: key, start, end, required, ...(reason ? { reason } : {}) } });
    expect(res.status).toBe(201);
    s[key] = res.body;
    for (const h of holders) {
      expect((await call('POST', `${base}/shifts/${res.body.id}/assignments`, { token: tenant.tokens.planner, body: { gpId: gps[h].id, ...(reason ? { reason } : {}) } })).status).toBe(201);
    }
  }

  async function holders(shiftId: string): Promise<string[]> {
    const rows = await sut.dataSource.query('SELECT gp_id FROM assignments WHERE shift_id = $1 AND removed_at IS NULL ORDER BY gp_id', [shiftId]);
    return rows.map((r: { gp_id: string }) => r.gp_id);
  }

  async function events(type: string): Promise<any[]> {
    const rows = await sut.dataSource.query('SELECT payload FROM outbox_events WHERE hds_id = $1 AND type = $2 ORDER BY created_at', [tenant.hds.id, type]);
    return rows.map((r: { payload: unknown }) => r.payload);
  }

  async function setPolicy(body: Record<string, unknown>): Promise<void> {
    expect((await call('PUT', `${base}/marketplace/policy`, { token: tenant.tokens.admin, body })).status).toBe(200);
  }

  beforeAll(async () => {
    sut = await startApi();
    call = client(sut.url);
    tenant = await createTenant(sut);
    base = `/hds/${tenant.hds.id}`;
    postId = (await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { code: 'HAP-Q', name: 'HAP Wachtrij' } })).body.id;
    for (const key of ['A', 'B', 'C', 'D']) await addGp(key);
    periodId = (await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'wachtrij', startDate: day(-1), endDate: day(40) } })).body.id;
    // Within 48 hours: trades need a planner even under the automatic policy.
    await addShift('soon', inHours(30), inHours(36));
    await addShift('soonOverlap', inHours(31), inHours(35));
    await addShift('far', `${day(20)}T17:00`, `${day(20)}T23:00`, 1);
    await addShift('farA', `${day(22)}T17:00`, `${day(22)}T23:00`, 1, ['A']);
    await addShift('farB', `${day(25)}T17:00`, `${day(25)}T23:00`, 1, ['B']);
    await addShift('farC', `${day(27)}T17:00`, `${day(27)}T23:00`, 1, ['C']);
    await addShift('week', `${day(5)}T17:00`, `${day(5)}T23:00`, 2, ['D']);
    expect((await call('POST', `${base}/periods/${periodId}/publish`, { token: tenant.tokens.planner })).status).toBe(200);
  });
  afterAll(async () => {
    await sut.close();
  });

  it('reads the policy with defaults and lets only an hds-admin change it', async () => {
    const initial = await call('GET', `${base}/marketplace/policy`, { token: as('A') });
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({ approval: 'automatic', undoWindowMinutes: 30, noTradeWithinHours: 48, minimumShareHours: null, escalateOpenDaysBefore: 7 });
    expect((await call('GET', `${base}/marketplace/policy`, { token: tenant.tokens.auditor })).status).toBe(200);
    expect((await call('PUT', `${base}/marketplace/policy`, { token: tenant.tokens.planner, body: { undoWindowMinutes: 10 } })).status).toBe(403);
    const bad = await call('PUT', `${base}/marketplace/policy`, { token: tenant.tokens.admin, body: { approval: 'soms', undoWindowMinutes: -1, extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['approval', 'extra', 'undoWindowMinutes']);
    const changed = await call('PUT', `${base}/marketplace/policy`, { token: tenant.tokens.admin, body: { undoWindowMinutes: 15 } });
    expect(changed.body).toMatchObject({ approval: 'automatic', undoWindowMinutes: 15 });
    const [row] = await sut.dataSource.query('SELECT marketplace_policy FROM hds WHERE id = $1', [tenant.hds.id]);
    expect(row.marketplace_policy.undoWindowMinutes).toBe(15);
  });

  it('queues claims within 48 h first come first served; the planner approves and the earliest valid claim wins', async () => {
    const c = await call('POST', `${base}/marketplace/claims`, { token: as('C'), body: { shiftId: s.soon.id } });
    expect(c.status).toBe(201);
    expect(c.body.status).toBe('pending');
    expect((await call('POST', `${base}/marketplace/claims`, { token: as('C'), body: { shiftId: s.soon.id } })).body.code).toBe('claim_exists');
    const d = await call('POST', `${base}/marketplace/claims`, { token: as('D'), body: { shiftId: s.soon.id } });
    const b = await call('POST', `${base}/marketplace/claims`, { token: as('B'), body: { shiftId: s.soon.id } });
    expect([d.body.status, b.body.status]).toEqual(['pending', 'pending']);
    expect(await events('claim.created')).toContainEqual(expect.objectContaining({ claimId: c.body.id, gpId: gps.C.id, awaitingApproval: true }));
    expect(await holders(s.soon.id)).toEqual([]);
    // Meanwhile the planner puts C on an overlapping dienst: C's claim is no longer valid.
    expect((await call('POST', `${base}/shifts/${s.soonOverlap.id}/assignments`, { token: tenant.tokens.planner, body: { gpId: gps.C.id, reason: 'invallen' } })).status).toBe(201);
    // A GP cannot approve.
    expect((await call('POST', `${base}/marketplace/claims/${b.body.id}/approve`, { token: as('A') })).status).toBe(403);
    const decision = await call('POST', `${base}/marketplace/claims/${b.body.id}/approve`, { token: tenant.tokens.planner });
    expect(decision.status).toBe(200);
    expect(decision.body.refused.map((x: any) => [x.id, x.rule])).toEqual([[c.body.id, 'overlap']]);
    expect(decision.body.refused[0].decisionReason).toBe('Dr. C: overlapt met een andere dienst van deze huisarts');
    expect(decision.body.approved.map((x: any) => [x.id, x.status])).toEqual([[d.body.id, 'completed']]);
    expect(decision.body.lost.map((x: any) => [x.id, x.status])).toEqual([[b.body.id, 'lost']]);
    expect(await holders(s.soon.id)).toEqual([gps.D.id]);
    expect(await events('claim.refused')).toContainEqual(expect.objectContaining({ claimId: c.body.id, gpId: gps.C.id, rule: 'overlap', reason: 'Dr. C: overlapt met een andere dienst van deze huisarts' }));
    expect(await events('claim.approved')).toContainEqual(expect.objectContaining({ claimId: d.body.id, gpId: gps.D.id, shiftId: s.soon.id }));
    expect(await events('claim.lost')).toContainEqual(expect.objectContaining({ claimId: b.body.id, gpId: gps.B.id }));
    expect((await call('POST', `${base}/marketplace/claims/${b.body.id}/approve`, { token: tenant.tokens.planner })).body.code).toBe('claim_not_pending');
    const mine = await call('GET', `${base}/marketplace/claims`, { token: as('C') });
    expect(mine.body.items).toEqual([expect.objectContaining({ id: c.body.id, status: 'refused', rule: 'overlap' })]);
  });

  it('lets a planner refuse a claim with a reason, and a GP withdraw theirs', async () => {
    await setPolicy({ approval: 'planner' });
    const a = await call('POST', `${base}/marketplace/claims`, { token: as('A'), body: { shiftId: s.far.id } });
    expect(a.body.status).toBe('pending');
    const b = await call('POST', `${base}/marketplace/claims`, { token: as('B'), body: { shiftId: s.far.id } });
    expect((await call('POST', `${base}/marketplace/claims/${a.body.id}/refuse`, { token: tenant.tokens.planner, body: {} })).status).toBe(400);
    const refused = await call('POST', `${base}/marketplace/claims/${a.body.id}/refuse`, { token: tenant.tokens.planner, body: { reason: 'Dr. A heeft die maand al genoeg diensten' } });
    expect(refused.body).toMatchObject({ status: 'refused', decisionReason: 'Dr. A heeft die maand al genoeg diensten' });
    expect(await events('claim.refused')).toContainEqual(expect.objectContaining({ claimId: a.body.id, reason: 'Dr. A heeft die maand al genoeg diensten' }));
    expect((await call('POST', `${base}/marketplace/claims/${b.body.id}/withdraw`, { token: as('A'), body: {} })).status).toBe(403);
    const withdrawn = await call('POST', `${base}/marketplace/claims/${b.body.id}/withdraw`, { token: as('B'), body: {} });
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(await holders(s.far.id)).toEqual([]);
    const pending = await call('GET', `${base}/marketplace/claims?state=pending`, { token: tenant.tokens.planner });
    expect(pending.body.items.filter((x: any) => x.shiftId === s.far.id)).toEqual([]);
  });

  it('holds an accepted swap for the planner, who approves it', async () => {
    // Policy is planner: the swap waits after the other GP accepts.
    const proposed = await call('POST', `${base}/marketplace/swaps`, { token: as('A'), body: { shiftId: s.farA.id, otherShiftId: s.farB.id, toGpId: gps.B.id } });
    const accepted = await call('POST', `${base}/marketplace/swaps/${proposed.body.id}/accept`, { token: as('B'), body: {} });
    expect(accepted.body.status).toBe('accepted');
    expect(await holders(s.farA.id)).toEqual([gps.A.id]);
    expect(await events('swap.accepted')).toContainEqual(expect.objectContaining({ swapId: proposed.body.id, awaitingApproval: true }));
    expect((await call('POST', `${base}/marketplace/swaps/${proposed.body.id}/approve`, { token: as('A') })).status).toBe(403);
    const approved = await call('POST', `${base}/marketplace/swaps/${proposed.body.id}/approve`, { token: tenant.tokens.planner });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('completed');
    expect(await holders(s.farA.id)).toEqual([gps.B.id]);
    expect(await holders(s.farB.id)).toEqual([gps.A.id]);
    expect(await events('swap.approved')).toContainEqual(expect.objectContaining({ swapId: proposed.body.id, fromGpId: gps.A.id, toGpId: gps.B.id }));
    // This HDS allows no undo.
    await setPolicy({ undoWindowMinutes: 0 });
    const undo = await call('POST', `${base}/marketplace/swaps/${proposed.body.id}/undo`, { token: as('A'), body: {} });
    expect(undo.status).toBe(409);
    expect(undo.body.code).toBe('undo_not_allowed');
    await setPolicy({ undoWindowMinutes: 15 });
    // And one the planner refuses, with a reason.
    const other = await call('POST', `${base}/marketplace/swaps`, { token: as('A'), body: { shiftId: s.farB.id, otherShiftId: s.farC.id, toGpId: gps.C.id } });
    const refused = await call('POST', `${base}/marketplace/swaps/${other.body.id}/refuse`, { token: tenant.tokens.planner, body: { reason: 'C is die week achterwacht' } });
    expect(refused.body).toMatchObject({ status: 'refused', decisionReason: 'C is die week achterwacht' });
    expect(await events('swap.refused')).toContainEqual(expect.objectContaining({ swapId: other.body.id, reason: 'C is die week achterwacht' }));
  });

  it('keeps a GP above the minimum share when they give a dienst away', async () => {
    await setPolicy({ approval: 'automatic', minimumShareHours: 5 });
    // C works farC (6 h) and soonOverlap (4 h): offering farC leaves 4 h.
    const res = await call('POST', `${base}/marketplace/offers`, { token: as('C'), body: { shiftId: s.farC.id } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('minimum_share');
    expect(res.body.detail).toMatch(/onder het minimum van 5 uur/);
    await setPolicy({ minimumShareHours: null });
    const offer = await call('POST', `${base}/marketplace/offers`, { token: as('C'), body: { shiftId: s.farC.id } });
    expect(offer.status).toBe(201);
    // Raised before anyone claims: the claim is refused and nothing moves.
    await setPolicy({ minimumShareHours: 5 });
    const claim = await call('POST', `${base}/marketplace/claims`, { token: as('D'), body: { offerId: offer.body.id } });
    expect(claim.status).toBe(422);
    expect(claim.body.code).toBe('minimum_share');
    expect(await holders(s.farC.id)).toEqual([gps.C.id]);
    await setPolicy({ minimumShareHours: null });
  });

  it('escalates diensten still open N days ahead to the planners, once per dienst', async () => {
    expect((await call('POST', `${base}/marketplace/escalations/run`, { token: as('A') })).status).toBe(403);
    const first = await call('POST', `${base}/marketplace/escalations/run`, { token: tenant.tokens.planner });
    expect(first.status).toBe(200);
    // Within 7 days and not full: 'week' (1 of 2). 'soon' and 'soonOverlap' are filled; 'far' is 20 days ahead.
    expect(first.body.escalated).toEqual([expect.objectContaining({ shiftId: s.week.id, openPositions: 1 })]);
    const again = await call('POST', `${base}/marketplace/escalations/run`, { token: tenant.tokens.planner });
    expect(again.body.escalated).toEqual([]);
    expect(await events('shift.still_open')).toEqual([expect.objectContaining({ shiftId: s.week.id, openPositions: 1, days: 7 })]);
    // A longer horizon picks up 'far' as well, and still only once.
    await setPolicy({ escalateOpenDaysBefore: 30 });
    const wider = await call('POST', `${base}/marketplace/escalations/run`, { token: tenant.tokens.admin });
    expect(wider.body.escalated.map((e: any) => e.shiftId)).toEqual([s.far.id]);
    expect((await events('shift.still_open')).map((e) => e.shiftId)).toEqual([s.week.id, s.far.id]);
  });

  it('refuses to trade a dienst that has started', async () => {
    await addShift('started', inHours(-1), inHours(3), 1, [], 'al bezig');
    const res = await call('POST', `${base}/marketplace/claims`, { token: as('B'), body: { shiftId: s.started.id } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('shift_started');
  });

  it('completes claims at once when the policy turns automatic; the claim still queued loses when the last place is filled', async () => {
    await addShift('turn', `${day(33)}T17:00`, `${day(33)}T23:00`, 2, [], 'extra bezetting');
    const claims = `${base}/marketplace/claims`;
    const status = async (id: string): Promise<string> => (await sut.dataSource.query('SELECT status FROM market_claims WHERE id = $1', [id]))[0].status;
    await setPolicy({ approval: 'planner' });
    const queued = await call('POST', claims, { token: as('A'), body: { shiftId: s.turn.id } });
    expect(queued.body.status).toBe('pending');
    await setPolicy({ approval: 'automatic' });
    // One place of two: B takes it at once; A stays queued for the other.
    const first = await call('POST', claims, { token: as('B'), body: { shiftId: s.turn.id } });
    expect([first.status, first.body.status]).toEqual([201, 'completed']);
    expect(await status(queued.body.id)).toBe('pending');
    expect(await status(first.body.id)).toBe('completed');
    // The last place: C takes it, and A's queued claim loses, in the same transaction.
    const second = await call('POST', claims, { token: as('C'), body: { shiftId: s.turn.id } });
    expect([second.status, second.body.status]).toEqual([201, 'completed']);
    expect(await holders(s.turn.id)).toEqual([gps.B.id, gps.C.id].sort());
    expect(await status(queued.body.id)).toBe('lost');
    expect(await events('claim.lost')).toContainEqual(expect.objectContaining({ claimId: queued.body.id, gpId: gps.A.id, shiftId: s.turn.id }));
    expect((await events('claim.won')).filter((e) => e.shiftId === s.turn.id).map((e) => e.gpId)).toEqual([gps.B.id, gps.C.id]);
    // The claims' rows say what their views said.
    const [row] = await sut.dataSource.query('SELECT created_at, completed_at FROM market_claims WHERE id = $1', [second.body.id]);
    expect([row.created_at.toISOString(), row.completed_at.toISOString()]).toEqual([second.body.createdAt, second.body.completedAt]);
  });
});
