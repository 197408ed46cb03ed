import type { ClientBase, QueryResultRow } from 'pg';
import type { EntityManager, QueryRunner } from 'typeorm';

/**
 * Runs a statement run on every request of its kind as a named prepared statement: PostgreSQL
 * parses and plans it once per connection instead of on every call. Inside a transaction it runs
 * on the transaction's connection (the one its query runner holds, from `QueryRunner.connect()`),
 * after every statement awaited before it; outside one, on a pooled connection borrowed through a
 * query runner of its own. `name` must be unique per `text`.
 */
export async function prepared<T extends QueryResultRow>(m: EntityManager, name: string, text: string, values: readonly unknown[]): Promise<{ rows: T[]; rowCount: number }> {
  const held = m.queryRunner && !m.queryRunner.isReleased ? m.queryRunner : null;
  const runner: QueryRunner = held ?? m.connection.createQueryRunner();
  try {
    // QueryRunner.connect() is TypeORM's public way to the driver's connection (a pg client here).
    const client = (await runner.connect()) as ClientBase;
    const result = await client.query<T>({ name, text, values: [...values] });
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  } finally {
    if (!held) await runner.release();
  }
}
