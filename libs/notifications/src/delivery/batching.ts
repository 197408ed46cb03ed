import DataLoader from 'dataloader';

/** How long a batch waits for company: the fan-out jobs running side by side share their queries. */
export const BATCH_WINDOW_MS = 2;
const MAX_BATCH = 256;

/**
 * A micro-batcher (DataLoader without its cache, so nothing read is ever stale): every call made
 * within BATCH_WINDOW_MS becomes one query for all of them. The batch function returns one result
 * (or Error) per key, in key order.
 */
export function batcher<K, V>(batch: (keys: readonly K[]) => Promise<(V | Error)[]>, windowMs = BATCH_WINDOW_MS): DataLoader<K, V> {
  return new DataLoader<K, V>(batch, {
    cache: false,
    maxBatchSize: MAX_BATCH,
    batchScheduleFn: (run) => setTimeout(run, windowMs),
  });
}

/** Groups rows by a key, keeping their order. */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}
