import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditTrail, verifyChain, type ChainLink, type ChangeContext } from '@anw/audit';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';

/**
 * Every audited change links its records in one statement (audit_append: the chain's lock, the
 * head read under it, the hashes computed as chainHash does), in the change's own transaction.
 * With two processes writing at once, rollbacks and a failing append,
 * the chain must stay whole, in commit order, with exactly the committed changes' events.
 */
describe(`${AuditTrail.name}.change and changes (int: PostgreSQL), as rosters and trades use them`, () => {
  let app: TestApp;
  let tenant: TestTenant;
  let ctx: ChangeContext;

  beforeAll(async () => {
    app = await startApi();
    tenant = await createTenant(app);
    ctx = { hdsId: tenant.hds.id, actorUserId: null, requestId: 'int-audit-chain' };
  });

  afterAll(async () => {
    await app?.close();
  });

  const links = async (): Promise<ChainLink[]> =>
    (
      (await app.dataSource.query(
        `SELECT id, hds_id, seq, actor_user_id, action, entity_type, entity_id, before, after, reason, at, prev_hash, hash
           FROM audit_records WHERE hds_id = $1 ORDER BY seq`,
        [ctx.hdsId],
      )) as { id: string; hds_id: string; seq: number; actor_user_id: string | null; action: string; entity_type: string; entity_id: string; before: unknown; after: unknown; reason: string | null; at: Date; prev_hash: string; hash: string }[]
    ).map((r) => ({ id: r.id, hdsId: r.hds_id, seq: r.seq, actorUserId: r.actor_user_id, action: r.action, entityType: r.entity_type, entityId: r.entity_id, before: r.before, after: r.after, reason: r.reason, at: r.at, prevHash: r.prev_hash, hash: r.hash }));

  it('keeps one whole chain across two processes, concurrent writers and a rollback', async () => {
    const before = (await links()).length;
    // Two AuditTrails: two API processes, each with its own guess of the head.
    const processes = [new AuditTrail(), new AuditTrail()];
    const write = (sut: AuditTrail, n: number, fail = false): Promise<void> =>
      app.dataSource.transaction(async (m) => {
        await sut.changes(
          m,
          ctx,
          [
            { action: 'test.first', entityType: 'test', entityId: `${n}`, after: { n, nested: { b: 1, a: [1, 'twee'] } } },
            { action: 'test.second', entityType: 'test', entityId: `${n}`, before: { n }, reason: 'reden' },
          ],
          [{ type: 'test.written', payload: { n } }],
        );
        if (fail) throw new Error('teruggedraaid');
      });
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, n) => write(processes[n % 3 === 0 ? 1 : 0], n, n % 7 === 3)));
    const failed = outcomes.filter((o) => o.status === 'rejected').length;
    expect(failed).toBe(6);
    // After the rollbacks and the other process, the guesses are stale: later writes still link on.
    await write(processes[0], 100);
    await write(processes[1], 101);

    const chain = await links();
    expect(chain.length - before).toBe((40 - failed + 2) * 2);
    expect(chain.every((l, n) => l.seq === n + 1)).toBe(true);
    expect(verifyChain(chain)).toEqual(expect.objectContaining({ ok: true, checked: chain.length }));
    const second = chain.find((l) => l.action === 'test.second' && l.entityId === '100');
    expect(second).toEqual(expect.objectContaining({ before: { n: 100 }, after: null, reason: 'reden' }));
    const events = (await app.dataSource.query("SELECT count(*)::int AS n FROM outbox_events WHERE hds_id = $1 AND type = 'test.written'", [ctx.hdsId])) as { n: number }[];
    expect(events[0].n).toBe(40 - failed + 2);
  });

  it('commits the records, the events and the other writes of a trade\'s ordinary transaction together, or none of them', async () => {
    const before = (await links()).length;
    const trail = new AuditTrail();
    const trade = (n: number, breaks: 'append' | 'own write' | null): Promise<void> =>
      app.dataSource.transaction(async (m) => {
        // A write of the trade itself, before its trail or after it; without a type it breaks (NOT NULL).
        const own = (): Promise<unknown> => m.query('INSERT INTO outbox_events (hds_id, type, payload) VALUES ($1, $2, $3)', [ctx.hdsId, breaks === 'own write' ? null : 'test.own-write', JSON.stringify({ n })]);
        if (n % 2 === 0) await own();
        const entry = { action: 'test.trade', entityType: 'test', entityId: `t${n}`, after: { n, tekst: 'één \\ \'quote\' $1 “x”' } };
        // An entry without an action breaks the append (NOT NULL) after the events were inserted.
        await trail.change(m, ctx, breaks === 'append' ? { ...entry, action: undefined as unknown as string } : entry, { type: 'test.traded', payload: { n } });
        if (n % 2 === 1) await own();
      });
    const outcomes = await Promise.allSettled(Array.from({ length: 30 }, (_, n) => trade(n, n % 10 === 4 ? 'append' : n % 10 === 7 ? 'own write' : null)));
    const refused = outcomes.flatMap((o, n) => (o.status === 'rejected' ? [[n, (o.reason as { code?: string }).code]] : []));
    expect(refused).toEqual([[4, '23502'], [7, '23502'], [14, '23502'], [17, '23502'], [24, '23502'], [27, '23502']]);

    const chain = await links();
    const added = chain.slice(before);
    expect(added).toHaveLength(24);
    expect(verifyChain(chain)).toEqual(expect.objectContaining({ ok: true, checked: chain.length }));
    expect(added.find((l) => l.entityId === 't9')?.after).toEqual({ n: 9, tekst: 'één \\ \'quote\' $1 “x”' });
    const count = async (type: string): Promise<number> =>
      ((await app.dataSource.query('SELECT count(*)::int AS n FROM outbox_events WHERE hds_id = $1 AND type = $2', [ctx.hdsId, type])) as { n: number }[])[0].n;
    expect(await count('test.traded')).toBe(24);
    expect(await count('test.own-write')).toBe(24);
    // The connections went back to the pool outside a transaction.
    const [idle] = (await app.dataSource.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'")) as { n: number }[];
    expect(idle.n).toBe(0);
  });

  it('leaves the carried columns (contents, hashes, payloads) out of ANALYZE, and keeps the searched ones', async () => {
    // Statistics target per column: 0 = ANALYZE skips it; -1 (NULL from PostgreSQL 17) = the default.
    const targets = (await app.dataSource.query(
      `SELECT c.relname || '.' || a.attname AS col, COALESCE(a.attstattarget, -1)::int AS target
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relname IN ('audit_records', 'outbox_events') AND c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped`,
    )) as { col: string; target: number }[];
    const target = new Map(targets.map((r) => [r.col, r.target]));
    for (const carried of ['audit_records.before', 'audit_records.after', 'audit_records.reason', 'audit_records.hash', 'audit_records.prev_hash', 'outbox_events.payload']) {
      expect([carried, target.get(carried)]).toEqual([carried, 0]);
    }
    for (const searched of ['audit_records.hds_id', 'audit_records.action', 'audit_records.at', 'audit_records.seq', 'outbox_events.type', 'outbox_events.relayed_at']) {
      expect([searched, target.get(searched)]).toEqual([searched, -1]);
    }
    // And ANALYZE then samples the searched ones.
    await app.dataSource.query('ANALYZE audit_records, outbox_events');
    const [analysed] = (await app.dataSource.query(
      "SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = 'public' AND tablename = 'audit_records' AND attname IN ('hds_id', 'action', 'at', 'seq')",
    )) as { n: number }[];
    expect(analysed.n).toBe(4);
  });
});
