import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { prepared } from '@anw/platform';
import type { ShiftEntity } from '@anw/rosters';
import { ClaimStatus, MarketClaimEntity } from './entities/market-claim.entity.js';
import { MarketOfferEntity, OfferStatus } from './entities/market-offer.entity.js';
import { MarketSwapEntity, SwapStatus } from './entities/market-swap.entity.js';
import { claimView, type ClaimView } from './market-views.js';
import { swapPayload, transition } from './trade-store.js';

/**
 * What follows from a dienst changing hands, in the trade's transaction: the claims queued for it
 * lose, the giver's offers of it are void and their swap proposals that counted on it cancelled.
 */
@Injectable()
export class TradeSettlement {
  constructor(private readonly audit: AuditTrail) {}

  /** After a position was filled: when the dienst is full (or the offer taken), the claims still queued for it lose. */
  async afterFill(m: EntityManager, ctx: ChangeContext, shift: ShiftEntity, offerId: string | null, filled: number, now: Date): Promise<void> {
    if (offerId || filled >= shift.required) await this.loseQueue(m, ctx, shift.id, offerId, 'De dienst is aan een andere huisarts gegeven.', now);
  }

  async loseQueue(m: EntityManager, ctx: ChangeContext, shiftId: string, offerId: string | null, reason: string, now: Date): Promise<void> {
    // Usually nobody is queued: a cheap look first.
    const [queued] = (await m.query('SELECT EXISTS (SELECT 1 FROM market_claims WHERE shift_id = $1 AND status = $3 AND offer_id IS NOT DISTINCT FROM $2::uuid) AS any', [shiftId, offerId, ClaimStatus.Pending])) as { any: boolean }[];
    if (!queued.any) return;
    const queue = await m
      .createQueryBuilder(MarketClaimEntity, 'c')
      .where('c.shift_id = :shiftId AND c.status = :pending', { shiftId, pending: ClaimStatus.Pending })
      .andWhere(offerId ? 'c.offer_id = :offerId' : 'c.offer_id IS NULL', { offerId })
      .getMany();
    await this.loseClaims(m, ctx, queue, reason, now);
  }

  async loseClaims(m: EntityManager, ctx: ChangeContext, claims: MarketClaimEntity[], reason: string, now: Date): Promise<ClaimView[]> {
    const views: ClaimView[] = [];
    for (const c of claims) {
      const after = await transition(m, MarketClaimEntity, c, {
        from: [ClaimStatus.Pending],
        to: ClaimStatus.Lost,
        set: { decisionReason: reason, decidedAt: now },
        refusal: () => new Error(`claim ${c.id} is niet meer in de wachtrij`),
      });
      views.push(claimView(after, null, now));
      await this.audit.change(
        m,
        ctx,
        { action: 'claim.lost', entityType: 'claim', entityId: c.id, before: { status: c.status }, after: { status: after.status }, reason },
        { type: 'claim.lost', payload: { claimId: c.id, shiftId: c.shiftId, offerId: c.offerId, gpId: c.gpId, fromGpId: c.fromGpId, reason } },
      );
    }
    return views;
  }

  /**
   * A GP gave a dienst away: their open offers of it are void (and the claims queued on those
   * lose), and open swap proposals that counted on them holding it are cancelled.
   */
  async settle(m: EntityManager, ctx: ChangeContext, gave: { gpId: string; shiftId: string }[], now: Date): Promise<void> {
    const reason = 'Een van beiden staat niet meer op de dienst die geruild zou worden.';
    // One statement for every dienst given away: cancels the proposals that counted on it and finds
    // the open offers of it. A proposal names two diensten and this transaction holds the lock of
    // only one: another trade holding the other may be cancelling the same proposal right now.
    // Skip what it has locked (it cancels it; and a stale proposal is refused when accepted anyway)
    // rather than wait for it.
    const rows = (await prepared(m, 'market.settle',
      `WITH gave AS (SELECT * FROM unnest($4::uuid[], $5::uuid[]) AS t(gp_id, shift_id)),
            cancelled AS (
              UPDATE market_swaps SET status = $1, decision_reason = $2, decided_at = $3
               WHERE id IN (SELECT s.id FROM market_swaps s JOIN gave g ON (s.from_gp_id = g.gp_id AND s.from_shift_id = g.shift_id) OR (s.to_gp_id = g.gp_id AND s.to_shift_id = g.shift_id)
                             WHERE s.status = ANY($6::text[])
                             ORDER BY s.id FOR UPDATE OF s SKIP LOCKED)
               RETURNING id, from_gp_id, from_shift_id, to_gp_id, to_shift_id)
       SELECT 'swap' AS k, id, from_gp_id, from_shift_id, to_gp_id, to_shift_id, NULL::text AS status FROM cancelled
       UNION ALL
       SELECT 'offer', o.id, o.gp_id, o.shift_id, NULL, NULL, o.status FROM market_offers o JOIN gave g ON o.gp_id = g.gp_id AND o.shift_id = g.shift_id WHERE o.status = $7`,
      [SwapStatus.Cancelled, reason, now, gave.map((g) => g.gpId), gave.map((g) => g.shiftId), [SwapStatus.Proposed, SwapStatus.Accepted], OfferStatus.Open],
    )).rows as { k: 'swap' | 'offer'; id: string; from_gp_id: string; from_shift_id: string; to_gp_id: string; to_shift_id: string; status: OfferStatus }[];
    for (const offer of rows.filter((r) => r.k === 'offer')) {
      await m.update(MarketOfferEntity, { id: offer.id }, { status: OfferStatus.Cancelled, closedAt: now });
      await this.audit.change(m, ctx, { action: 'offer.cancelled', entityType: 'offer', entityId: offer.id, before: { status: offer.status }, after: { status: OfferStatus.Cancelled } });
      await this.loseQueue(m, ctx, offer.from_shift_id, offer.id, 'De aanbieder staat niet meer op deze dienst.', now);
    }
    const cancelled = rows
      .filter((r) => r.k === 'swap')
      .map((r) => m.create(MarketSwapEntity, { id: r.id, fromGpId: r.from_gp_id, fromShiftId: r.from_shift_id, toGpId: r.to_gp_id, toShiftId: r.to_shift_id }));
    for (const swap of cancelled) {
      await this.audit.change(
        m,
        ctx,
        { action: 'swap.cancelled', entityType: 'swap', entityId: swap.id, after: { status: SwapStatus.Cancelled }, reason },
        { type: 'swap.cancelled', payload: swapPayload(swap, reason) },
      );
    }
  }
}
