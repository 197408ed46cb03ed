import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { DateTime } from 'luxon';
import { Role } from '@anw/identity';
import { Qualification, ShiftEntity } from '@anw/rosters';
import { parseLocal } from '@anw/time';
import { client, type Reply } from '../support/http.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';

const zone = 'Europe/Amsterdam';
const day = (n: number): string => DateTime.now().setZone(zone).plus({ days: n }).toISODate() as string;

const GP_COUNT = 120;
/** Hot diensten everyone wants at once (20 claimants each): 10 positions in all. */
const HOT_REQUIRED = [1, 1, 2, 2, 3, 1];
/** Time slots with three diensten at three posts at the same time: a GP can work only one of them. */
const SLOTS = 8;
const SLOT_GPS = 30;
/** GPs who each hold one dienst and are asked to swap it in two proposals. */
const SWAP_GPS = 30;

/**
 * Hundreds of concurrent claims and swap acceptances over HTTP against the real API and
 * PostgreSQL, then SQL over the result: exactly as many winners as positions, a clear 409 for the
 * rest, no dienst above `required`, no GP on two overlapping diensten, and every winner with its
 * audit record and outbox event.
 */
describe('marketplace under contention (int: HTTP, PostgreSQL)', () => {
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let tenant: TestTenant;
  let base: string;
  const gps: { id: string; token: string }[] = [];
  const hot: { id: string; required: number }[] = [];
  const slots: string[][] = [];
  const swapShifts: string[] = [];
  const swapIds: string[] = [];

  let periodId: string;
  const rows: Pick<ShiftEntity, 'hdsId' | 'periodId' | 'postId' | 'code' | 'role' | 'localDate' | 'startAt' | 'endAt' | 'required'>[] = [];
  const plan = (postId: string, date: string, from: string, to: string, required: number): number => {
    const startAt = new Date(parseLocal(`${date}T${from}`));
    rows.push({ hdsId: tenant.hds.id, periodId, postId, code: 'X', role: Qualification.Consult, localDate: date, startAt, endAt: new Date(parseLocal(`${date}T${to}`)), required });
    return rows.length - 1;
  };

  beforeAll(async () => {
    sut = await startApi();
    call = client(sut.url);
    tenant = await createTenant(sut);
    base = `/hds/${tenant.hds.id}`;
    const ds = sut.dataSource;
    const jwt = sut.app.get(JwtService);
    // GPs, their user accounts and tokens, in bulk.
    const gpIds = ((await ds.query(
      `INSERT INTO gps (hds_id, kind, name, email, qualifications)
       SELECT $1, 'locum', 'Huisarts ' || i, 'gp' || i || '-' || $2 || '@test.anw', '{consult}' FROM generate_series(1, $3) i RETURNING id`,
      [tenant.hds.id, randomUUID(), GP_COUNT],
    )) as { id: string }[]).map((r) => r.id);
    const userIds = ((await ds.query(
      `INSERT INTO users (email, display_name, password_hash) SELECT 'u' || i || '-' || $1 || '@test.anw', 'GP', 'x' FROM generate_series(1, $2) i RETURNING id`,
      [randomUUID(), GP_COUNT],
    )) as { id: string }[]).map((r) => r.id);
    await ds.query('INSERT INTO memberships (user_id, role, hds_id, gp_id) SELECT u, $1, $2, g FROM unnest($3::uuid[], $4::uuid[]) AS t(u, g)', [Role.Gp, tenant.hds.id, userIds, gpIds]);
    for (const [i, id] of gpIds.entries()) gps.push({ id, token: await jwt.signAsync({ sub: userIds[i] }) });

    const posts: string[] = [];
    for (const code of ['P1', 'P2', 'P3']) posts.push((await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { code, name: `Post ${code}` } })).body.id);
    periodId = (await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'drukte', startDate: day(0), endDate: day(80) } })).body.id;
    const hotRows = HOT_REQUIRED.map((required, i) => plan(posts[0], day(3 + i), '17:00', '23:00', required));
    const slotRows = Array.from({ length: SLOTS }, (_, k) => [plan(posts[0], day(12 + 2 * k), '17:00', '23:00', 1), plan(posts[1], day(12 + 2 * k), '18:00', '23:00', 1), plan(posts[2], day(12 + 2 * k), '16:00', '22:00', 1)]);
    const swapRows = Array.from({ length: SWAP_GPS }, (_, i) => plan(posts[i % 3], day(35 + i), '17:00', '23:00', 1));
    const ids = (await ds.getRepository(ShiftEntity).insert(rows)).identifiers.map((x) => x.id as string);
    hot.push(...hotRows.map((r, i) => ({ id: ids[r], required: HOT_REQUIRED[i] })));
    slots.push(...slotRows.map((slot) => slot.map((r) => ids[r])));
    swapShifts.push(...swapRows.map((r) => ids[r]));
    const swappers = gps.slice(GP_COUNT - SWAP_GPS);
    await ds.query("INSERT INTO assignments (hds_id, shift_id, gp_id, source) SELECT $1, s, g, 'planner' FROM unnest($2::uuid[], $3::uuid[]) AS t(s, g)", [tenant.hds.id, swapShifts, swappers.map((g) => g.id)]);
    expect((await call('POST', `${base}/periods/${periodId}/publish`, { token: tenant.tokens.planner })).status).toBe(200);
    // Each swapper proposes their dienst to the next two (all at once): every dienst sits in three proposals.
    const proposals = await Promise.all(
      Array.from({ length: SWAP_GPS * 2 }, (_, n) => {
        const i = Math.floor(n / 2);
        const j = (i + 1 + (n % 2)) % SWAP_GPS;
        return call('POST', `${base}/marketplace/swaps`, { token: swappers[i].token, body: { shiftId: swapShifts[i], otherShiftId: swapShifts[j], toGpId: swappers[j].id } });
      }),
    );
    expect(proposals.map((p) => p.status)).toEqual(proposals.map(() => 201));
    swapIds.push(...proposals.map((p) => p.body.id));
  });
  afterAll(async () => {
    await sut.close();
  });

  it('gives every open position exactly one winner and never double-books a GP', async () => {
    type Tagged = { kind: 'hot' | 'slot' | 'swap'; target: string; gp: string; reply: Reply };
    const jobs: (() => Promise<Tagged>)[] = [];
    // Every GP wants one hot dienst.
    for (const [i, gp] of gps.entries()) {
      const target = hot[i % hot.length].id;
      jobs.push(async () => ({ kind: 'hot', target, gp: gp.id, reply: await call('POST', `${base}/marketplace/claims`, { token: gp.token, body: { shiftId: target } }) }));
    }
    // 30 GPs claim all three diensten of two slots each: only one per slot may stick.
    for (const [i, gp] of gps.slice(0, SLOT_GPS).entries()) {
      for (const k of [i % SLOTS, (i + 3) % SLOTS]) {
        for (const target of slots[k]) jobs.push(async () => ({ kind: 'slot', target, gp: gp.id, reply: await call('POST', `${base}/marketplace/claims`, { token: gp.token, body: { shiftId: target } }) }));
      }
    }
    // All 60 swap proposals accepted at once: each dienst can change hands once.
    const swappers = gps.slice(GP_COUNT - SWAP_GPS);
    for (const [n, swapId] of swapIds.entries()) {
      const i = Math.floor(n / 2);
      const j = (i + 1 + (n % 2)) % SWAP_GPS;
      jobs.push(async () => ({ kind: 'swap', target: swapId, gp: swappers[j].id, reply: await call('POST', `${base}/marketplace/swaps/${swapId}/accept`, { token: swappers[j].token, body: {} }) }));
    }
    // Interleave the kinds so claims and swaps really run side by side.
    for (let i = jobs.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [jobs[i], jobs[j]] = [jobs[j], jobs[i]];
    }
    const started = Date.now();
    const results = await Promise.all(jobs.map((job) => job()));
    const elapsed = Date.now() - started;
    expect(results.length).toBe(GP_COUNT + SLOT_GPS * 6 + SWAP_GPS * 2);

    // No server errors (a deadlock or a constraint violation would be a 500).
    expect(results.filter((r) => r.reply.status >= 500).map((r) => r.reply.text)).toEqual([]);

    // Hot diensten: exactly `required` winners each; everyone else a 409 saying the dienst is full.
    for (const h of hot) {
      const mine = results.filter((r) => r.kind === 'hot' && r.target === h.id);
      expect(mine.filter((r) => r.reply.status === 201)).toHaveLength(h.required);
      const losers = mine.filter((r) => r.reply.status !== 201);
      expect(new Set(losers.map((r) => `${r.reply.status} ${(r.reply.body as { code: string }).code}`))).toEqual(new Set(['409 shift_full']));
    }

    // Slots: each dienst filled exactly once; a GP never on two diensten of one slot; refusals are 409 (full) or 422 (overlap).
    const slotResults = results.filter((r) => r.kind === 'slot');
    for (const ids of slots) for (const id of ids) expect(slotResults.filter((r) => r.target === id && r.reply.status === 201)).toHaveLength(1);
    const refusals = new Set(slotResults.filter((r) => r.reply.status !== 201).map((r) => `${r.reply.status} ${(r.reply.body as { code: string }).code}`));
    for (const refusal of refusals) expect(['409 shift_full', '422 rule_violation']).toContain(refusal);

    // Swaps: some complete; the others lose cleanly with a 409.
    const swapResults = results.filter((r) => r.kind === 'swap');
    expect(swapResults.filter((r) => r.reply.status === 200).length).toBeGreaterThan(0);
    for (const r of swapResults.filter((x) => x.reply.status !== 200)) {
      expect(r.reply.status).toBe(409);
      expect(['swap_stale', 'swap_not_open']).toContain((r.reply.body as { code: string }).code);
    }

    // And the database agrees.
    const ds = sut.dataSource;
    const over = await ds.query(
      `SELECT s.id FROM shifts s JOIN assignments a ON a.shift_id = s.id AND a.removed_at IS NULL
        WHERE s.hds_id = $1 GROUP BY s.id HAVING count(*) > max(s.required)`,
      [tenant.hds.id],
    );
    expect(over).toEqual([]);
    const doubleBooked = await ds.query(
      `SELECT a1.gp_id, s1.id AS one, s2.id AS other
         FROM assignments a1 JOIN shifts s1 ON s1.id = a1.shift_id
         JOIN assignments a2 ON a2.gp_id = a1.gp_id AND a2.id <> a1.id AND a2.removed_at IS NULL
         JOIN shifts s2 ON s2.id = a2.shift_id
        WHERE a1.hds_id = $1 AND a1.removed_at IS NULL AND s1.removed_at IS NULL AND s2.removed_at IS NULL
          AND s1.start_at < s2.end_at AND s2.start_at < s1.end_at`,
      [tenant.hds.id],
    );
    expect(doubleBooked).toEqual([]);
    // Swaps are 1:1: every swapper still holds exactly one of the swap diensten, each held once.
    const holdings = await ds.query(
      `SELECT a.gp_id, count(*)::int AS n FROM assignments a WHERE a.shift_id = ANY($1::uuid[]) AND a.removed_at IS NULL GROUP BY a.gp_id`,
      [swapShifts],
    );
    expect(holdings).toHaveLength(SWAP_GPS);
    expect(holdings.every((h: { n: number }) => h.n === 1)).toBe(true);
    expect(new Set(holdings.map((h: { gp_id: string }) => h.gp_id))).toEqual(new Set(swappers.map((g) => g.id)));
    // Every winner has its trade row, its audit record and its outbox event; the audit chain stayed one chain.
    const won = results.filter((r) => r.reply.status === 201).length;
    const swapped = swapResults.filter((r) => r.reply.status === 200).length;
    const [counts] = await ds.query(
      `SELECT (SELECT count(*)::int FROM market_claims WHERE hds_id = $1 AND status = 'completed') AS claims,
              (SELECT count(*)::int FROM market_swaps WHERE hds_id = $1 AND status = 'completed') AS swaps,
              (SELECT count(*)::int FROM outbox_events WHERE hds_id = $1 AND type = 'claim.won') AS won_events,
              (SELECT count(*)::int FROM outbox_events WHERE hds_id = $1 AND type = 'swap.accepted') AS swap_events,
              (SELECT count(*)::int FROM audit_records WHERE hds_id = $1 AND action IN ('claim.won', 'swap.accepted')) AS audits,
              (SELECT count(*)::int FROM assignments WHERE hds_id = $1 AND source = 'trade' AND removed_at IS NULL) AS trade_assignments,
              (SELECT count(DISTINCT seq)::int = count(*)::int AND max(seq) = count(*) FROM audit_records WHERE hds_id = $1) AS chain_ok`,
      [tenant.hds.id],
    );
    expect(counts).toEqual({ claims: won, swaps: swapped, won_events: won, swap_events: swapped, audits: won + swapped, trade_assignments: won + 2 * swapped, chain_ok: true });
    process.stdout.write(`contention: ${results.length} requests in ${elapsed} ms: ${won} claims won, ${swapped} swaps completed\n`);
  });

  // A refusal inside a trade's transaction rolls it back and hands its connection back outside a transaction.
  it('hands every connection back outside a transaction after refusals', async () => {
    const ds = sut.dataSource;
    const unknown = await Promise.all(gps.slice(0, 40).map((gp) => call('POST', `${base}/marketplace/claims`, { token: gp.token, body: { shiftId: randomUUID() } })));
    expect(new Set(unknown.map((r) => `${r.status} ${(r.body as { code: string }).code}`))).toEqual(new Set(['404 shift_not_found']));
    const [open] = (await ds.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'")) as { n: number }[];
    expect(open.n).toBe(0);
    // And the same connections carry the next trades: the first of ten claims on a fresh dienst wins, the rest are told it is full.
    const fresh = (await ds.query(
      `INSERT INTO shifts (hds_id, period_id, post_id, code, role, local_date, start_at, end_at, required)
       SELECT hds_id, period_id, post_id, 'Y', role, local_date + 60, start_at + interval '60 days', end_at + interval '60 days', 1 FROM shifts WHERE id = $1 RETURNING id`,
      [hot[0].id],
    )) as { id: string }[];
    const claims = await Promise.all(gps.slice(40, 50).map((gp) => call('POST', `${base}/marketplace/claims`, { token: gp.token, body: { shiftId: fresh[0].id } })));
    expect(claims.filter((r) => r.status === 201)).toHaveLength(1);
    expect(claims.filter((r) => r.status === 409).map((r) => (r.body as { code: string }).code)).toEqual(Array(9).fill('shift_full'));
  });
});
