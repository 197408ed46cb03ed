// Runs the (synchronous, CPU-bound) engine off the worker's event loop. Progress goes back by
// message; cancellation comes in through a shared flag the solver reads as its abort signal.
import { parentPort, workerData } from 'node:worker_threads';
import { parseInstance, solve } from '@anw/distribution';

interface ThreadInput {
  instance: unknown;
  seed: number;
  timeBudgetMs: number;
  cancelFlag: SharedArrayBuffer;
}

const input = workerData as ThreadInput;
const flag = new Int32Array(input.cancelFlag);
const signal = { get aborted(): boolean { return Atomics.load(flag, 0) === 1; } } as AbortSignal;
try {
  const instance = parseInstance(input.instance);
  const result = solve(instance, {
    seed: input.seed,
    timeBudgetMs: input.timeBudgetMs,
    signal,
    onProgress: (p) => parentPort?.postMessage({ type: 'progress', percent: p.percent, score: p.score }),
  });
  parentPort?.postMessage({ type: 'result', result });
} catch (error) {
  const field = typeof error === 'object' && error !== null && 'field' in error ? String((error as { field: unknown }).field) : undefined;
  parentPort?.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error), field });
}
