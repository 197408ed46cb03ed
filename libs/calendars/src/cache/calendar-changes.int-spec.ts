import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type AppConfig } from '@anw/platform';
import { CalendarChanges } from './calendar-changes.js';

async function until(condition: () => boolean, ms = 3_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  return condition();
}

/** The triggers of the calendars migration and the listener, against the real PostgreSQL. */
describe(CalendarChanges.name, () => {
  let config: AppConfig;
  let sut: CalendarChanges;
  let db: pg.Client;
  let hdsId: string;

  beforeAll(async () => {
    config = loadConfig({ ...process.env, JWT_SECRET: process.env.JWT_SECRET ?? 'x'.repeat(32) });
    db = new pg.Client({ connectionString: config.database.url });
    await db.connect();
    const region = await db.query<{ id: string }>('INSERT INTO regions (name) VALUES ($1) RETURNING id', [`r-${randomUUID()}`]);
    const hds = await db.query<{ id: string }>('INSERT INTO hds (region_id, code, name) VALUES ($1, $2, $3) RETURNING id', [region.rows[0].id, `C-${randomUUID().slice(0, 8)}`, 'HDS']);
    hdsId = hds.rows[0].id;
    sut = new CalendarChanges(config);
    await sut.onModuleInit();
  });
  afterAll(async () => {
    await sut.onApplicationShutdown();
    await db.end();
  });

  it('marks an HDS changed when a roster table changes in a committed transaction, not before, not on rollback', async () => {
    expect(sut.isListening).toBe(true);
    const stamp = sut.stamp();
    await db.query('BEGIN');
    await db.query('INSERT INTO posts (hds_id, code, name) VALUES ($1, $2, $3)', [hdsId, `P-${randomUUID().slice(0, 6)}`, 'HAP']);
    await db.query('ROLLBACK');
    expect(await until(() => !sut.isCurrent(hdsId, stamp), 300)).toBe(false);
    await db.query('BEGIN');
    await db.query('INSERT INTO posts (hds_id, code, name) VALUES ($1, $2, $3)', [hdsId, `P-${randomUUID().slice(0, 6)}`, 'HAP']);
    await new Promise((r) => setTimeout(r, 100));
    expect(sut.isCurrent(hdsId, stamp)).toBe(true);
    await db.query('COMMIT');
    expect(await until(() => !sut.isCurrent(hdsId, stamp))).toBe(true);
    // Another HDS's renders stay current.
    expect(sut.isCurrent(randomUUID(), stamp)).toBe(true);
    expect(sut.isCurrent(hdsId, sut.stamp())).toBe(true);
  });

  it('marks each HDS a statement touches: insert, update (both sides of a move), delete, and hds itself', async () => {
    const region = await db.query<{ id: string }>('SELECT region_id AS id FROM hds WHERE id = $1', [hdsId]);
    const other = (await db.query<{ id: string }>('INSERT INTO hds (region_id, code, name) VALUES ($1, $2, $3) RETURNING id', [region.rows[0].id, `C-${randomUUID().slice(0, 8)}`, 'HDS 2'])).rows[0].id;
    await new Promise((r) => setTimeout(r, 100));
    const changed = async (work: () => Promise<unknown>): Promise<{ mine: boolean; theirs: boolean }> => {
      const stamp = sut.stamp();
      await work();
      await until(() => !sut.isCurrent(hdsId, stamp) || !sut.isCurrent(other, stamp), 1_000);
      await new Promise((r) => setTimeout(r, 100));
      return { mine: !sut.isCurrent(hdsId, stamp), theirs: !sut.isCurrent(other, stamp) };
    };
    const code = `P-${randomUUID().slice(0, 6)}`;
    // Several rows of one HDS in one statement.
    expect(await changed(() => db.query("INSERT INTO posts (hds_id, code, name) SELECT $1, $2 || i, 'HAP' FROM generate_series(1, 3) i", [hdsId, code]))).toEqual({ mine: true, theirs: false });
    expect(await changed(() => db.query("UPDATE posts SET name = 'HAP Oost' WHERE hds_id = $1 AND code LIKE $2 || '%'", [hdsId, code]))).toEqual({ mine: true, theirs: false });
    // A row moved to another HDS changes the feeds of both.
    expect(await changed(() => db.query('UPDATE posts SET hds_id = $1 WHERE hds_id = $2 AND code = $3', [other, hdsId, `${code}1`]))).toEqual({ mine: true, theirs: true });
    expect(await changed(() => db.query('DELETE FROM posts WHERE hds_id = $1 AND code = $2', [other, `${code}1`]))).toEqual({ mine: false, theirs: true });
    // A statement that touches no row sends nothing.
    expect(await changed(() => db.query('UPDATE posts SET name = name WHERE hds_id = $1 AND false', [hdsId]))).toEqual({ mine: false, theirs: false });
    // The hds table names its HDS by id.
    expect(await changed(() => db.query("UPDATE hds SET name = 'HDS Zuid' WHERE id = $1", [other]))).toEqual({ mine: false, theirs: true });
  });

  it('ignores what the feed server records while rendering, but not a new or revoked token', async () => {
    const feed = await db.query<{ id: string }>(
      `INSERT INTO calendar_feeds (hds_id, kind, token_hash, token_issued_at) VALUES ($1, 'hds', $2, now()) RETURNING id`,
      [hdsId, randomUUID()],
    );
    await new Promise((r) => setTimeout(r, 100));
    const stamp = sut.stamp();
    await db.query(`UPDATE calendar_feeds SET content_hash = 'x', last_modified = now() + interval '1 second' WHERE id = $1`, [feed.rows[0].id]);
    expect(await until(() => !sut.isCurrent(hdsId, stamp), 300)).toBe(false);
    await db.query('UPDATE calendar_feeds SET revoked_at = now() WHERE id = $1', [feed.rows[0].id]);
    expect(await until(() => !sut.isCurrent(hdsId, stamp))).toBe(true);
  });

  it('counts nothing as current while disconnected, and nothing from before a reconnect', async () => {
    const stamp = sut.stamp();
    await db.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`anw-calendar-listener:${process.pid}`]);
    expect(await until(() => !sut.isListening)).toBe(true);
    expect(sut.isCurrent(hdsId, stamp)).toBe(false);
    expect(await until(() => sut.isListening, 5_000)).toBe(true);
    expect(sut.isCurrent(hdsId, stamp)).toBe(false);
    expect(sut.isCurrent(hdsId, sut.stamp())).toBe(true);
  });
});
