import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { ahead, inOneWrite, isPipelining } from './pipeline.js';
import type { EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** The connection of a query runner that holds one, without waiting (see prepared). */
function heldClient(m: EntityManager): PoolClient | undefined {
  const runner = m.queryRunner as (EntityManager['queryRunner'] & { databaseConnection?: PoolClient }) | undefined;
  return runner && !runner.isReleased ? runner.databaseConnection : undefined;
}

/**
 * Runs one of the statements every trade runs as a named prepared statement: on the transaction's
 * connection (or, outside a transaction, any pooled one), PostgreSQL parses and plans it once per
 * connection instead of on every call (planning the rule-check statement took longer than running
 * it), and the ORM's work per query is skipped. `name` must be unique per `text`.
 *
 * On a connection the runner already holds, the statement is handed to the driver before this
 * function first yields: statements started one after the other in the same tick go out in that
 * order, and on a pipelining connection (see pipelined) without waiting for each other's answers.
 */
export async function prepared<T extends QueryResultRow>(
  m: EntityManager,
  name: string,
  text: string,
  values: readonly unknown[],
  options: { generic?: boolean } = {},
): Promise<{ rows: T[]; rowCount: number }> {
  const held = heldClient(m);
  const runner = m.queryRunner;
  const client = held ?? (runner && !runner.isReleased ? ((await runner.connect()) as PoolClient) : ((m.connection.driver as PostgresDriver).master as Pool));
  // Inside a trade's transaction: its generic plan, for this statement only (see GENERIC).
  const generic = options.generic === true && held !== undefined && isPipelining(held);
  if (generic) ahead(client.query(GENERIC));
  const planned = client.query<T>({ name, text, values: [...values] });
  if (generic) ahead(client.query(AUTO));
  const result = await planned;
  return { rows: result.rows, rowCount: result.rowCount ?? 0 };
}

/**
 * `generic` (prepared): PostgreSQL plans a prepared statement anew on every call (a custom plan, for
 * the values given) as long as its generic plan looks dearer, and for a statement over arrays the
 * generic plan always does: it cannot see how long they are. For a statement whose generic plan is
 * the same index path (checked with EXPLAIN), that planning is pure cost; the rule check's took
 * 1.2 ms of PostgreSQL's CPU per call, more than running it. Sent before the statement on a
 * pipelining connection, in its transaction (the same write; no round trip), and undone after it.
 */
const GENERIC = 'SET LOCAL plan_cache_mode = force_generic_plan';
const AUTO = 'SET LOCAL plan_cache_mode = DEFAULT';

/**
 * Statements started by `start` (synchronously, in its first tick) leave in ONE write, one after
 * the other, on the runner's connection in pipeline mode (node-postgres `pipeline`): PostgreSQL
 * runs them in order, each after the previous one finished (a lock taken by the first is held when
 * the next one starts and takes its snapshot), but the client does not wait for an answer before
 * sending the next. Returns what `start` returned.
 */
export function corked<T>(m: EntityManager, start: () => T): T {
  const client = heldClient(m);
  return client && isPipelining(client) ? inOneWrite(client, start) : start();
}
