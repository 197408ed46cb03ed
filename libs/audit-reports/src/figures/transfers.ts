/** An audit record as the trades report reads it. */
export interface ShiftEvent {
  seq: number;
  at: string;
  action: string;
  shiftId: string | null;
  gpId: string | null;
  requestId: string | null;
}

export type TransferKind = 'trade' | 'replacement' | 'given_up' | 'filled';

/** A dienst that changed hands after publication. */
export interface Transfer {
  shiftId: string;
  fromGpId: string | null;
  toGpId: string | null;
  /** trade: taken off and put on in one transaction (a swap or claim); replacement: in separate steps; given_up: nobody took it (yet); filled: an open position taken */
  kind: TransferKind;
  at: string;
  seq: number;
}

/**
 * Pairs each GP taken off a dienst with the GP put on it next: within one request (one
 * transaction, as the marketplace completes a trade) first, else the earliest pending removal.
 * Events must be in seq order.
 */
export function pairTransfers(events: readonly ShiftEvent[]): Transfer[] {
  const pending = new Map<string, ShiftEvent[]>();
  const transfers: Transfer[] = [];
  for (const e of events) {
    if (!e.shiftId || !e.gpId) continue;
    if (e.action === 'assignment.removed') {
      pending.set(e.shiftId, [...(pending.get(e.shiftId) ?? []), e]);
    } else if (e.action === 'assignment.added') {
      const queue = pending.get(e.shiftId) ?? [];
      const sameRequest = e.requestId ? queue.findIndex((r) => r.requestId === e.requestId) : -1;
      const index = sameRequest >= 0 ? sameRequest : queue.length > 0 ? 0 : -1;
      if (index < 0) {
        transfers.push({ shiftId: e.shiftId, fromGpId: null, toGpId: e.gpId, kind: 'filled', at: e.at, seq: e.seq });
        continue;
      }
      const [removal] = queue.splice(index, 1);
      transfers.push({ shiftId: e.shiftId, fromGpId: removal.gpId, toGpId: e.gpId, kind: sameRequest >= 0 ? 'trade' : 'replacement', at: e.at, seq: e.seq });
    }
  }
  for (const queue of pending.values()) {
    for (const r of queue) transfers.push({ shiftId: r.shiftId!, fromGpId: r.gpId, toGpId: null, kind: 'given_up', at: r.at, seq: r.seq });
  }
  return transfers.sort((a, b) => a.seq - b.seq);
}
