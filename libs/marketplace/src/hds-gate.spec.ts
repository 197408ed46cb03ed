import { describe, expect, it } from '@jest/globals';
import { HdsGate } from './hds-gate.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe(HdsGate.name, () => {
  it('lets `limit` run per HDS, queues the rest first come first served, and other HDSes pass', async () => {
    const sut = new HdsGate(2);
    const order: string[] = [];
    const releases: Record<string, () => void> = {};
    const job = (hds: string, name: string) =>
      sut.run(hds, async () => {
        order.push(name);
        await new Promise<void>((r) => (releases[name] = r));
        return name;
      });
    const runs = [job('a', 'a1'), job('a', 'a2'), job('a', 'a3'), job('a', 'a4'), job('b', 'b1')];
    await tick();
    expect(order).toEqual(['a1', 'a2', 'b1']);
    expect(sut.load('a')).toEqual({ active: 2, waiting: 2 });
    releases.a2();
    await tick();
    expect(order).toEqual(['a1', 'a2', 'b1', 'a3']);
    releases.a1();
    await tick();
    expect(order).toEqual(['a1', 'a2', 'b1', 'a3', 'a4']);
    for (const k of ['a3', 'a4', 'b1']) releases[k]();
    expect(await Promise.all(runs)).toEqual(['a1', 'a2', 'a3', 'a4', 'b1']);
    expect(sut.load('a')).toEqual({ active: 0, waiting: 0 });
  });

  it('frees the slot when the work fails', async () => {
    const sut = new HdsGate(1);
    await expect(sut.run('a', async () => Promise.reject(new Error('nee')))).rejects.toThrow('nee');
    expect(await sut.run('a', async () => 'ja')).toBe('ja');
    expect(sut.load('a')).toEqual({ active: 0, waiting: 0 });
  });
});
