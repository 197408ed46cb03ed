import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { DateTime } from 'luxon';
import { Role } from '@anw/identity';
import { quoteShift } from '@anw/marketplace';
import { GpEntity, GpKind, Qualification } from '@anw/rosters';
import { loadTariffTables, type TariffTable } from '@anw/tariffs';
import { TenantFactory, TEST_PASSWORD } from '../factories/tenant.factory.js';
import { client, login } from '../support/http.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';

/** Local date `n` days from today (Europe/Amsterdam): the marketplace trades only diensten still ahead. */
const day = (n: number): string => DateTime.now().setZone('Europe/Amsterdam').plus({ days: n }).toISODate() as string;

describe('marketplace: offers, claims, swaps and undo (e2e)', () => {
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let tenant: TestTenant;
  let base: string;
  let postId: string;
  let periodId: string;
  let tables: TariffTable[];
  const gps: Record<string, { id: string; token: string }> = {};
  const s: Record<string, any> = {};

  async function addGp(key: string, qualifications = [Qualification.Consult]): Promise<void> {
    const gp = await sut.dataSource.getRepository(GpEntity).save({ hdsId: tenant.hds.id, kind: GpKind.PracticeHolder, name: `Dr. ${key}`, email: `${key}-${randomUUID()}@test.anw`, qualifications });
    const user = await TenantFactory.user(sut.dataSource, [{ role: Role.Gp, hdsId: tenant.hds.id, gpId: gp.id }]);
    gps[key] = { id: gp.id, token: await login(sut.url, user.email, TEST_PASSWORD) };
  }

  async function addShift(key: string, start: string, end: string, required = 1, holders: string[] = [], role = 'consult'): Promise<void> {
    const res = await call('POST', `${base}/periods/${periodId}/shifts`, { token: tenant.tokens.planner, body: { postId, role, code: key, start, end, required } });
    expect(res.status).toBe(201);
    s[key] = res.body;
    for (const h of holders) expect((await call('POST', `${base}/shifts/${res.body.id}/assignments`, { token: tenant.tokens.planner, body: { gpId: gps[h].id } })).status).toBe(201);
  }

  async function holders(shiftId: string): Promise<string[]> {
    const rows = await sut.dataSource.query('SELECT gp_id FROM assignments WHERE shift_id = $1 AND removed_at IS NULL ORDER BY gp_id', [shiftId]);
    return rows.map((r: { gp_id: string }) => r.gp_id);
  }

  async function events(type: string): Promise<any[]> {
    const rows = await sut.dataSource.query('SELECT payload FROM outbox_events WHERE hds_id = $1 AND type = $2 ORDER BY created_at', [tenant.hds.id, type]);
    return rows.map((r: { payload: unknown }) => r.payload);
  }

  const as = (key: string) => gps[key].token;

  beforeAll(async () => {
    sut = await startApi();
    call = client(sut.url);
    tenant = await createTenant(sut);
    base = `/hds/${tenant.hds.id}`;
    tables = await loadTariffTables(resolve(process.cwd(), 'config/tariffs'));
    postId = (await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { code: 'HAP-M', name: 'HAP Markt' } })).body.id;
    for (const key of ['A', 'B', 'C', 'D']) await addGp(key);
    await addGp('E', [Qualification.Visite]);
    periodId = (await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'markt', startDate: day(0), endDate: day(40) } })).body.id;
    await addShift('s1', `${day(10)}T17:00`, `${day(10)}T23:00`, 1, ['A']);
    await addShift('s2', `${day(12)}T17:00`, `${day(12)}T23:00`, 1, ['B']);
    await addShift('s3', `${day(14)}T23:00`, `${day(15)}T08:00`, 2);
    await addShift('s4', `${day(16)}T17:00`, `${day(16)}T23:00`, 1);
    await addShift('s5', `${day(20)}T17:00`, `${day(20)}T23:00`, 1, ['C']);
    await addShift('s6', `${day(10)}T18:00`, `${day(10)}T22:00`, 1);
    await addShift('s7', `${day(22)}T17:00`, `${day(22)}T23:00`, 1, ['D']);
    await addShift('s8', `${day(24)}T17:00`, `${day(24)}T23:00`, 1, ['A']);
    expect((await call('POST', `${base}/periods/${periodId}/publish`, { token: tenant.tokens.planner })).status).toBe(200);
  });
  afterAll(async () => {
    await sut.close();
  });

  it('lists the open diensten a GP may take, with their pay, and only those they are qualified and free for', async () => {
    const res = await call('GET', `${base}/marketplace/open`, { token: as('A') });
    expect(res.status).toBe(200);
    // s6 overlaps A's own s1: not offered to A.
    expect(res.body.items.map((i: any) => i.shift.code)).toEqual(['s3', 's4']);
    const night = res.body.items[0];
    expect(night).toMatchObject({ openPositions: 2, offers: [], needsApproval: false, shift: { id: s.s3.id, hours: s.s3.hours } });
    expect(night.tariff).toEqual(quoteShift({ startAt: new Date(s.s3.startAt), endAt: new Date(s.s3.endAt), role: 'consult', code: 's3' }, tables, '17:00'));
    expect(night.tariff.cents === null || night.tariff.cents > 0).toBe(true);
    // B is free on day 10: sees s6 too.
    expect((await call('GET', `${base}/marketplace/open`, { token: as('B') })).body.items.map((i: any) => i.shift.code)).toEqual(['s6', 's3', 's4']);
    // E is qualified for visite only.
    expect((await call('GET', `${base}/marketplace/open`, { token: as('E') })).body.items).toEqual([]);
    // Cursor pages.
    const first = await call('GET', `${base}/marketplace/open?limit=1`, { token: as('B') });
    expect(first.body.items.map((i: any) => i.shift.code)).toEqual(['s6']);
    const second = await call('GET', `${base}/marketplace/open?limit=2&cursor=${first.body.nextCursor}`, { token: as('B') });
    expect(second.body.items.map((i: any) => i.shift.code)).toEqual(['s3', 's4']);
    expect((await call('GET', `${base}/marketplace/open?cursor=rommel`, { token: as('B') })).status).toBe(400);
    // A planner looks on a GP's behalf; a GP may not look at another's.
    expect((await call('GET', `${base}/marketplace/open?gpId=${gps.B.id}`, { token: tenant.tokens.planner })).body.items).toHaveLength(3);
    expect((await call('GET', `${base}/marketplace/open?gpId=${gps.B.id}`, { token: as('A') })).status).toBe(403);
  });

  it('completes a claim on an open position at once, and the next claimant gets a clear 409', async () => {
    const versionsBefore = (await call('GET', `${base}/periods/${periodId}/versions`, { token: tenant.tokens.planner })).body.length;
    const won = await call('POST', `${base}/marketplace/claims`, { token: as('D'), body: { shiftId: s.s4.id } });
    expect(won.status).toBe(201);
    expect(won.body).toMatchObject({ status: 'completed', gpId: gps.D.id, fromGpId: null, shiftId: s.s4.id });
    expect(won.body.undoUntil).not.toBeNull();
    expect(await holders(s.s4.id)).toEqual([gps.D.id]);
    const late = await call('POST', `${base}/marketplace/claims`, { token: as('C'), body: { shiftId: s.s4.id } });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('shift_full');
    expect(late.headers.get('content-type')).toContain('application/problem+json');
    // Calendars see the change; the trade is no roster version; the audit and the outbox have it.
    const shift = await call('GET', `${base}/shifts/${s.s4.id}`, { token: tenant.tokens.planner });
    expect(shift.body.revision).toBe(s.s4.revision + 1);
    expect((await call('GET', `${base}/periods/${periodId}/versions`, { token: tenant.tokens.planner })).body.length).toBe(versionsBefore);
    expect(await events('claim.won')).toContainEqual(expect.objectContaining({ claimId: won.body.id, shiftId: s.s4.id, gpId: gps.D.id, toGpId: gps.D.id }));
    const [audit] = await sut.dataSource.query("SELECT action FROM audit_records WHERE hds_id = $1 AND entity_id = $2", [tenant.hds.id, won.body.id]);
    expect(audit.action).toBe('claim.won');
    const [src] = await sut.dataSource.query('SELECT source FROM assignments WHERE shift_id = $1 AND removed_at IS NULL', [s.s4.id]);
    expect(src.source).toBe('trade');
  });

  it('refuses a claim that breaks a hard rule, naming the rule in Dutch, and changes nothing', async () => {
    const auditBefore = await sut.dataSource.query('SELECT count(*)::int AS n FROM audit_records WHERE hds_id = $1', [tenant.hds.id]);
    const overlap = await call('POST', `${base}/marketplace/claims`, { token: as('A'), body: { shiftId: s.s6.id } });
    expect(overlap.status).toBe(422);
    expect(overlap.body.code).toBe('rule_violation');
    expect(overlap.body.detail).toBe('Dr. A: overlapt met een andere dienst van deze huisarts');
    expect(overlap.body.errors).toEqual([{ field: 'overlap', message: 'overlapt met een andere dienst van deze huisarts' }]);
    const unqualified = await call('POST', `${base}/marketplace/claims`, { token: as('E'), body: { shiftId: s.s3.id } });
    expect(unqualified.status).toBe(422);
    expect(unqualified.body.detail).toMatch(/niet bevoegd voor de rol consult/);
    const bothFields = await call('POST', `${base}/marketplace/claims`, { token: as('D'), body: { shiftId: s.s3.id, offerId: randomUUID() } });
    expect(bothFields.status).toBe(400);
    const other = await call('POST', `${base}/marketplace/claims`, { token: as('A'), body: { shiftId: s.s3.id, gpId: gps.B.id } });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('not_your_gp_record');
    const noReason = await call('POST', `${base}/marketplace/claims`, { token: tenant.tokens.planner, body: { shiftId: s.s3.id, gpId: gps.B.id } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('on_behalf_reason_required');
    const unknown = await call('POST', `${base}/marketplace/claims`, { token: as('A'), body: { shiftId: randomUUID() } });
    expect(unknown.status).toBe(404);
    const auditAfter = await sut.dataSource.query('SELECT count(*)::int AS n FROM audit_records WHERE hds_id = $1', [tenant.hds.id]);
    expect(auditAfter[0].n).toBe(auditBefore[0].n);
    // A planner may claim for a GP, with a reason.
    const onBehalf = await call('POST', `${base}/marketplace/claims`, { token: tenant.tokens.planner, body: { shiftId: s.s3.id, gpId: gps.B.id, reason: 'telefonisch gevraagd' } });
    expect(onBehalf.status).toBe(201);
    expect(onBehalf.body).toMatchObject({ status: 'completed', gpId: gps.B.id, reason: 'telefonisch gevraagd' });
  });

  it('refuses trades in a period that is not published', async () => {
    const draft = await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'concept', startDate: day(50), endDate: day(55) } });
    const shift = await call('POST', `${base}/periods/${draft.body.id}/shifts`, { token: tenant.tokens.planner, body: { postId, role: 'consult', start: `${day(51)}T17:00`, end: `${day(51)}T23:00`, required: 1 } });
    const res = await call('POST', `${base}/marketplace/claims`, { token: as('C'), body: { shiftId: shift.body.id } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('period_not_tradable');
  });

  it('offers a dienst to a named colleague: others may not claim it, the colleague takes it over', async () => {
    const past = await call('POST', `${base}/marketplace/offers`, { token: as('A'), body: { shiftId: s.s1.id, deadline: new Date(Date.now() - 60_000).toISOString() } });
    expect(past.status).toBe(400);
    expect(past.body.code).toBe('deadline_invalid');
    expect((await call('POST', `${base}/marketplace/offers`, { token: as('C'), body: { shiftId: s.s1.id } })).body.code).toBe('not_on_shift');
    const deadline = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const offer = await call('POST', `${base}/marketplace/offers`, { token: as('A'), body: { shiftId: s.s1.id, gpIds: [gps.B.id], deadline } });
    expect(offer.status).toBe(201);
    expect(offer.body).toMatchObject({ status: 'open', audience: 'named', namedGpIds: [gps.B.id], deadline, gpId: gps.A.id });
    expect((await call('POST', `${base}/marketplace/offers`, { token: as('A'), body: { shiftId: s.s1.id } })).body.code).toBe('offer_exists');
    expect(await events('offer.created')).toContainEqual(expect.objectContaining({ offerId: offer.body.id, shiftId: s.s1.id, fromGpId: gps.A.id, gpIds: [gps.B.id] }));
    // B sees it among the open diensten, C does not.
    const open = await call('GET', `${base}/marketplace/open`, { token: as('B') });
    expect(open.body.items.find((i: any) => i.shift.id === s.s1.id)).toMatchObject({ openPositions: 0, offers: [{ id: offer.body.id, fromGpId: gps.A.id, deadline }] });
    expect((await call('GET', `${base}/marketplace/open`, { token: as('C') })).body.items.find((i: any) => i.shift.id === s.s1.id)).toBeUndefined();
    const c = await call('POST', `${base}/marketplace/claims`, { token: as('C'), body: { offerId: offer.body.id } });
    expect(c.status).toBe(403);
    expect(c.body.code).toBe('not_offered_to_you');
    const own = await call('POST', `${base}/marketplace/claims`, { token: as('A'), body: { offerId: offer.body.id } });
    expect(own.body.code).toBe('already_on_shift');
    const b = await call('POST', `${base}/marketplace/claims`, { token: as('B'), body: { offerId: offer.body.id } });
    expect(b.status).toBe(201);
    expect(b.body).toMatchObject({ status: 'completed', gpId: gps.B.id, fromGpId: gps.A.id, offerId: offer.body.id });
    expect(await holders(s.s1.id)).toEqual([gps.B.id]);
    expect(await events('claim.won')).toContainEqual(expect.objectContaining({ claimId: b.body.id, fromGpId: gps.A.id, toGpId: gps.B.id, gpId: gps.B.id }));
    const offers = await call('GET', `${base}/marketplace/offers?state=history`, { token: as('A') });
    expect(offers.body.items.map((o: any) => [o.id, o.status])).toEqual([[offer.body.id, 'taken']]);
    const again = await call('POST', `${base}/marketplace/claims`, { token: as('D'), body: { offerId: offer.body.id } });
    expect(again.status).toBe(403);
  });

  it('withdraws an offer, after which it cannot be claimed', async () => {
    const offer = await call('POST', `${base}/marketplace/offers`, { token: as('C'), body: { shiftId: s.s5.id } });
    expect(offer.body.audience).toBe('all');
    expect((await events('offer.created')).find((e) => e.offerId === offer.body.id).gpIds).toBeUndefined();
    expect((await call('GET', `${base}/marketplace/open`, { token: as('D') })).body.items.find((i: any) => i.shift.id === s.s5.id).offers).toHaveLength(1);
    expect((await call('POST', `${base}/marketplace/offers/${offer.body.id}/withdraw`, { token: as('D'), body: {} })).status).toBe(403);
    const withdrawn = await call('POST', `${base}/marketplace/offers/${offer.body.id}/withdraw`, { token: as('C'), body: {} });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(await events('offer.withdrawn')).toContainEqual(expect.objectContaining({ offerId: offer.body.id, shiftId: s.s5.id, fromGpId: gps.C.id }));
    const late = await call('POST', `${base}/marketplace/claims`, { token: as('D'), body: { offerId: offer.body.id } });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('offer_closed');
    expect(await holders(s.s5.id)).toEqual([gps.C.id]);
  });

  it('refuses a claim on an offer past its deadline', async () => {
    const offer = await call('POST', `${base}/marketplace/offers`, { token: as('C'), body: { shiftId: s.s5.id, deadline: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(offer.status).toBe(201);
    await sut.dataSource.query("UPDATE market_offers SET deadline = now() - interval '1 minute' WHERE id = $1", [offer.body.id]);
    expect((await call('GET', `${base}/marketplace/open`, { token: as('D') })).body.items.find((i: any) => i.shift.id === s.s5.id)).toBeUndefined();
    const late = await call('POST', `${base}/marketplace/claims`, { token: as('D'), body: { offerId: offer.body.id } });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('offer_expired');
    const mine = await call('GET', `${base}/marketplace/offers?state=pending`, { token: as('C') });
    expect(mine.body.items).toEqual([expect.objectContaining({ id: offer.body.id, status: 'open', expired: true })]);
    expect((await call('POST', `${base}/marketplace/offers/${offer.body.id}/withdraw`, { token: as('C'), body: {} })).body.status).toBe('withdrawn');
  });

  it('swaps 1:1 when the other GP accepts, re-checking both GPs', async () => {
    // C holds s5, D holds s7.
    expect((await call('POST', `${base}/marketplace/swaps`, { token: as('C'), body: { shiftId: s.s5.id, otherShiftId: s.s7.id, toGpId: gps.A.id } })).body.code).toBe('not_on_shift');
    const proposed = await call('POST', `${base}/marketplace/swaps`, { token: as('C'), body: { shiftId: s.s5.id, otherShiftId: s.s7.id, toGpId: gps.D.id } });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'proposed', fromGpId: gps.C.id, toGpId: gps.D.id });
    expect(await events('swap.proposed')).toContainEqual(expect.objectContaining({ swapId: proposed.body.id, shiftId: s.s5.id, otherShiftId: s.s7.id, fromGpId: gps.C.id, toGpId: gps.D.id }));
    expect((await call('POST', `${base}/marketplace/swaps`, { token: as('C'), body: { shiftId: s.s5.id, otherShiftId: s.s7.id, toGpId: gps.D.id } })).body.code).toBe('swap_exists');
    // Only D may accept.
    expect((await call('POST', `${base}/marketplace/swaps/${proposed.body.id}/accept`, { token: as('C'), body: {} })).status).toBe(403);
    const received = await call('GET', `${base}/marketplace/swaps?state=pending`, { token: as('D') });
    expect(received.body.items.map((x: any) => x.id)).toEqual([proposed.body.id]);
    expect(received.body.items[0].fromShift.id).toBe(s.s5.id);
    const accepted = await call('POST', `${base}/marketplace/swaps/${proposed.body.id}/accept`, { token: as('D'), body: {} });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('completed');
    expect(await holders(s.s5.id)).toEqual([gps.D.id]);
    expect(await holders(s.s7.id)).toEqual([gps.C.id]);
    expect(await events('swap.accepted')).toContainEqual(expect.objectContaining({ swapId: proposed.body.id, fromGpId: gps.C.id, toGpId: gps.D.id, shiftIds: [s.s5.id, s.s7.id] }));
    expect((await call('POST', `${base}/marketplace/swaps/${proposed.body.id}/accept`, { token: as('D'), body: {} })).body.code).toBe('swap_not_open');
  });

  it('refuses a swap that breaks a rule for either GP, and lets the other GP decline', async () => {
    // A holds s8 (day 24); B holds s1 (day 10, 17–23, taken over from A) and s2 (day 12). A takes the open s6 (day 10, 18–22).
    const a6 = await call('POST', `${base}/marketplace/claims`, { token: as('A'), body: { shiftId: s.s6.id } });
    expect(a6.status).toBe(201);
    // B proposes s1 (day 10, 17–23) for A's s8: A would overlap s6 with s1.
    const bad = await call('POST', `${base}/marketplace/swaps`, { token: as('B'), body: { shiftId: s.s1.id, otherShiftId: s.s8.id, toGpId: gps.A.id } });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toBe('Dr. A: overlapt met een andere dienst van deze huisarts');
    const ok = await call('POST', `${base}/marketplace/swaps`, { token: as('B'), body: { shiftId: s.s2.id, otherShiftId: s.s8.id, toGpId: gps.A.id } });
    expect(ok.status).toBe(201);
    const declined = await call('POST', `${base}/marketplace/swaps/${ok.body.id}/decline`, { token: as('A'), body: { reason: 'die week op vakantie' } });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', decisionReason: 'die week op vakantie' });
    expect(await events('swap.declined')).toContainEqual(expect.objectContaining({ swapId: ok.body.id, fromGpId: gps.B.id, toGpId: gps.A.id, reason: 'die week op vakantie' }));
    expect(await holders(s.s2.id)).toEqual([gps.B.id]);
    // A withdrawn proposal cannot be accepted.
    const again = await call('POST', `${base}/marketplace/swaps`, { token: as('B'), body: { shiftId: s.s2.id, otherShiftId: s.s8.id, toGpId: gps.A.id } });
    expect((await call('POST', `${base}/marketplace/swaps/${again.body.id}/withdraw`, { token: as('B'), body: {} })).body.status).toBe('withdrawn');
    expect((await call('POST', `${base}/marketplace/swaps/${again.body.id}/accept`, { token: as('A'), body: {} })).status).toBe(409);
  });

  it('undoes a completed trade within the window, once, and not after the window', async () => {
    // The swap of s5/s7 (C↔D) is completed: undo by C.
    const [swap] = await sut.dataSource.query("SELECT id FROM market_swaps WHERE hds_id = $1 AND status = 'completed'", [tenant.hds.id]);
    const undone = await call('POST', `${base}/marketplace/swaps/${swap.id}/undo`, { token: as('C'), body: {} });
    expect(undone.status).toBe(200);
    expect(undone.body.status).toBe('undone');
    expect(await holders(s.s5.id)).toEqual([gps.C.id]);
    expect(await holders(s.s7.id)).toEqual([gps.D.id]);
    expect(await events('trade.undone')).toContainEqual(expect.objectContaining({ swapId: swap.id, shiftIds: [s.s5.id, s.s7.id] }));
    expect((await call('POST', `${base}/marketplace/swaps/${swap.id}/undo`, { token: as('C'), body: {} })).status).toBe(409);
    // A claim on an offer goes back to the offerer; a stranger may not undo it.
    const [claim] = await sut.dataSource.query('SELECT id FROM market_claims WHERE hds_id = $1 AND shift_id = $2 AND status = $3', [tenant.hds.id, s.s1.id, 'completed']);
    expect((await call('POST', `${base}/marketplace/claims/${claim.id}/undo`, { token: as('D'), body: {} })).body.code).toBe('not_your_trade');
    // A now works s6 (day 10 18–22): taking s1 back would overlap.
    const blocked = await call('POST', `${base}/marketplace/claims/${claim.id}/undo`, { token: as('B'), body: {} });
    expect(blocked.status).toBe(422);
    expect(blocked.body.detail).toMatch(/^Dr\. A: overlapt/);
    // Past the window.
    const [d4] = await sut.dataSource.query('SELECT id FROM market_claims WHERE hds_id = $1 AND shift_id = $2', [tenant.hds.id, s.s4.id]);
    await sut.dataSource.query("UPDATE market_claims SET completed_at = now() - interval '2 hours' WHERE id = $1", [d4.id]);
    const late = await call('POST', `${base}/marketplace/claims/${d4.id}/undo`, { token: as('D'), body: {} });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('undo_window_passed');
    // Undoing the claim of an open position opens it again.
    const [b3] = await sut.dataSource.query('SELECT id FROM market_claims WHERE hds_id = $1 AND shift_id = $2 AND gp_id = $3', [tenant.hds.id, s.s3.id, gps.B.id]);
    const reopened = await call('POST', `${base}/marketplace/claims/${b3.id}/undo`, { token: as('B'), body: {} });
    expect(reopened.status).toBe(200);
    expect(await holders(s.s3.id)).toEqual([]);
    // The GP's claims, with their history.
    const history = await call('GET', `${base}/marketplace/claims?state=history`, { token: as('B') });
    expect(history.body.items.map((c: any) => c.status).sort()).toEqual(['completed', 'undone']);
    expect(history.body.total).toBe(2);
  });
});
