import { Injectable } from '@nestjs/common';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { assertParty, type Caller } from './acting.js';
import { walkQueue } from './domain/claim-queue.js';
import { undoVerdict, UndoVerdict, type MarketplacePolicy } from './domain/policy.js';
import { ClaimStatus, MarketClaimEntity } from './entities/market-claim.entity.js';
import { MarketOfferEntity, OfferStatus } from './entities/market-offer.entity.js';
import { MarketSwapEntity, SwapStatus } from './entities/market-swap.entity.js';
import { claimView, swapView, type ClaimView, type SwapView } from './market-views.js';
import { MarketplaceError, MarketplaceErrorCode } from './marketplace.errors.js';
import { ACTIVE_SWAP, SwapsService } from './swaps.service.js';
import { TradeLedger } from './trade-ledger.js';
import { TradeSettlement } from './trade-settlement.js';
import { pick, swapPayload, TradeStore, transition } from './trade-store.js';

export interface QueueDecision {
  approved: ClaimView[];
  refused: ClaimView[];
  lost: ClaimView[];
}

/**
 * What planners decide and what the parties take back: approving or refusing queued claims and
 * accepted swaps, and undoing a completed trade within the HDS's undo window.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    private readonly store: TradeStore,
    private readonly ledger: TradeLedger,
    private readonly settlement: TradeSettlement,
    private readonly swaps: SwapsService,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * A planner approves the queue the claim stands in: the earliest valid claims (by created_at,
   * id) fill the open positions; earlier invalid ones are refused with the broken rule; once
   * filled, the rest lose.
   */
  async approveClaim(ctx: ChangeContext, claimId: string, now = new Date()): Promise<QueueDecision> {
    const found = await this.store.findClaim(this.store.outside, ctx.hdsId, claimId);
    return this.store.tx(ctx, async (m) => {
      const locked = await this.ledger.lockShifts(m, ctx.hdsId, [found.shiftId]);
      const shift = locked.get(found.shiftId);
      const claim = await this.store.findClaim(m, ctx.hdsId, claimId);
      if (claim.status !== ClaimStatus.Pending) throw notPending();
      locked.assertTradable(now);
      const queue = await m
        .createQueryBuilder(MarketClaimEntity, 'c')
        .where('c.shift_id = :shiftId AND c.status = :pending', { shiftId: shift.id, pending: ClaimStatus.Pending })
        .andWhere(claim.offerId ? 'c.offer_id = :offerId' : 'c.offer_id IS NULL', { offerId: claim.offerId })
        .orderBy('c.created_at', 'ASC')
        .addOrderBy('c.id', 'ASC')
        .getMany();
      const active = await this.ledger.activeGpIds(m, shift.id);
      const policy = locked.policy;
      const offer = claim.offerId ? await m.findOneBy(MarketOfferEntity, { id: claim.offerId }) : null;
      let positions = Math.max(0, shift.required - active.length);
      if (offer) {
        positions = offer.status === OfferStatus.Open && active.includes(offer.gpId) ? 1 : 0;
        if (positions > 0) await this.ledger.assertMinimumShare(m, policy, offer.gpId, shift, null);
      }
      const claimants = await this.ledger.lockGps(m, ctx.hdsId, queue.map((c) => c.gpId));
      const outcome = await walkQueue(queue, positions, async (c) => {
        if (active.includes(c.gpId)) return { reason: 'De huisarts staat al op deze dienst.', rule: null };
        return this.ledger.verdict(m, pick(claimants, c.gpId), shift);
      });

      const decision: QueueDecision = { approved: [], refused: [], lost: [] };
      for (const { claim: c, reason, rule } of outcome.refused) {
        const after = await transition(m, MarketClaimEntity, c, { from: [ClaimStatus.Pending], to: ClaimStatus.Refused, set: { decisionReason: reason, rule, decidedBy: ctx.actorUserId, decidedAt: now }, refusal: notPending });
        decision.refused.push(claimView(after, policy, now));
        await this.audit.change(
          m,
          ctx,
          { action: 'claim.refused', entityType: 'claim', entityId: c.id, before: { status: c.status }, after: { status: after.status, rule }, reason },
          { type: 'claim.refused', payload: { claimId: c.id, shiftId: shift.id, offerId: c.offerId, gpId: c.gpId, fromGpId: c.fromGpId, rule, reason } },
        );
      }
      for (const c of outcome.winners) {
        const after = await transition(m, MarketClaimEntity, c, { from: [ClaimStatus.Pending], to: ClaimStatus.Completed, set: { decidedBy: ctx.actorUserId, decidedAt: now, completedAt: now }, refusal: notPending });
        decision.approved.push(claimView(after, policy, now));
        await this.audit.change(
          m,
          ctx,
          { action: 'claim.approved', entityType: 'claim', entityId: c.id, before: { status: c.status }, after: { status: after.status } },
          { type: 'claim.approved', payload: { claimId: c.id, shiftId: shift.id, periodId: shift.periodId, offerId: c.offerId, gpId: c.gpId, fromGpId: c.fromGpId, toGpId: c.gpId, reason: null } },
        );
      }
      if (outcome.winners.length > 0) {
        await this.ledger.move(m, ctx.hdsId, outcome.winners.map((c) => ({ shiftId: shift.id, fromGpId: offer?.gpId ?? null, toGpId: c.gpId })), now);
        if (offer) {
          await m.update(MarketOfferEntity, { id: offer.id }, { status: OfferStatus.Taken, closedAt: now });
          await this.settlement.settle(m, ctx, [{ gpId: offer.gpId, shiftId: shift.id }], now);
        }
      }
      if (outcome.lost.length > 0) decision.lost.push(...(await this.settlement.loseClaims(m, ctx, outcome.lost, 'De dienst is aan een andere huisarts gegeven.', now)));
      return decision;
    });
  }

  async refuseClaim(ctx: ChangeContext, claimId: string, reason: string, now = new Date()): Promise<ClaimView> {
    if (!reason?.trim()) throw new MarketplaceError(MarketplaceErrorCode.RefusalReasonRequired, 'Geef een reden voor de afwijzing.', [{ field: 'reason', message: 'verplicht' }]);
    const found = await this.store.findClaim(this.store.outside, ctx.hdsId, claimId);
    return this.store.tx(ctx, async (m) => {
      await this.ledger.lockShift(m, ctx.hdsId, found.shiftId);
      const claim = await this.store.findClaim(m, ctx.hdsId, claimId);
      const after = await transition(m, MarketClaimEntity, claim, { from: [ClaimStatus.Pending], to: ClaimStatus.Refused, set: { decisionReason: reason.trim(), decidedBy: ctx.actorUserId, decidedAt: now }, refusal: notPending });
      await this.audit.change(
        m,
        ctx,
        { action: 'claim.refused', entityType: 'claim', entityId: claim.id, before: { status: claim.status }, after: { status: after.status }, reason: reason.trim() },
        { type: 'claim.refused', payload: { claimId: claim.id, shiftId: claim.shiftId, offerId: claim.offerId, gpId: claim.gpId, fromGpId: claim.fromGpId, rule: null, reason: reason.trim() } },
      );
      return claimView(after, null, now);
    });
  }

  /** Takes a completed claim back within the HDS's undo window: the dienst returns to whom it came from. */
  async undoClaim(ctx: ChangeContext, caller: Caller, claimId: string, reason?: string, now = new Date()): Promise<ClaimView> {
    const found = await this.store.findClaim(this.store.outside, ctx.hdsId, claimId);
    const acting = assertParty(caller, [found.gpId, found.fromGpId], reason);
    return this.store.tx(ctx, async (m) => {
      const locked = await this.ledger.lockShifts(m, ctx.hdsId, [found.shiftId]);
      const shift = locked.get(found.shiftId);
      const claim = await this.store.findClaim(m, ctx.hdsId, claimId);
      if (claim.status !== ClaimStatus.Completed || !claim.completedAt) throw new MarketplaceError(MarketplaceErrorCode.TradeChanged, 'Alleen een afgeronde overname kan ongedaan worden gemaakt.');
      const policy = locked.policy;
      this.assertUndoable(policy, claim.completedAt, now);
      locked.assertTradable(now);
      const active = await this.ledger.activeGpIds(m, shift.id);
      if (!active.includes(claim.gpId) || (claim.fromGpId && active.includes(claim.fromGpId))) {
        throw new MarketplaceError(MarketplaceErrorCode.TradeChanged, 'De bezetting van deze dienst is sinds de overname veranderd; ongedaan maken kan niet meer.');
      }
      if (claim.fromGpId) {
        const giver = pick(await this.ledger.lockGps(m, ctx.hdsId, [claim.fromGpId]), claim.fromGpId);
        await this.ledger.assertLawful(m, [{ gp: giver, shift }]);
      }
      await this.ledger.move(m, ctx.hdsId, [{ shiftId: shift.id, fromGpId: claim.gpId, toGpId: claim.fromGpId }], now);
      const after = await transition(m, MarketClaimEntity, claim, { from: [ClaimStatus.Completed], to: ClaimStatus.Undone, set: { decidedAt: now }, refusal: notPending });
      const gpIds = [claim.gpId, ...(claim.fromGpId ? [claim.fromGpId] : [])];
      await this.audit.change(
        m,
        ctx,
        { action: 'trade.undone', entityType: 'claim', entityId: claim.id, before: { status: claim.status }, after: { status: after.status }, reason: acting.reason },
        { type: 'trade.undone', payload: { claimId: claim.id, shiftId: shift.id, shiftIds: [shift.id], periodId: shift.periodId, gpIds, fromGpId: claim.gpId, toGpId: claim.fromGpId, reason: acting.reason } },
      );
      await this.settlement.settle(m, ctx, [{ gpId: claim.gpId, shiftId: shift.id }], now);
      return claimView(after, policy, now);
    });
  }


  async approveSwap(ctx: ChangeContext, swapId: string, now = new Date()): Promise<SwapView> {
    const found = await this.store.findSwap(this.store.outside, ctx.hdsId, swapId);
    return this.store.tx(ctx, async (m) => {
      const { swap, from, to, policy, crews } = await this.swaps.lockSwap(m, ctx.hdsId, found, [SwapStatus.Accepted], now);
      await this.swaps.checkSwap(m, policy, swap, from, to, crews);
      const after = await this.swaps.completeSwap(m, ctx, swap, from, to, { decidedBy: ctx.actorUserId, decidedAt: now }, now);
      const view = swapView(after, policy, now);
      await this.audit.change(
        m,
        ctx,
        { action: 'swap.approved', entityType: 'swap', entityId: swap.id, before: { status: swap.status }, after: view },
        { type: 'swap.approved', payload: swapPayload(swap, null) },
      );
      return view;
    });
  }

  async refuseSwap(ctx: ChangeContext, swapId: string, reason: string, now = new Date()): Promise<SwapView> {
    if (!reason?.trim()) throw new MarketplaceError(MarketplaceErrorCode.RefusalReasonRequired, 'Geef een reden voor de afwijzing.', [{ field: 'reason', message: 'verplicht' }]);
    const found = await this.store.findSwap(this.store.outside, ctx.hdsId, swapId);
    return this.swaps.closeSwap(ctx, found, ACTIVE_SWAP, SwapStatus.Refused, 'swap.refused', reason.trim(), now, true);
  }


  async undoSwap(ctx: ChangeContext, caller: Caller, swapId: string, reason?: string, now = new Date()): Promise<SwapView> {
    const found = await this.store.findSwap(this.store.outside, ctx.hdsId, swapId);
    const acting = assertParty(caller, [found.fromGpId, found.toGpId], reason);
    return this.store.tx(ctx, async (m) => {
      const locked = await this.ledger.lockShifts(m, ctx.hdsId, [found.fromShiftId, found.toShiftId]);
      const from = locked.get(found.fromShiftId);
      const to = locked.get(found.toShiftId);
      const swap = await this.store.findSwap(m, ctx.hdsId, found.id);
      if (swap.status !== SwapStatus.Completed || !swap.completedAt) throw new MarketplaceError(MarketplaceErrorCode.TradeChanged, 'Alleen een afgeronde ruil kan ongedaan worden gemaakt.');
      const policy = locked.policy;
      this.assertUndoable(policy, swap.completedAt, now);
      locked.assertTradable(now);
      // After the swap the proposer holds `to` and the other GP `from`; undoing swaps them back.
      const onFrom = await this.ledger.activeGpIds(m, from.id);
      const onTo = await this.ledger.activeGpIds(m, to.id);
      if (!onFrom.includes(swap.toGpId) || !onTo.includes(swap.fromGpId) || onFrom.includes(swap.fromGpId) || onTo.includes(swap.toGpId)) {
        throw new MarketplaceError(MarketplaceErrorCode.TradeChanged, 'De bezetting van deze diensten is sinds de ruil veranderd; ongedaan maken kan niet meer.');
      }
      const both = await this.ledger.lockGps(m, ctx.hdsId, [swap.fromGpId, swap.toGpId]);
      await this.ledger.assertLawful(m, [
        { gp: pick(both, swap.fromGpId), shift: from, ignoreShiftIds: [to.id] },
        { gp: pick(both, swap.toGpId), shift: to, ignoreShiftIds: [from.id] },
      ]);
      await this.ledger.move(m, ctx.hdsId, [{ shiftId: from.id, fromGpId: swap.toGpId, toGpId: swap.fromGpId }, { shiftId: to.id, fromGpId: swap.fromGpId, toGpId: swap.toGpId }], now);
      const after = await transition(m, MarketSwapEntity, swap, { from: [SwapStatus.Completed], to: SwapStatus.Undone, set: { decidedAt: now }, refusal: () => new MarketplaceError(MarketplaceErrorCode.TradeChanged, 'Alleen een afgeronde ruil kan ongedaan worden gemaakt.') });
      await this.audit.change(
        m,
        ctx,
        { action: 'trade.undone', entityType: 'swap', entityId: swap.id, before: { status: swap.status }, after: { status: after.status }, reason: acting.reason },
        { type: 'trade.undone', payload: { ...swapPayload(swap, acting.reason), periodId: from.periodId } },
      );
      await this.settlement.settle(m, ctx, [{ gpId: swap.toGpId, shiftId: from.id }, { gpId: swap.fromGpId, shiftId: to.id }], now);
      return swapView(after, policy, now);
    });
  }


  private assertUndoable(policy: MarketplacePolicy, completedAt: Date, now: Date): void {
    const verdict = undoVerdict(policy, completedAt.getTime(), now.getTime());
    if (verdict === UndoVerdict.NotAllowed) throw new MarketplaceError(MarketplaceErrorCode.UndoNotAllowed, 'Deze HDS staat het ongedaan maken van ruilen niet toe.');
    if (verdict === UndoVerdict.WindowPassed) throw new MarketplaceError(MarketplaceErrorCode.UndoWindowPassed, `Ongedaan maken kan tot ${policy.undoWindowMinutes} minuten na de ruil; die termijn is voorbij.`);
  }
}

function notPending(): MarketplaceError {
  return new MarketplaceError(MarketplaceErrorCode.ClaimNotPending, 'Deze claim is al afgehandeld.');
}
