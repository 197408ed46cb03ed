import { Worker } from 'node:worker_threads';
import type { RosterResult, SolveProgress } from '@anw/distribution';

export interface SolveHandle {
  result: Promise<RosterResult>;
  cancel(): void;
}

/**
 * Starts the engine in a worker thread. From compiled code it loads solve.thread.js; from the
 * TypeScript sources (tests) it loads solve.thread.ts through tsx.
 */
export function startSolve(instance: unknown, options: { seed: number; timeBudgetMs: number; onProgress: (p: SolveProgress) => void }): SolveHandle {
  const fromSource = import.meta.url.endsWith('.ts');
  const file = new URL(fromSource ? './solve.thread.ts' : './solve.thread.js', import.meta.url);
  const cancelFlag = new SharedArrayBuffer(4);
  const workerData = { instance, seed: options.seed, timeBudgetMs: options.timeBudgetMs, cancelFlag };
  const resourceLimits = { maxOldGenerationSizeMb: 2048 };
  // Node 20 ignores --import in a worker's execArgv, so the TypeScript case registers tsx itself.
  const worker = fromSource
    ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); });`, { eval: true, workerData, resourceLimits })
    : new Worker(file, { workerData, resourceLimits });
  const result = new Promise<RosterResult>((resolve, reject) => {
    worker.on('message', (msg: { type: string; percent?: number; score?: SolveProgress['score']; result?: RosterResult; message?: string }) => {
      if (msg.type === 'progress') options.onProgress({ percent: msg.percent ?? 0, score: msg.score as SolveProgress['score'] });
      else if (msg.type === 'result') resolve(msg.result as RosterResult);
      else if (msg.type === 'error') reject(new Error(msg.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`de verdeelmotor stopte onverwacht (code ${code})`));
    });
  });
  return {
    result: result.finally(() => void worker.terminate()),
    cancel: () => Atomics.store(new Int32Array(cancelFlag), 0, 1),
  };
}
