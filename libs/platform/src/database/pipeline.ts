import type { PoolClient } from 'pg';

/** node-postgres' client with its pipeline switch and its socket (neither is in its typings). */
type PipelineClient = PoolClient & { pipeline: boolean; connection: { stream: { cork(): void; uncork(): void } } };

/** Is this connection in node-postgres pipeline mode (statements sent without waiting for answers)? */
export function isPipelining(client: PoolClient): boolean {
  return (client as PipelineClient).pipeline === true;
}

/** Switches a connection to pipeline mode; only while nothing is in flight on it (see restoreSerial). */
export function pipelined(client: PoolClient): void {
  (client as PipelineClient).pipeline = true;
}

/** Back to one statement at a time, e.g. before the connection returns to the pool: everything sent has been answered by then. */
export function restoreSerial(client: PoolClient): void {
  (client as PipelineClient).pipeline = false;
}

/**
 * The statements `start` sends (synchronously) on a pipelining connection leave in ONE write: the
 * socket is corked while they are queued. PostgreSQL runs them in order, each after the previous
 * one finished. Returns what `start` returned.
 */
export function inOneWrite<T>(client: PoolClient, start: () => T): T {
  const stream = (client as PipelineClient).connection.stream;
  stream.cork();
  try {
    return start();
  } finally {
    stream.uncork();
  }
}

/**
 * Attaches a no-op handler to a statement sent ahead of others (on a pipelining connection), whose
 * failure an earlier one's error makes moot: it is not reported as unhandled before it is awaited;
 * awaiting it still throws.
 */
export function ahead<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
