import { describe, expect, it } from '@jest/globals';
import { queueOrder, walkQueue, type Verdict } from './claim-queue.js';

const at = (s: number): Date => new Date(Date.UTC(2026, 11, 1, 12, 0, s));
const claim = (id: string, second: number) => ({ id, createdAt: at(second) });

describe(walkQueue.name, () => {
  it('orders first come first served, ties by id', () => {
    expect(queueOrder([claim('c', 2), claim('b', 1), claim('a', 1)]).map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });

  it('gives the position to the earliest valid claim, refuses the invalid ones before it, and the rest lose unjudged', async () => {
    const judged: string[] = [];
    const invalid = new Set(['early']);
    const outcome = await walkQueue([claim('late', 5), claim('early', 1), claim('second', 2), claim('third', 3)], 1, async (c): Promise<Verdict> => {
      judged.push(c.id);
      return invalid.has(c.id) ? { reason: 'Dr. X: overlapt met een andere dienst van deze huisarts', rule: 'overlap' } : null;
    });
    expect(outcome.winners.map((c) => c.id)).toEqual(['second']);
    expect(outcome.refused).toEqual([{ claim: claim('early', 1), reason: 'Dr. X: overlapt met een andere dienst van deze huisarts', rule: 'overlap' }]);
    expect(outcome.lost.map((c) => c.id)).toEqual(['third', 'late']);
    expect(judged).toEqual(['early', 'second']);
  });

  it('fills several positions in order and keeps nothing lost when positions remain', async () => {
    const outcome = await walkQueue([claim('a', 1), claim('b', 2)], 3, async () => null);
    expect(outcome.winners.map((c) => c.id)).toEqual(['a', 'b']);
    expect(outcome.lost).toEqual([]);
  });

  it('loses everyone when no position is left', async () => {
    const outcome = await walkQueue([claim('a', 1)], 0, async () => null);
    expect(outcome.lost.map((c) => c.id)).toEqual(['a']);
  });
});
