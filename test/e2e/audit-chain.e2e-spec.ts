import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { AuditChainService } from '@anw/audit-reports';
import { client } from '../support/http.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';

/** `npm run --silent anw -- audit verify …`, run the way the script does (tsx), against the test database. */
function cli(...args: string[]): Promise<{ status: number | null; lines: any[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', 'audit', ...args], { env: process.env, timeout: 90_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, lines: stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)), stderr }));
  });
}

describe('audit chain verification (e2e)', () => {
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let tenant: TestTenant;
  let base: string;

  /** A few changes, each writing one chained record. */
  async function changes(t: TestTenant, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const res = await call('POST', `/hds/${t.hds.id}/periods`, { token: t.tokens.planner, body: { name: `p${i}`, startDate: `2030-01-${String(2 * i + 1).padStart(2, '0')}`, endDate: `2030-01-${String(2 * i + 1).padStart(2, '0')}` } });
      expect(res.status).toBe(201);
    }
  }

  beforeAll(async () => {
    sut = await startApi();
    call = client(sut.url);
    tenant = await createTenant(sut);
    base = `/hds/${tenant.hds.id}`;
    await changes(tenant, 6);
  });
  afterAll(async () => {
    await sut.close();
  });

  it('verifies an intact chain through the API and lists the trail newest first', async () => {
    const res = await call('GET', `${base}/audit/verify`, { token: tenant.tokens.admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, checked: 6, firstBroken: null });
    const records = await call('GET', `${base}/audit/records?pageSize=4`, { token: tenant.tokens.auditor });
    expect(records.status).toBe(200);
    expect(records.body).toMatchObject({ total: 6, page: 1, pageSize: 4 });
    expect(records.body.items.map((r: { seq: number }) => r.seq)).toEqual([6, 5, 4, 3]);
    expect(records.body.items[0]).toMatchObject({ action: 'period.created', entityType: 'period', actorName: 'Test Gebruiker' });
    expect(records.body.items[1].hash).toBe(records.body.items[0].prevHash);
    const older = await call('GET', `${base}/audit/records?beforeSeq=3&action=period.`, { token: tenant.tokens.admin });
    expect(older.body.items.map((r: { seq: number }) => r.seq)).toEqual([2, 1]);
  });

  it('finds the row rewritten in PostgreSQL, through the API and the CLI, in batches too', async () => {
    const other = await createTenant(sut);
    await changes(other, 2);
    const [row] = await sut.dataSource.query('SELECT id FROM audit_records WHERE hds_id = $1 AND seq = 4', [tenant.hds.id]);
    await sut.dataSource.query(`UPDATE audit_records SET after = jsonb_set(after, '{name}', '"vervalst"') WHERE hds_id = $1 AND seq = 4`, [tenant.hds.id]);

    const res = await call('GET', `${base}/audit/verify`, { token: tenant.tokens.auditor });
    expect(res.body).toEqual({ ok: false, checked: 3, firstBroken: { id: String(row.id), seq: 4, problem: 'hash_mismatch' } });
    // Streamed two rows at a time, the broken link is found across batch boundaries all the same.
    const batched = await sut.app.get(AuditChainService).verify(tenant.hds.id, 2);
    expect(batched).toMatchObject({ ok: false, checked: 3, firstBroken: { seq: 4, problem: 'hash_mismatch' } });

    // The runs start together: each loads the whole data source, which is most of their time.
    const [intact, both, unknown, badFlag, badCommand] = await Promise.all([
      cli('verify', '--hds', other.hds.code),
      cli('verify', '--hds', tenant.hds.code, '--hds', other.hds.code),
      cli('verify', '--hds', 'BESTAAT-NIET'),
      cli('verify', '--nope'),
      cli('check'),
    ]);
    expect(intact.status).toBe(0);
    expect(intact.lines).toEqual([{ hds: other.hds.code, hdsId: other.hds.id, ok: true, checked: 2, firstBroken: null }]);
    // One line per HDS; exit 1 because one chain is broken.
    expect(both.status).toBe(1);
    expect(both.lines).toHaveLength(2);
    expect(both.lines.find((l) => l.hdsId === tenant.hds.id)).toEqual({ hds: tenant.hds.code, hdsId: tenant.hds.id, ok: false, checked: 3, firstBroken: { id: String(row.id), seq: 4, problem: 'hash_mismatch' } });
    expect(both.lines.find((l) => l.hdsId === other.hds.id)).toEqual(intact.lines[0]);
    for (const bad of [unknown, badFlag, badCommand]) {
      expect(bad.status).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(unknown.stderr).toContain('onbekende HDS: BESTAAT-NIET');
  }, 120_000);

  it('notices a rewrite that re-hashes the row (the next link breaks) and a deleted row', async () => {
    const t = await createTenant(sut);
    await changes(t, 5);
    // Recompute row 2's hash after rewriting it: row 3 still points at the old hash.
    const { chainHash } = await import('@anw/audit');
    const [r2] = await sut.dataSource.query('SELECT * FROM audit_records WHERE hds_id = $1 AND seq = 2', [t.hds.id]);
    const after = { ...r2.after, name: 'herschreven' };
    const hash = chainHash(r2.prev_hash, { hdsId: t.hds.id, seq: 2, actorUserId: r2.actor_user_id, action: r2.action, entityType: r2.entity_type, entityId: r2.entity_id, before: r2.before, after, reason: r2.reason, at: r2.at });
    await sut.dataSource.query('UPDATE audit_records SET after = $2, hash = $3 WHERE id = $1', [r2.id, JSON.stringify(after), hash]);
    const rehashed = await call('GET', `/hds/${t.hds.id}/audit/verify`, { token: t.tokens.admin });
    expect(rehashed.body).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 3, problem: 'link_mismatch' } });

    const u = await createTenant(sut);
    await changes(u, 3);
    await sut.dataSource.query('DELETE FROM audit_records WHERE hds_id = $1 AND seq = 2', [u.hds.id]);
    const gap = await call('GET', `/hds/${u.hds.id}/audit/verify`, { token: u.tokens.admin });
    expect(gap.body).toMatchObject({ ok: false, checked: 1, firstBroken: { seq: 3, problem: 'sequence_gap' } });
    const region = await call('GET', `/regions/${u.hds.regionId}/audit/verify`, { token: u.tokens.auditor });
    expect(region.body).toMatchObject({ ok: false, hds: [{ code: u.hds.code, ok: false, checked: 1 }] });
  });
});
