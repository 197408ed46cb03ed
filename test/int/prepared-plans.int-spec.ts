import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { pipelined, prepared, restoreSerial } from '@anw/platform';
import { startApi, type TestApp } from '../support/test-app.js';

/**
 * The trades' statements over arrays are planned once per connection (`generic`): PostgreSQL's own
 * choice re-plans them on every call, since their generic plan, blind to the arrays' lengths, looks
 * dearer. Checked on PostgreSQL's own count of the plans it made (pg_prepared_statements).
 */
describe('prepared statements inside a trade (int: PostgreSQL)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApi();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('plans a `generic` statement once for the connection, only that one, and leaves the setting as it was', async () => {
    const runner = app.dataSource.createQueryRunner('master');
    const client = (await runner.connect()) as PoolClient;
    const text = 'SELECT s.id FROM shifts s JOIN roster_periods p ON p.id = s.period_id WHERE s.id = ANY($1::uuid[])';
    try {
      await client.query('BEGIN');
      pipelined(client);
      for (let n = 0; n < 8; n++) {
        const ids = Array.from({ length: 1 + (n % 3) }, () => randomUUID());
        // Started together, as a trade sends them: the generic one between two others.
        const [a, b, c] = await Promise.all([
          prepared(runner.manager, 'test.auto-before', `${text} AND true`, [ids]),
          prepared(runner.manager, 'test.generic', text, [ids], { generic: true }),
          prepared(runner.manager, 'test.auto-after', `${text} AND 1 = 1`, [ids]),
        ]);
        expect([a.rowCount, b.rowCount, c.rowCount]).toEqual([0, 0, 0]);
      }
      const plans = new Map(
        (
          (await client.query("SELECT name, generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE name LIKE 'test.%'")).rows as {
            name: string;
            generic: number;
            custom: number;
          }[]
        ).map((r) => [r.name, r]),
      );
      expect(plans.get('test.generic')).toEqual({ name: 'test.generic', generic: 8, custom: 0 });
      // The statements around it keep PostgreSQL's choice: custom plans for (at least) the first five calls.
      expect(plans.get('test.auto-before')?.custom).toBeGreaterThanOrEqual(5);
      expect(plans.get('test.auto-after')?.custom).toBeGreaterThanOrEqual(5);
      expect((await client.query('SHOW plan_cache_mode')).rows).toEqual([{ plan_cache_mode: 'auto' }]);
    } finally {
      await client.query('ROLLBACK');
      restoreSerial(client);
      await runner.release();
    }
  });
});
