import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PendingTrade, TentativeShiftSource } from '@anw/calendars';
import { ClaimStatus } from './entities/market-claim.entity.js';
import { OfferStatus } from './entities/market-offer.entity.js';
import { SwapStatus } from './entities/market-swap.entity.js';

/** Swaps still waiting for the other GP or for a planner. */
const PENDING_SWAPS = [SwapStatus.Proposed, SwapStatus.Accepted];

/**
 * The marketplace's pending trades for the iCal feeds, which show their diensten as TENTATIVE:
 * a swap moves two diensten (each GP gives theirs to the other), a claim awaiting a planner moves
 * one from the offer's GP (or from nobody, for an open position) to the claimant, and an open
 * offer is given away to whoever takes it. Only what can still happen counts: an offer past its
 * deadline can no longer be claimed, and a dienst that started or was removed no longer trades
 * (judged at render time; feeds render again on the HDS's next change and at least once a day).
 * One statement per call: the feeds ask on every render of an HDS's feeds.
 */
@Injectable()
export class TentativeTrades implements TentativeShiftSource {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async pendingTrades(hdsId: string): Promise<readonly PendingTrade[]> {
    const rows = (await this.dataSource.query(
      `SELECT t.shift_id, t.from_gp_id, t.to_gp_id
         FROM (
           SELECT x.shift_id, x.from_gp_id, x.to_gp_id
             FROM market_swaps w
            CROSS JOIN LATERAL (VALUES (w.from_shift_id, w.from_gp_id, w.to_gp_id), (w.to_shift_id, w.to_gp_id, w.from_gp_id)) AS x (shift_id, from_gp_id, to_gp_id)
            WHERE w.hds_id = $1 AND w.status = ANY($2)
           UNION ALL
           SELECT c.shift_id, c.from_gp_id, c.gp_id FROM market_claims c WHERE c.hds_id = $1 AND c.status = $3
           UNION ALL
           SELECT o.shift_id, o.gp_id, NULL::uuid FROM market_offers o WHERE o.hds_id = $1 AND o.status = $4 AND (o.deadline IS NULL OR o.deadline > now())
         ) t
         JOIN shifts s ON s.id = t.shift_id
        WHERE s.removed_at IS NULL AND s.start_at > now()`,
      [hdsId, PENDING_SWAPS, ClaimStatus.Pending, OfferStatus.Open],
    )) as { shift_id: string; from_gp_id: string | null; to_gp_id: string | null }[];
    return rows.map((r) => ({ shiftId: r.shift_id, fromGpId: r.from_gp_id, toGpId: r.to_gp_id }));
  }
}
