/** An audit record as the trades report reads it. */
export interface ShiftEvent {
  seq: number;
  at: string;
  action: string;
  shiftId: string | null;
  gpId: string | null;
  requestId: string | null;
}

export type TransferKind = 'trade' | 'replacement' | 'given_up' | 'filled' | 'claim' | 'swap' | 'undone';

/** A dienst that changed hands after publication. */
export interface Transfer {
  shiftId: string;
  fromGpId: string | null;
  toGpId: string | null;
  /**
   * trade: taken off and put on in one transaction; replacement: in separate steps (a planner's
   * amendments); given_up: nobody took it (yet); filled: an open position taken; claim and swap:
   * completed in the marketplace; undone: a marketplace trade reversed.
   */
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

/** A marketplace audit record (entity `claim` or `swap`): `after` holds the claim or swap as it was then. */
export interface MarketRecord {
  seq: number;
  at: string;
  action: string;
  entityType: string;
  entityId: string;
  after: Record<string, unknown> | null;
}

interface Deal {
  claim?: { shiftId: string; gpId: string; fromGpId: string | null };
  swap?: { fromGpId: string; fromShiftId: string; toGpId: string; toShiftId: string };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * The diensten that changed hands through the marketplace: a claim won or approved moves its
 * dienst to the claimant; a swap completed (accepted without approval, or approved) moves both;
 * an undo moves them back. Who and which dienst come from the records' own snapshots of the
 * claim or swap (the record that created it carries them). Records must be in seq order.
 */
export function marketTransfers(records: readonly MarketRecord[]): Transfer[] {
  const deals = new Map<string, Deal>();
  const transfers: Transfer[] = [];
  const move = (r: MarketRecord, shiftId: string, fromGpId: string | null, toGpId: string | null, kind: TransferKind): void => {
    transfers.push({ shiftId, fromGpId, toGpId, kind, at: r.at, seq: r.seq });
  };
  for (const r of records) {
    const deal = deals.get(r.entityId) ?? {};
    const a = r.after ?? {};
    if (r.entityType === 'claim' && str(a.shiftId) && str(a.gpId)) deal.claim = { shiftId: str(a.shiftId)!, gpId: str(a.gpId)!, fromGpId: str(a.fromGpId) };
    if (r.entityType === 'swap' && str(a.fromShiftId) && str(a.toShiftId) && str(a.fromGpId) && str(a.toGpId)) {
      deal.swap = { fromGpId: str(a.fromGpId)!, fromShiftId: str(a.fromShiftId)!, toGpId: str(a.toGpId)!, toShiftId: str(a.toShiftId)! };
    }
    deals.set(r.entityId, deal);
    const completed = r.action === 'claim.won' || r.action === 'claim.approved' || r.action === 'swap.approved' || (r.action === 'swap.accepted' && a.status === 'completed');
    if (completed && deal.claim) move(r, deal.claim.shiftId, deal.claim.fromGpId, deal.claim.gpId, 'claim');
    if (completed && deal.swap) {
      move(r, deal.swap.fromShiftId, deal.swap.fromGpId, deal.swap.toGpId, 'swap');
      move(r, deal.swap.toShiftId, deal.swap.toGpId, deal.swap.fromGpId, 'swap');
    }
    if (r.action === 'trade.undone' && deal.claim) move(r, deal.claim.shiftId, deal.claim.gpId, deal.claim.fromGpId, 'undone');
    if (r.action === 'trade.undone' && deal.swap) {
      move(r, deal.swap.fromShiftId, deal.swap.toGpId, deal.swap.fromGpId, 'undone');
      move(r, deal.swap.toShiftId, deal.swap.fromGpId, deal.swap.toGpId, 'undone');
    }
  }
  return transfers;
}
