import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { prepared } from '@anw/platform';
import type { GpEntity, ShiftEntity } from '@anw/rosters';
import { assertParty, resolveActing, type Caller } from './acting.js';
import { needsApproval, type MarketplacePolicy } from './domain/policy.js';
import { MarketSwapEntity, SwapStatus } from './entities/market-swap.entity.js';
import { swapView, type SwapView } from './market-views.js';
import { MarketplaceError, MarketplaceErrorCode } from './marketplace.errors.js';
import { TradeLedger } from './trade-ledger.js';
import { TradeSettlement } from './trade-settlement.js';
import { pick, swapPayload, TradeStore, transition } from './trade-store.js';

export interface SwapInput {
  /** The proposer's dienst. */
  shiftId: string;
  /** The other GP's dienst, and who that is. */
  otherShiftId: string;
  toGpId: string;
  gpId?: string;
  reason?: string;
}

export const ACTIVE_SWAP = [SwapStatus.Proposed, SwapStatus.Accepted];

function notOpen(swap: MarketSwapEntity): MarketplaceError {
  return new MarketplaceError(MarketplaceErrorCode.SwapNotOpen, `Dit ruilvoorstel is niet meer open (${swap.status}).`);
}

type SwapCrews = { gps: Map<string, GpEntity>; crews: Map<string, string[]> };

/**
 * Swaps between two GPs: proposed by one, accepted (or declined) by the other, completed at once
 * or after a planner's approval (ApprovalsService); both GPs are checked against the hard rules,
 * each with the dienst they give away ignored.
 */
@Injectable()
export class SwapsService {
  constructor(
    private readonly store: TradeStore,
    private readonly ledger: TradeLedger,
    private readonly settlement: TradeSettlement,
    private readonly audit: AuditTrail,
  ) {}

  async proposeSwap(ctx: ChangeContext, caller: Caller, input: SwapInput, now = new Date()): Promise<SwapView> {
    const acting = resolveActing(caller, input.gpId, input.reason);
    if (input.shiftId === input.otherShiftId) throw new MarketplaceError(MarketplaceErrorCode.SwapInvalid, 'Een ruil gaat over twee verschillende diensten.', [{ field: 'otherShiftId', message: 'gelijk aan shiftId' }]);
    if (input.toGpId === acting.gpId) throw new MarketplaceError(MarketplaceErrorCode.SwapInvalid, 'U kunt niet met uzelf ruilen.', [{ field: 'toGpId', message: 'gelijk aan de voorsteller' }]);
    return this.store.tx(ctx, async (m) => {
      const locked = await this.ledger.lockShifts(m, ctx.hdsId, [input.shiftId, input.otherShiftId]);
      const mine = locked.get(input.shiftId);
      const theirs = locked.get(input.otherShiftId);
      locked.assertTradable(now);
      await this.assertSwapHolds(m, acting.gpId, mine, input.toGpId, theirs, MarketplaceErrorCode.NotOnShift);
      if (await m.exists(MarketSwapEntity, { where: { fromShiftId: mine.id, toShiftId: theirs.id, fromGpId: acting.gpId, toGpId: input.toGpId, status: In(ACTIVE_SWAP) } })) {
        throw new MarketplaceError(MarketplaceErrorCode.SwapExists, 'Dit ruilvoorstel staat al open.');
      }
      // Said now; checked again, under lock, when the swap completes.
      await this.ledger.assertLawful(m, [
        { gp: await this.ledger.gp(m, ctx.hdsId, acting.gpId), shift: theirs, ignoreShiftIds: [mine.id] },
        { gp: await this.ledger.gp(m, ctx.hdsId, input.toGpId), shift: mine, ignoreShiftIds: [theirs.id] },
      ]);
      const swap = await m.save(
        MarketSwapEntity,
        m.create(MarketSwapEntity, { hdsId: ctx.hdsId, fromGpId: acting.gpId, fromShiftId: mine.id, toGpId: input.toGpId, toShiftId: theirs.id, status: SwapStatus.Proposed, reason: acting.reason, createdBy: ctx.actorUserId }),
      );
      const view = swapView(swap, null, now);
      await this.audit.change(m, ctx, { action: 'swap.proposed', entityType: 'swap', entityId: swap.id, after: view, reason: acting.reason }, { type: 'swap.proposed', payload: swapPayload(swap, acting.reason) });
      return view;
    });
  }

  /** The other GP accepts: the swap completes at once when lawful, or waits for a planner when approval is needed. */
  async acceptSwap(ctx: ChangeContext, caller: Caller, swapId: string, reason?: string, now = new Date()): Promise<SwapView> {
    const found = await this.store.findSwap(this.store.outside, ctx.hdsId, swapId);
    const acting = assertParty(caller, [found.toGpId], reason);
    if (found.status !== SwapStatus.Proposed) throw notOpen(found);
    return this.store.tx(ctx, async (m) => {
      const { swap, from, to, policy, crews } = await this.lockSwap(m, ctx.hdsId, found, [SwapStatus.Proposed], now);
      await this.checkSwap(m, policy, swap, from, to, crews);
      if (needsApproval(policy, [from.startAt.getTime(), to.startAt.getTime()], now.getTime())) {
        const after = await transition(m, MarketSwapEntity, swap, { from: [SwapStatus.Proposed], to: SwapStatus.Accepted, set: { respondedAt: now }, refusal: () => notOpen(swap) });
        const view = swapView(after, policy, now);
        await this.audit.change(
          m,
          ctx,
          { action: 'swap.accepted', entityType: 'swap', entityId: swap.id, before: { status: swap.status }, after: view, reason: acting.reason },
          { type: 'swap.accepted', payload: { ...swapPayload(swap, acting.reason), awaitingApproval: true } },
        );
        return view;
      }
      const after = await this.completeSwap(m, ctx, swap, from, to, { respondedAt: now }, now);
      const view = swapView(after, policy, now);
      await this.audit.change(
        m,
        ctx,
        { action: 'swap.accepted', entityType: 'swap', entityId: swap.id, before: { status: swap.status }, after: view, reason: acting.reason },
        { type: 'swap.accepted', payload: { ...swapPayload(swap, acting.reason), awaitingApproval: false } },
      );
      return view;
    });
  }

  async declineSwap(ctx: ChangeContext, caller: Caller, swapId: string, reason?: string, now = new Date()): Promise<SwapView> {
    const found = await this.store.findSwap(this.store.outside, ctx.hdsId, swapId);
    const acting = assertParty(caller, [found.toGpId], reason);
    return this.closeSwap(ctx, found, [SwapStatus.Proposed], SwapStatus.Declined, 'swap.declined', acting.reason, now);
  }

  async withdrawSwap(ctx: ChangeContext, caller: Caller, swapId: string, reason?: string, now = new Date()): Promise<SwapView> {
    const found = await this.store.findSwap(this.store.outside, ctx.hdsId, swapId);
    const acting = assertParty(caller, [found.fromGpId], reason);
    return this.closeSwap(ctx, found, ACTIVE_SWAP, SwapStatus.Withdrawn, 'swap.withdrawn', acting.reason, now);
  }


  /** Both GPs still hold what they would give, and neither already works the other's dienst. */
  private async assertSwapHolds(m: EntityManager, fromGpId: string, from: ShiftEntity, toGpId: string, to: ShiftEntity, code: MarketplaceErrorCode.NotOnShift | MarketplaceErrorCode.SwapStale): Promise<void> {
    this.assertSwapCrews(fromGpId, await this.ledger.activeGpIds(m, from.id), toGpId, await this.ledger.activeGpIds(m, to.id), code);
  }

  private assertSwapCrews(fromGpId: string, onFrom: string[], toGpId: string, onTo: string[], code: MarketplaceErrorCode.NotOnShift | MarketplaceErrorCode.SwapStale): void {
    if (!onFrom.includes(fromGpId)) throw new MarketplaceError(code, 'De voorsteller staat niet (meer) op de aangeboden dienst.');
    if (!onTo.includes(toGpId)) throw new MarketplaceError(code, 'De andere huisarts staat niet (meer) op de gevraagde dienst.');
    if (onTo.includes(fromGpId) || onFrom.includes(toGpId)) throw new MarketplaceError(MarketplaceErrorCode.AlreadyOnShift, 'Een van beiden staat al op de dienst van de ander.');
  }

  /**
   * Locks a swap's diensten, reads the swap again under those locks, and locks both GPs with who is
   * on the diensten now. A swap's GPs and diensten never change once proposed, so the ones read
   * before are the ones to lock.
   */
  async lockSwap(
    m: EntityManager,
    hdsId: string,
    found: MarketSwapEntity,
    statuses: SwapStatus[],
    now: Date,
  ): Promise<{ swap: MarketSwapEntity; from: ShiftEntity; to: ShiftEntity; policy: MarketplacePolicy; crews: SwapCrews }> {
    const locked = await this.ledger.lockShifts(m, hdsId, [found.fromShiftId, found.toShiftId]);
    const swap = await this.store.findSwap(m, hdsId, found.id);
    if (!statuses.includes(swap.status)) throw notOpen(swap);
    locked.assertTradable(now);
    const crews = await this.ledger.lockGpsAndCrews(m, hdsId, [found.fromGpId, found.toGpId], [found.fromShiftId, found.toShiftId]);
    return { swap, from: locked.get(swap.fromShiftId), to: locked.get(swap.toShiftId), policy: locked.policy, crews };
  }

  /** Both GPs against the hard rules, each with the dienst they give away ignored, and the minimum share. */
  async checkSwap(m: EntityManager, policy: MarketplacePolicy, swap: MarketSwapEntity, from: ShiftEntity, to: ShiftEntity, { gps: both, crews }: SwapCrews): Promise<void> {
    this.assertSwapCrews(swap.fromGpId, crews.get(from.id) ?? [], swap.toGpId, crews.get(to.id) ?? [], MarketplaceErrorCode.SwapStale);
    await this.ledger.assertLawful(m, [
      { gp: pick(both, swap.fromGpId), shift: to, ignoreShiftIds: [from.id] },
      { gp: pick(both, swap.toGpId), shift: from, ignoreShiftIds: [to.id] },
    ]);
    await this.ledger.assertMinimumShare(m, policy, swap.fromGpId, from, to);
    await this.ledger.assertMinimumShare(m, policy, swap.toGpId, to, from);
  }

  /**
   * The swap completes: both moves, the swap's status, and what the two GPs gave away settled
   * (settle), in that order: the swap is completed before settle looks for open proposals, so it
   * never cancels itself.
   */
  async completeSwap(m: EntityManager, ctx: ChangeContext, swap: MarketSwapEntity, from: ShiftEntity, to: ShiftEntity, extra: Partial<MarketSwapEntity>, now: Date): Promise<MarketSwapEntity> {
    const after = m.create(MarketSwapEntity, { ...swap, ...extra, status: SwapStatus.Completed, completedAt: now });
    await this.ledger.move(m, ctx.hdsId, [{ shiftId: from.id, fromGpId: swap.fromGpId, toGpId: swap.toGpId }, { shiftId: to.id, fromGpId: swap.toGpId, toGpId: swap.fromGpId }], now);
    await prepared(m, 'market.complete-swap', 'UPDATE market_swaps SET status = $2, completed_at = $3, responded_at = $4, decided_by = $5, decided_at = $6 WHERE id = $1', [
      after.id,
      after.status,
      after.completedAt,
      after.respondedAt,
      after.decidedBy,
      after.decidedAt,
    ]);
    await this.settlement.settle(m, ctx, [{ gpId: swap.fromGpId, shiftId: from.id }, { gpId: swap.toGpId, shiftId: to.id }], now);
    return after;
  }

  async closeSwap(ctx: ChangeContext, found: MarketSwapEntity, from: SwapStatus[], to: SwapStatus, event: string, reason: string | null, now: Date, byPlanner = false): Promise<SwapView> {
    return this.store.tx(ctx, async (m) => {
      await this.ledger.lockShifts(m, ctx.hdsId, [found.fromShiftId, found.toShiftId]);
      const swap = await this.store.findSwap(m, ctx.hdsId, found.id);
      const after = await transition(m, MarketSwapEntity, swap, {
        from,
        to,
        set: { decisionReason: reason, ...(byPlanner ? { decidedBy: ctx.actorUserId, decidedAt: now } : to === SwapStatus.Declined ? { respondedAt: now } : { decidedAt: now }) },
        refusal: () => notOpen(swap),
      });
      const view = swapView(after, null, now);
      await this.audit.change(m, ctx, { action: event, entityType: 'swap', entityId: swap.id, before: { status: swap.status }, after: view, reason }, { type: event, payload: swapPayload(swap, reason) });
      return view;
    });
  }
}
