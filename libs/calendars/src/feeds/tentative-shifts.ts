/** A swap or claim awaiting its outcome: the dienst may move from one GP to another. */
export interface PendingTrade {
  shiftId: string;
  /** The GP who would give the dienst away (null: an open dienst being claimed). */
  fromGpId: string | null;
  /** The GP who would take it (null: offered to anyone). */
  toGpId: string | null;
}

/**
 * Extension point for the marketplace (swaps, offers, claims): provide this token and feeds show
 * the diensten of pending trades as STATUS:TENTATIVE — in the giving GP's feed, in the taking
 * GP's feed, and in post and HDS feeds. Its tables must notify the feeds when they change: give
 * them the statement triggers of the calendars migration (`EXECUTE FUNCTION
 * calendar_notify_changes('hds_id')` after insert, update and delete), or call
 * `notifyCalendarChange` in the changing transaction.
 */
export interface TentativeShiftSource {
  pendingTrades(hdsId: string): Promise<readonly PendingTrade[]>;
}

export const TENTATIVE_SHIFT_SOURCE = Symbol('TENTATIVE_SHIFT_SOURCE');
