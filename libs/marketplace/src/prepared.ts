import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * Runs one of the statements every trade runs as a named prepared statement: on the transaction's
 * connection (or, outside a transaction, any pooled one), PostgreSQL parses and plans it once per
 * connection instead of on every call (planning the rule-check statement took longer than running
 * it), and the ORM's work per query is skipped. `name` must be unique per `text`.
 */
export async function prepared<T extends QueryResultRow>(m: EntityManager, name: string, text: string, values: readonly unknown[]): Promise<{ rows: T[]; rowCount: number }> {
  const runner = m.queryRunner;
  const client = runner && !runner.isReleased ? ((await runner.connect()) as PoolClient) : ((m.connection.driver as PostgresDriver).master as Pool);
  const result = await client.query<T>({ name, text, values: [...values] });
  return { rows: result.rows, rowCount: result.rowCount ?? 0 };
}
