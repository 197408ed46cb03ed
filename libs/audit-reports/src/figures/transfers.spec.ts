import { describe, expect, it } from '@jest/globals';
import { pairTransfers, type ShiftEvent } from './transfers.js';

let seq = 0;
const ev = (action: string, shiftId: string, gpId: string, requestId: string | null = null): ShiftEvent => ({ seq: ++seq, at: `2027-01-01T00:00:0${seq % 10}Z`, action, shiftId, gpId, requestId });

describe(pairTransfers.name, () => {
  it('pairs a swap in one request as two trades, a later replacement, a fill and a dienst given up', () => {
    const events = [
      ev('assignment.removed', 's1', 'a', 'r1'),
      ev('assignment.removed', 's2', 'b', 'r1'),
      ev('assignment.added', 's1', 'b', 'r1'),
      ev('assignment.added', 's2', 'a', 'r1'),
      ev('assignment.removed', 's3', 'c', 'r2'),
      ev('shift.changed', 's3', 'c'),
      ev('assignment.added', 's3', 'd', 'r3'),
      ev('assignment.added', 's4', 'e', 'r4'),
      ev('assignment.removed', 's5', 'f', 'r5'),
    ];
    expect(pairTransfers(events).map((t) => [t.shiftId, t.fromGpId, t.toGpId, t.kind])).toEqual([
      ['s1', 'a', 'b', 'trade'],
      ['s2', 'b', 'a', 'trade'],
      ['s3', 'c', 'd', 'replacement'],
      ['s4', null, 'e', 'filled'],
      ['s5', 'f', null, 'given_up'],
    ]);
  });

  it('prefers the removal of the same request on a dienst with two GPs', () => {
    const events = [ev('assignment.removed', 's1', 'a', 'x'), ev('assignment.removed', 's1', 'b', 'y'), ev('assignment.added', 's1', 'c', 'y')];
    const sut = pairTransfers(events);
    expect(sut.map((t) => [t.fromGpId, t.toGpId, t.kind])).toEqual([
      ['a', null, 'given_up'],
      ['b', 'c', 'trade'],
    ]);
  });
});
