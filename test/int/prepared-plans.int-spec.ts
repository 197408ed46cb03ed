import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { prepared } from '@anw/platform';
import { startApi, type TestApp } from '../support/test-app.js';

/**
 * `prepared` runs a statement as a named prepared statement through public APIs only: inside a
 * transaction on the connection its query runner holds (so it sees the transaction's own writes),
 * outside one on a pooled connection it borrows and hands back.
 */
describe('prepared statements (int: PostgreSQL)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApi();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('prepares the statement on the transaction\'s own connection, where it sees the transaction\'s writes', async () => {
    const type = `test.prepared.${randomUUID()}`;
    await app.dataSource
      .transaction(async (m) => {
        await m.query("INSERT INTO outbox_events (hds_id, type, payload) SELECT id, $1, '{}' FROM hds LIMIT 1", [type]);
        for (let n = 0; n < 3; n++) {
          const { rows } = await prepared<{ n: number }>(m, 'test.count-type', 'SELECT count(*)::int AS n FROM outbox_events WHERE type = $1', [type]);
          expect(rows).toEqual([{ n: 1 }]);
        }
        const named = (await m.query("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = 'test.count-type'")) as { n: number }[];
        expect(named).toEqual([{ n: 1 }]);
        throw new Error('rollback');
      })
      .catch((error: unknown) => {
        if (!(error instanceof Error) || error.message !== 'rollback') throw error;
      });
    const { rows } = await prepared<{ n: number }>(app.dataSource.manager, 'test.count-type', 'SELECT count(*)::int AS n FROM outbox_events WHERE type = $1', [type]);
    expect(rows).toEqual([{ n: 0 }]);
    const [idle] = (await app.dataSource.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'")) as { n: number }[];
    expect(idle.n).toBe(0);
  });
});
