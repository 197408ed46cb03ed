import type { EntityManager } from 'typeorm';

// The advisory-lock namespace of roster periods (hashtextextended's seed); 11 serialises period creation per HDS.
const PERIOD_LOCK_SEED = 13;

/**
 * Trades and a period's lifecycle changes exclude each other: a trade holds the lock of the
 * periods of its diensten shared (trades run side by side), closing a period and amending a
 * published one hold it exclusively, so a close waits for the trades in flight and the trades
 * after it wait for the close and then see the period closed. Each is taken in a statement of its
 * own before any row lock of the transaction: the statements after it read with a snapshot that
 * sees what the holder before committed, and everyone takes the period before its diensten, so
 * trades and planners never wait on each other in a circle. Advisory rather than the period row's
 * lock: hundreds of trades share one period, and the lock manager queues a waiting close ahead of
 * trades that arrive after it, where shared row locks would let a stream of trades starve it.
 */
export const PeriodLocks = {
  /** For a trade: the periods of these diensten, shared, in one order. */
  async sharedForShifts(m: EntityManager, { shiftIds }: { shiftIds: readonly string[] }): Promise<void> {
    await m.query(
      `SELECT pg_advisory_xact_lock_shared(k)::text FROM (SELECT DISTINCT hashtextextended(period_id::text, $2) AS k FROM shifts WHERE id = ANY($1::uuid[]) ORDER BY k) periods`,
      [[...new Set(shiftIds)], PERIOD_LOCK_SEED],
    );
  },

  /** For closing or amending: this period, exclusively. */
  async exclusive(m: EntityManager, { periodId }: { periodId: string }): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1::text, $2))::text', [periodId, PERIOD_LOCK_SEED]);
  },

  /** For a change of one dienst (a planner's): its period exclusively, found from the dienst. */
  async exclusiveForShift(m: EntityManager, { shiftId }: { shiftId: string }): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(hashtextextended(period_id::text, $2))::text FROM shifts WHERE id = $1', [shiftId, PERIOD_LOCK_SEED]);
  },
};
