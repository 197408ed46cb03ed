/**
 * The V8 flags the API runs with, wherever it is started (Dockerfile, deploy/, scripts/demo.sh,
 * `npm run start:api`, bench:marketplace; apps/api/src/node-flags.spec.ts keeps them in step).
 *
 * --no-memory-reducer: V8's memory reducer starts a compacting full collection some seconds after
 * the allocation rate drops, to hand memory back, e.g. when a burst of trades is followed by
 * quieter traffic. On the API that collection is a long stop-the-world pause under the
 * marketplace's paced load (--trace-gc: "Mark-Compact (reduce)"), and every request in flight
 * waits; with both replicas seeing the same load, they pause at about the same moment. The
 * ordinary collections, triggered by the heap's growth, still run and still free memory; the heap
 * stays below the container's limit, as it does under sustained load.
 */
export const API_NODE_FLAGS: readonly string[] = ['--no-memory-reducer'];

/** The flags of API_NODE_FLAGS this process was started without (empty when all are there). */
export function missingNodeFlags(execArgv: readonly string[] = process.execArgv): string[] {
  return API_NODE_FLAGS.filter((flag) => !execArgv.includes(flag));
}
