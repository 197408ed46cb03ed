import { describe, expect, it } from '@jest/globals';
import { marketTransfers, type MarketRecord, pairTransfers, type ShiftEvent } from './transfers.js';

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

describe(marketTransfers.name, () => {
  const rec = (action: string, entityType: string, entityId: string, after: Record<string, unknown> | null): MarketRecord => ({ seq: ++seq, at: '2027-01-01T00:00:00Z', action, entityType, entityId, after });

  it('moves a won or approved claim, a completed or approved swap, and moves them back on undo', () => {
    const records = [
      rec('claim.created', 'claim', 'c1', { id: 'c1', shiftId: 's1', gpId: 'b', fromGpId: 'a', status: 'pending' }),
      rec('claim.approved', 'claim', 'c1', { status: 'completed' }),
      rec('claim.won', 'claim', 'c2', { id: 'c2', shiftId: 's2', gpId: 'c', fromGpId: null, status: 'completed' }),
      rec('swap.proposed', 'swap', 'w1', { id: 'w1', fromGpId: 'a', fromShiftId: 's3', toGpId: 'd', toShiftId: 's4', status: 'proposed' }),
      rec('swap.accepted', 'swap', 'w1', { id: 'w1', fromGpId: 'a', fromShiftId: 's3', toGpId: 'd', toShiftId: 's4', status: 'accepted' }),
      rec('swap.approved', 'swap', 'w1', { id: 'w1', fromGpId: 'a', fromShiftId: 's3', toGpId: 'd', toShiftId: 's4', status: 'completed' }),
      rec('swap.proposed', 'swap', 'w2', { id: 'w2', fromGpId: 'e', fromShiftId: 's5', toGpId: 'f', toShiftId: 's6', status: 'proposed' }),
      rec('swap.accepted', 'swap', 'w2', { id: 'w2', fromGpId: 'e', fromShiftId: 's5', toGpId: 'f', toShiftId: 's6', status: 'completed' }),
      rec('trade.undone', 'swap', 'w2', { status: 'undone' }),
      rec('claim.withdrawn', 'claim', 'c3', { id: 'c3', shiftId: 's7', gpId: 'g', fromGpId: null, status: 'withdrawn' }),
    ];
    expect(marketTransfers(records).map((t) => [t.shiftId, t.fromGpId, t.toGpId, t.kind])).toEqual([
      ['s1', 'a', 'b', 'claim'],
      ['s2', null, 'c', 'claim'],
      ['s3', 'a', 'd', 'swap'],
      ['s4', 'd', 'a', 'swap'],
      ['s5', 'e', 'f', 'swap'],
      ['s6', 'f', 'e', 'swap'],
      ['s5', 'f', 'e', 'undone'],
      ['s6', 'e', 'f', 'undone'],
    ]);
  });
});
