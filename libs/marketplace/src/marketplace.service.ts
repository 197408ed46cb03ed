import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { AssignmentSource, GpEntity, RosterError, RosterErrorCode, type ShiftEntity } from '@anw/rosters';
import { assertParty, resolveActing, type Caller } from './acting.js';
import { walkQueue } from './domain/claim-queue.js';
import { needsApproval, undoVerdict, UndoVerdict, type MarketplacePolicy } from './domain/policy.js';
import { ClaimStatus, MarketClaimEntity } from './entities/market-claim.entity.js';
import { MarketOfferEntity, OfferAudience, OfferStatus } from './entities/market-offer.entity.js';
import { MarketSwapEntity, SwapStatus } from './entities/market-swap.entity.js';
import { claimView, offerView, swapView, type ClaimView, type OfferView, type SwapView } from './market-views.js';
import { MarketplaceError, MarketplaceErrorCode } from './marketplace.errors.js';
import { prepared } from '@anw/platform';
import { MarketplaceGate } from './hds-gate.js';
import { BY_ID, TradeLedger } from './trade-ledger.js';

export interface OfferInput {
  shiftId: string;
  /** Offer only to these colleagues; omitted or empty: to everyone eligible. */
  gpIds?: string[];
  deadline?: string | null;
  /** A planner acting for a GP names them, with a reason. */
  gpId?: string;
  reason?: string;
}

export interface ClaimInput {
  /** An open (unfilled) position of this dienst… */
  shiftId?: string;
  /** …or an offered dienst. */
  offerId?: string;
  gpId?: string;
  reason?: string;
}

export interface SwapInput {
  /** The proposer's dienst. */
  shiftId: string;
  /** The other GP's dienst, and who that is. */
  otherShiftId: string;
  toGpId: string;
  gpId?: string;
  reason?: string;
}

export interface QueueDecision {
  approved: ClaimView[];
  refused: ClaimView[];
  lost: ClaimView[];
}

const ACTIVE_SWAP = [SwapStatus.Proposed, SwapStatus.Accepted];

interface SwapRow {
  id: string;
  hds_id: string;
  from_gp_id: string;
  from_shift_id: string;
  to_gp_id: string;
  to_shift_id: string;
  status: SwapStatus;
  reason: string | null;
  decision_reason: string | null;
  created_by: string | null;
  created_at: Date;
  responded_at: Date | null;
  decided_by: string | null;
  decided_at: Date | null;
  completed_at: Date | null;
}

/**
 * The marketplace: offering, claiming and swapping diensten after publication, with approval by
 * policy, first-come-first-served queues and undo. Every change is one transaction that takes the
 * row locks in one order (see TradeLedger), re-checks the engine's hard rules for every GP who
 * gains a dienst, and writes its audit record and outbox event. Trades make no roster version
 * (they are not planner amendments) but raise the diensten's revision.
 */
@Injectable()
export class MarketplaceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly ledger: TradeLedger,
    private readonly gate: MarketplaceGate,
  ) {}

  // ---- offers ------------------------------------------------------------------------------

  async offer(ctx: ChangeContext, caller: Caller, input: OfferInput, now = new Date()): Promise<OfferView> {
    const acting = resolveActing(caller, input.gpId, input.reason);
    const named = [...new Set(input.gpIds ?? [])];
    if (named.includes(acting.gpId)) throw new MarketplaceError(MarketplaceErrorCode.OfferInvalid, 'U kunt een dienst niet aan uzelf aanbieden.', [{ field: 'gpIds', message: 'bevat de aanbieder zelf' }]);
    const deadline = input.deadline ? new Date(input.deadline) : null;
    return this.tx(ctx, async (m) => {
      const locked = await this.ledger.lockShifts(m, ctx.hdsId, [input.shiftId]);
      const shift = locked.get(input.shiftId);
      locked.assertTradable(now);
      const active = await this.ledger.activeGpIds(m, shift.id);
      if (!active.includes(acting.gpId)) throw new MarketplaceError(MarketplaceErrorCode.NotOnShift, 'U staat niet op deze dienst en kunt hem dus niet aanbieden.');
      if (deadline && (deadline.getTime() <= now.getTime() || deadline.getTime() > shift.startAt.getTime())) {
        throw new MarketplaceError(MarketplaceErrorCode.DeadlineInvalid, 'De uiterste datum moet in de toekomst liggen en niet na het begin van de dienst.', [{ field: 'deadline', message: 'buiten bereik' }]);
      }
      if (named.length > 0) {
        const found = await m.count(GpEntity, { where: { hdsId: ctx.hdsId, id: In(named) } });
        if (found !== named.length) throw new RosterError(RosterErrorCode.GpNotFound, 'Een of meer genoemde collega’s bestaan niet in deze HDS.');
      }
      if (await m.exists(MarketOfferEntity, { where: { shiftId: shift.id, gpId: acting.gpId, status: OfferStatus.Open } })) {
        throw new MarketplaceError(MarketplaceErrorCode.OfferExists, 'U biedt deze dienst al aan.');
      }
      const policy = locked.policy;
      // Said now rather than when a colleague has already claimed it.
      await this.ledger.assertMinimumShare(m, policy, acting.gpId, shift, null);
      const offer = await m.save(
        MarketOfferEntity,
        m.create(MarketOfferEntity, {
          hdsId: ctx.hdsId,
          shiftId: shift.id,
          gpId: acting.gpId,
          audience: named.length > 0 ? OfferAudience.Named : OfferAudience.All,
          namedGpIds: named,
          deadline,
          status: OfferStatus.Open,
          reason: acting.reason,
          createdBy: ctx.actorUserId,
        }),
      );
      const view = offerView(offer, now);
      await this.audit.change(m, ctx, { action: 'offer.created', entityType: 'offer', entityId: offer.id, after: view, reason: acting.reason },
        {
          type: 'offer.created',
          payload: { offerId: offer.id, shiftId: shift.id, periodId: shift.periodId, fromGpId: acting.gpId, ...(named.length > 0 ? { gpIds: named } : {}), deadline: view.deadline, reason: acting.reason },
        },
      );
      return view;
    });
  }

  async withdrawOffer(ctx: ChangeContext, caller: Caller, offerId: string, reason?: string, now = new Date()): Promise<OfferView> {
    const found = await this.findOffer(this.dataSource.manager, ctx.hdsId, offerId);
    const acting = assertParty(caller, [found.gpId], reason);
    return this.tx(ctx, async (m) => {
      await this.lockOne(m, ctx.hdsId, found.shiftId);
      const offer = await this.findOffer(m, ctx.hdsId, offerId);
      if (offer.status !== OfferStatus.Open) throw new MarketplaceError(MarketplaceErrorCode.OfferClosed, 'Dit aanbod is niet meer open.');
      const before = offerView(offer, now);
      const closed = await m.save(MarketOfferEntity, { ...offer, status: OfferStatus.Withdrawn, closedAt: now });
      await this.audit.change(m, ctx, { action: 'offer.withdrawn', entityType: 'offer', entityId: offer.id, before, after: offerView(closed, now), reason: acting.reason },
        { type: 'offer.withdrawn', payload: { offerId: offer.id, shiftId: offer.shiftId, fromGpId: offer.gpId, reason: acting.reason } },
      );
      await this.loseQueue(m, ctx, offer.shiftId, offer.id, 'Het aanbod is ingetrokken.', now);
      return offerView(closed, now);
    });
  }

  // ---- claims ------------------------------------------------------------------------------

  /**
   * Claims an open position or an offered dienst. Automatic policy: completes at once when lawful
   * (201, status completed); approval needed (planner policy, or the dienst starts soon): queued
   * (status pending). Someone faster gets the dienst: 409.
   */
  async claim(ctx: ChangeContext, caller: Caller, input: ClaimInput, now = new Date()): Promise<ClaimView> {
    const acting = resolveActing(caller, input.gpId, input.reason);
    if ((input.shiftId ? 1 : 0) + (input.offerId ? 1 : 0) !== 1) {
      throw new MarketplaceError(MarketplaceErrorCode.ClaimInvalid, 'Geef óf shiftId (open plaats) óf offerId (aangeboden dienst).', [{ field: 'shiftId', message: 'precies één van shiftId en offerId' }]);
    }
    const known = input.offerId ? await this.findOffer(this.dataSource.manager, ctx.hdsId, input.offerId) : null;
    const shiftId = known ? known.shiftId : (input.shiftId as string);
    await this.precheckClaim(ctx.hdsId, shiftId, acting.gpId, known, now);
    return this.tx(ctx, async (m) => {
      const locked = await this.ledger.lockShifts(m, ctx.hdsId, [shiftId]);
      const shift = locked.get(shiftId);
      locked.assertTradable(now);
      const { gps, crews } = await this.ledger.lockGpsAndCrews(m, ctx.hdsId, [acting.gpId], [shiftId]);
      const active = crews.get(shift.id) ?? [];
      if (active.includes(acting.gpId)) throw new MarketplaceError(MarketplaceErrorCode.AlreadyOnShift, 'U staat al op deze dienst.');
      const offer = known ? this.claimableOffer(await this.findOffer(m, ctx.hdsId, known.id), acting.gpId, now) : null;
      if (offer && !active.includes(offer.gpId)) throw new MarketplaceError(MarketplaceErrorCode.OfferStale, 'De aanbieder staat niet meer op deze dienst.');
      if (!offer && active.length >= shift.required) throw new MarketplaceError(MarketplaceErrorCode.ShiftFull, 'Deze dienst is al volledig bezet; iemand was u voor.');
      const gp = pick(gps, acting.gpId);
      await this.ledger.assertLawful(m, [{ gp, shift }]);
      const policy = locked.policy;
      const base = { hdsId: ctx.hdsId, shiftId: shift.id, offerId: offer?.id ?? null, gpId: acting.gpId, fromGpId: offer?.gpId ?? null, reason: acting.reason, createdBy: ctx.actorUserId };
      const payload = { shiftId: shift.id, periodId: shift.periodId, offerId: offer?.id ?? null, gpId: acting.gpId, fromGpId: offer?.gpId ?? null, toGpId: acting.gpId, reason: acting.reason };

      if (needsApproval(policy, [shift.startAt.getTime()], now.getTime())) {
        if (await m.exists(MarketClaimEntity, { where: { shiftId: shift.id, gpId: acting.gpId, status: ClaimStatus.Pending } })) {
          throw new MarketplaceError(MarketplaceErrorCode.ClaimExists, 'U staat al in de wachtrij voor deze dienst.');
        }
        const claim = await this.insertClaim(m, { ...base, status: ClaimStatus.Pending, decidedAt: null, completedAt: null });
        const view = claimView(claim, policy, now);
        await this.audit.change(m, ctx, { action: 'claim.created', entityType: 'claim', entityId: claim.id, after: view, reason: acting.reason }, { type: 'claim.created', payload: { claimId: claim.id, ...payload, awaitingApproval: true } });
        return view;
      }

      if (!offer) return this.fillOpenPosition(m, ctx, shift, policy, { ...base, id: randomUUID() }, payload, active.length + 1, known ? false : await this.openQueue(m, shift.id), now);
      await this.ledger.assertMinimumShare(m, policy, offer.gpId, shift, null);
      await this.ledger.move(m, ctx.hdsId, [{ shiftId: shift.id, fromGpId: offer.gpId, toGpId: acting.gpId }], now);
      await m.update(MarketOfferEntity, { id: offer.id }, { status: OfferStatus.Taken, closedAt: now });
      const claim = await this.insertClaim(m, { ...base, status: ClaimStatus.Completed, decidedAt: now, completedAt: now });
      await this.afterFill(m, ctx, shift, offer.id, active.length, now);
      await this.settle(m, ctx, [{ gpId: offer.gpId, shiftId: shift.id }], now);
      const view = claimView(claim, policy, now);
      await this.audit.change(m, ctx, { action: 'claim.won', entityType: 'claim', entityId: claim.id, after: view, reason: acting.reason }, { type: 'claim.won', payload: { claimId: claim.id, ...payload } });
      return view;
    });
  }

  async withdrawClaim(ctx: ChangeContext, caller: Caller, claimId: string, reason?: string, now = new Date()): Promise<ClaimView> {
    const found = await this.findClaim(this.dataSource.manager, ctx.hdsId, claimId);
    const acting = assertParty(caller, [found.gpId], reason);
    return this.tx(ctx, async (m) => {
      await this.lockOne(m, ctx.hdsId, found.shiftId);
      const claim = await this.findClaim(m, ctx.hdsId, claimId);
      if (claim.status !== ClaimStatus.Pending) throw new MarketplaceError(MarketplaceErrorCode.ClaimNotPending, 'Deze claim is al afgehandeld en kan niet meer worden ingetrokken.');
      const after = await m.save(MarketClaimEntity, { ...claim, status: ClaimStatus.Withdrawn, decidedAt: now });
      const view = claimView(after, null, now);
      await this.audit.change(m, ctx, { action: 'claim.withdrawn', entityType: 'claim', entityId: claim.id, before: { status: claim.status }, after: view, reason: acting.reason },
        { type: 'claim.withdrawn', payload: { claimId: claim.id, shiftId: claim.shiftId, offerId: claim.offerId, gpId: claim.gpId, fromGpId: claim.fromGpId, reason: acting.reason } },
      );
      return view;
    });
  }

  /**
   * A planner approves the queue the claim stands in: the earliest valid claims (by created_at,
   * id) fill the open positions; earlier invalid ones are refused with the broken rule; once
   * filled, the rest lose.
   */
  async approveClaim(ctx: ChangeContext, claimId: string, now = new Date()): Promise<QueueDecision> {
    const found = await this.findClaim(this.dataSource.manager, ctx.hdsId, claimId);
    return this.tx(ctx, async (m) => {
      const locked = await this.ledger.lockShifts(m, ctx.hdsId, [found.shiftId]);
      const shift = locked.get(found.shiftId);
      const claim = await this.findClaim(m, ctx.hdsId, claimId);
      if (claim.status !== ClaimStatus.Pending) throw new MarketplaceError(MarketplaceErrorCode.ClaimNotPending, 'Deze claim is al afgehandeld.');
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
        const after = await m.save(MarketClaimEntity, { ...c, status: ClaimStatus.Refused, decisionReason: reason, rule, decidedBy: ctx.actorUserId, decidedAt: now });
        decision.refused.push(claimView(after, policy, now));
        await this.audit.change(m, ctx, { action: 'claim.refused', entityType: 'claim', entityId: c.id, before: { status: c.status }, after: { status: after.status, rule }, reason },
          { type: 'claim.refused', payload: { claimId: c.id, shiftId: shift.id, offerId: c.offerId, gpId: c.gpId, fromGpId: c.fromGpId, rule, reason } },
        );
      }
      for (const c of outcome.winners) {
        const after = await m.save(MarketClaimEntity, { ...c, status: ClaimStatus.Completed, decidedBy: ctx.actorUserId, decidedAt: now, completedAt: now });
        decision.approved.push(claimView(after, policy, now));
        await this.audit.change(m, ctx, { action: 'claim.approved', entityType: 'claim', entityId: c.id, before: { status: c.status }, after: { status: after.status } },
          { type: 'claim.approved', payload: { claimId: c.id, shiftId: shift.id, periodId: shift.periodId, offerId: c.offerId, gpId: c.gpId, fromGpId: c.fromGpId, toGpId: c.gpId, reason: null } },
        );
      }
      if (outcome.winners.length > 0) {
        await this.ledger.move(m, ctx.hdsId, outcome.winners.map((c) => ({ shiftId: shift.id, fromGpId: offer?.gpId ?? null, toGpId: c.gpId })), now);
        if (offer) {
          await m.update(MarketOfferEntity, { id: offer.id }, { status: OfferStatus.Taken, closedAt: now });
          await this.settle(m, ctx, [{ gpId: offer.gpId, shiftId: shift.id }], now);
        }
      }
      if (outcome.lost.length > 0) decision.lost.push(...(await this.loseClaims(m, ctx, outcome.lost, 'De dienst is aan een andere huisarts gegeven.', now)));
      return decision;
    });
  }

  async refuseClaim(ctx: ChangeContext, claimId: string, reason: string, now = new Date()): Promise<ClaimView> {
    if (!reason?.trim()) throw new MarketplaceError(MarketplaceErrorCode.RefusalReasonRequired, 'Geef een reden voor de afwijzing.', [{ field: 'reason', message: 'verplicht' }]);
    const found = await this.findClaim(this.dataSource.manager, ctx.hdsId, claimId);
    return this.tx(ctx, async (m) => {
      await this.lockOne(m, ctx.hdsId, found.shiftId);
      const claim = await this.findClaim(m, ctx.hdsId, claimId);
      if (claim.status !== ClaimStatus.Pending) throw new MarketplaceError(MarketplaceErrorCode.ClaimNotPending, 'Deze claim is al afgehandeld.');
      const after = await m.save(MarketClaimEntity, { ...claim, status: ClaimStatus.Refused, decisionReason: reason.trim(), decidedBy: ctx.actorUserId, decidedAt: now });
      await this.audit.change(m, ctx, { action: 'claim.refused', entityType: 'claim', entityId: claim.id, before: { status: claim.status }, after: { status: after.status }, reason: reason.trim() },
        { type: 'claim.refused', payload: { claimId: claim.id, shiftId: claim.shiftId, offerId: claim.offerId, gpId: claim.gpId, fromGpId: claim.fromGpId, rule: null, reason: reason.trim() } },
      );
      return claimView(after, null, now);
    });
  }

  /** Takes a completed claim back within the HDS's undo window: the dienst returns to whom it came from. */
  async undoClaim(ctx: ChangeContext, caller: Caller, claimId: string, reason?: string, now = new Date()): Promise<ClaimView> {
    const found = await this.findClaim(this.dataSource.manager, ctx.hdsId, claimId);
    const acting = assertParty(caller, [found.gpId, found.fromGpId], reason);
    return this.tx(ctx, async (m) => {
      const locked = await this.ledger.lockShifts(m, ctx.hdsId, [found.shiftId]);
      const shift = locked.get(found.shiftId);
      const claim = await this.findClaim(m, ctx.hdsId, claimId);
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
      const after = await m.save(MarketClaimEntity, { ...claim, status: ClaimStatus.Undone, decidedAt: now });
      const gpIds = [claim.gpId, ...(claim.fromGpId ? [claim.fromGpId] : [])];
      await this.audit.change(m, ctx, { action: 'trade.undone', entityType: 'claim', entityId: claim.id, before: { status: claim.status }, after: { status: after.status }, reason: acting.reason },
        { type: 'trade.undone', payload: { claimId: claim.id, shiftId: shift.id, shiftIds: [shift.id], periodId: shift.periodId, gpIds, fromGpId: claim.gpId, toGpId: claim.fromGpId, reason: acting.reason } },
      );
      await this.settle(m, ctx, [{ gpId: claim.gpId, shiftId: shift.id }], now);
      return claimView(after, policy, now);
    });
  }

  // ---- swaps -------------------------------------------------------------------------------

  async proposeSwap(ctx: ChangeContext, caller: Caller, input: SwapInput, now = new Date()): Promise<SwapView> {
    const acting = resolveActing(caller, input.gpId, input.reason);
    if (input.shiftId === input.otherShiftId) throw new MarketplaceError(MarketplaceErrorCode.SwapInvalid, 'Een ruil gaat over twee verschillende diensten.', [{ field: 'otherShiftId', message: 'gelijk aan shiftId' }]);
    if (input.toGpId === acting.gpId) throw new MarketplaceError(MarketplaceErrorCode.SwapInvalid, 'U kunt niet met uzelf ruilen.', [{ field: 'toGpId', message: 'gelijk aan de voorsteller' }]);
    return this.tx(ctx, async (m) => {
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
      await this.audit.change(m, ctx, { action: 'swap.proposed', entityType: 'swap', entityId: swap.id, after: view, reason: acting.reason }, { type: 'swap.proposed', payload: this.swapPayload(swap, acting.reason) });
      return view;
    });
  }

  /** The other GP accepts: the swap completes at once when lawful, or waits for a planner when approval is needed. */
  async acceptSwap(ctx: ChangeContext, caller: Caller, swapId: string, reason?: string, now = new Date()): Promise<SwapView> {
    const found = await this.findSwap(this.dataSource.manager, ctx.hdsId, swapId);
    const acting = assertParty(caller, [found.toGpId], reason);
    if (found.status !== SwapStatus.Proposed) throw new MarketplaceError(MarketplaceErrorCode.SwapNotOpen, `Dit ruilvoorstel is niet meer open (${found.status}).`);
    return this.tx(ctx, async (m) => {
      const { swap, from, to, policy, crews } = await this.lockSwap(m, ctx.hdsId, found, [SwapStatus.Proposed], now);
      await this.checkSwap(m, policy, swap, from, to, crews);
      if (needsApproval(policy, [from.startAt.getTime(), to.startAt.getTime()], now.getTime())) {
        const after = await m.save(MarketSwapEntity, { ...swap, status: SwapStatus.Accepted, respondedAt: now });
        const view = swapView(after, policy, now);
        await this.audit.change(m, ctx, { action: 'swap.accepted', entityType: 'swap', entityId: swap.id, before: { status: swap.status }, after: view, reason: acting.reason },
          { type: 'swap.accepted', payload: { ...this.swapPayload(swap, acting.reason), awaitingApproval: true } },
        );
        return view;
      }
      const after = await this.completeSwap(m, ctx, swap, from, to, { respondedAt: now }, now);
      const view = swapView(after, policy, now);
      await this.audit.change(m, ctx, { action: 'swap.accepted', entityType: 'swap', entityId: swap.id, before: { status: swap.status }, after: view, reason: acting.reason },
        { type: 'swap.accepted', payload: { ...this.swapPayload(swap, acting.reason), awaitingApproval: false } },
      );
      return view;
    });
  }

  async declineSwap(ctx: ChangeContext, caller: Caller, swapId: string, reason?: string, now = new Date()): Promise<SwapView> {
    const found = await this.findSwap(this.dataSource.manager, ctx.hdsId, swapId);
    const acting = assertParty(caller, [found.toGpId], reason);
    return this.closeSwap(ctx, found, [SwapStatus.Proposed], SwapStatus.Declined, 'swap.declined', acting.reason, now);
  }

  async withdrawSwap(ctx: ChangeContext, caller: Caller, swapId: string, reason?: string, now = new Date()): Promise<SwapView> {
    const found = await this.findSwap(this.dataSource.manager, ctx.hdsId, swapId);
    const acting = assertParty(caller, [found.fromGpId], reason);
    return this.closeSwap(ctx, found, ACTIVE_SWAP, SwapStatus.Withdrawn, 'swap.withdrawn', acting.reason, now);
  }

  async approveSwap(ctx: ChangeContext, swapId: string, now = new Date()): Promise<SwapView> {
    const found = await this.findSwap(this.dataSource.manager, ctx.hdsId, swapId);
    return this.tx(ctx, async (m) => {
      const { swap, from, to, policy, crews } = await this.lockSwap(m, ctx.hdsId, found, [SwapStatus.Accepted], now);
      await this.checkSwap(m, policy, swap, from, to, crews);
      const after = await this.completeSwap(m, ctx, swap, from, to, { decidedBy: ctx.actorUserId, decidedAt: now }, now);
      const view = swapView(after, policy, now);
      await this.audit.change(m, ctx, { action: 'swap.approved', entityType: 'swap', entityId: swap.id, before: { status: swap.status }, after: view },
        { type: 'swap.approved', payload: this.swapPayload(swap, null) },
      );
      return view;
    });
  }

  async refuseSwap(ctx: ChangeContext, swapId: string, reason: string, now = new Date()): Promise<SwapView> {
    if (!reason?.trim()) throw new MarketplaceError(MarketplaceErrorCode.RefusalReasonRequired, 'Geef een reden voor de afwijzing.', [{ field: 'reason', message: 'verplicht' }]);
    const found = await this.findSwap(this.dataSource.manager, ctx.hdsId, swapId);
    return this.closeSwap(ctx, found, ACTIVE_SWAP, SwapStatus.Refused, 'swap.refused', reason.trim(), now, true);
  }

  async undoSwap(ctx: ChangeContext, caller: Caller, swapId: string, reason?: string, now = new Date()): Promise<SwapView> {
    const found = await this.findSwap(this.dataSource.manager, ctx.hdsId, swapId);
    const acting = assertParty(caller, [found.fromGpId, found.toGpId], reason);
    return this.tx(ctx, async (m) => {
      const locked = await this.ledger.lockShifts(m, ctx.hdsId, [found.fromShiftId, found.toShiftId]);
      const from = locked.get(found.fromShiftId);
      const to = locked.get(found.toShiftId);
      const swap = await this.findSwap(m, ctx.hdsId, found.id);
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
      const after = await m.save(MarketSwapEntity, { ...swap, status: SwapStatus.Undone, decidedAt: now });
      await this.audit.change(m, ctx, { action: 'trade.undone', entityType: 'swap', entityId: swap.id, before: { status: swap.status }, after: { status: after.status }, reason: acting.reason },
        { type: 'trade.undone', payload: { ...this.swapPayload(swap, acting.reason), periodId: from.periodId } },
      );
      await this.settle(m, ctx, [{ gpId: swap.toGpId, shiftId: from.id }, { gpId: swap.fromGpId, shiftId: to.id }], now);
      return swapView(after, policy, now);
    });
  }

  // ---- internals ---------------------------------------------------------------------------

  /** One trade, one transaction, through the HDS's gate (see HdsGate). */
  private tx<T>(ctx: ChangeContext, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.gate.run(ctx.hdsId, () => this.dataSource.transaction((m) => work(m)));
  }

  private async lockOne(m: EntityManager, hdsId: string, shiftId: string): Promise<ShiftEntity> {
    return (await this.ledger.lockShifts(m, hdsId, [shiftId])).get(shiftId);
  }

  /** Raw SQL: a claim is written in every trade, and the ORM's save costs more CPU than the insert. */
  private async insertClaim(
    m: EntityManager,
    c: Pick<MarketClaimEntity, 'hdsId' | 'shiftId' | 'offerId' | 'gpId' | 'fromGpId' | 'status' | 'reason' | 'createdBy' | 'decidedAt' | 'completedAt'>,
  ): Promise<MarketClaimEntity> {
    const [row] = (await m.query(
      `INSERT INTO market_claims (hds_id, shift_id, offer_id, gp_id, from_gp_id, status, reason, created_by, decided_at, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, created_at`,
      [c.hdsId, c.shiftId, c.offerId, c.gpId, c.fromGpId, c.status, c.reason, c.createdBy, c.decidedAt, c.completedAt],
    )) as { id: string; created_at: Date }[];
    return m.create(MarketClaimEntity, { ...c, id: row.id, createdAt: row.created_at, decisionReason: null, rule: null, decidedBy: null });
  }

  /**
   * A claim of an open position completes: the assignment (RosterWrites) and the claim. When that fills the dienst, the claims still queued for it (`queued`, read under
   * its lock, so nobody can join the queue meanwhile) lose.
   */
  private async fillOpenPosition(
    m: EntityManager,
    ctx: ChangeContext,
    shift: ShiftEntity,
    policy: MarketplacePolicy,
    c: Pick<MarketClaimEntity, 'id' | 'hdsId' | 'shiftId' | 'gpId' | 'reason' | 'createdBy'>,
    payload: Record<string, unknown>,
    filled: number,
    queued: boolean,
    now: Date,
  ): Promise<ClaimView> {
    await this.ledger.move(m, ctx.hdsId, [{ shiftId: c.shiftId, fromGpId: null, toGpId: c.gpId }], now);
    await prepared(
      m,
      'market.insert-won-claim',
      `INSERT INTO market_claims (id, hds_id, shift_id, offer_id, gp_id, from_gp_id, status, reason, created_by, created_at, decided_at, completed_at)
       VALUES ($1, $2, $3, NULL, $4, NULL, $5, $6, $7, $8, $8, $8)`,
      [c.id, c.hdsId, c.shiftId, c.gpId, ClaimStatus.Completed, c.reason, c.createdBy, now],
    );
    if (queued && filled >= shift.required) await this.loseQueue(m, ctx, shift.id, null, 'De dienst is aan een andere huisarts gegeven.', now);
    const claim = m.create(MarketClaimEntity, { ...c, offerId: null, fromGpId: null, status: ClaimStatus.Completed, createdAt: now, decidedAt: now, completedAt: now, decisionReason: null, rule: null, decidedBy: null });
    const view = claimView(claim, policy, now);
    await this.audit.change(m, ctx, { action: 'claim.won', entityType: 'claim', entityId: claim.id, after: view, reason: c.reason }, { type: 'claim.won', payload: { claimId: claim.id, ...payload } });
    return view;
  }

  /** Are claims of the open positions of this dienst queued (awaiting approval)? */
  private async openQueue(m: EntityManager, shiftId: string): Promise<boolean> {
    const [row] = (await prepared(m, 'market.open-queue', `SELECT EXISTS (SELECT 1 FROM market_claims WHERE shift_id = $1 AND status = '${ClaimStatus.Pending}' AND offer_id IS NULL) AS queued`, [shiftId])).rows as {
      queued: boolean;
    }[];
    return row.queued;
  }

  private async findOffer(m: EntityManager, hdsId: string, id: string): Promise<MarketOfferEntity> {
    const offer = await m.findOneBy(MarketOfferEntity, { hdsId, id });
    if (!offer) throw new MarketplaceError(MarketplaceErrorCode.OfferNotFound, `Aanbod ${id} bestaat niet in deze HDS.`);
    return offer;
  }

  private async findClaim(m: EntityManager, hdsId: string, id: string): Promise<MarketClaimEntity> {
    const claim = await m.findOneBy(MarketClaimEntity, { hdsId, id });
    if (!claim) throw new MarketplaceError(MarketplaceErrorCode.ClaimNotFound, `Claim ${id} bestaat niet in deze HDS.`);
    return claim;
  }

  private async findSwap(m: EntityManager, hdsId: string, id: string): Promise<MarketSwapEntity> {
    // Raw SQL: an acceptance reads the proposal twice (before and under the locks).
    const [r] = (
      await prepared<SwapRow>(
        m,
        'market.find-swap',
        `SELECT id, hds_id, from_gp_id, from_shift_id, to_gp_id, to_shift_id, status, reason, decision_reason, created_by, created_at, responded_at, decided_by, decided_at, completed_at
           FROM market_swaps WHERE id = $2 AND ${BY_ID('hds_id')}`,
        [hdsId, id],
      )
    ).rows;
    if (!r) throw new MarketplaceError(MarketplaceErrorCode.SwapNotFound, `Ruilvoorstel ${id} bestaat niet in deze HDS.`);
    return m.create(MarketSwapEntity, {
      id: r.id,
      hdsId: r.hds_id,
      fromGpId: r.from_gp_id,
      fromShiftId: r.from_shift_id,
      toGpId: r.to_gp_id,
      toShiftId: r.to_shift_id,
      status: r.status,
      reason: r.reason,
      decisionReason: r.decision_reason,
      createdBy: r.created_by,
      createdAt: r.created_at,
      respondedAt: r.responded_at,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
      completedAt: r.completed_at,
    });
  }

  /** The offer, if this GP may claim it now (whether its GP still holds the dienst is checked under the lock). */
  private claimableOffer(offer: MarketOfferEntity, gpId: string, now: Date): MarketOfferEntity {
    if (offer.gpId === gpId) throw new MarketplaceError(MarketplaceErrorCode.OwnOffer, 'Dit is uw eigen aanbod.');
    if (offer.audience === OfferAudience.Named && !offer.namedGpIds.includes(gpId)) throw new MarketplaceError(MarketplaceErrorCode.NotOfferedToYou, 'Deze dienst wordt alleen aan andere collega’s aangeboden.');
    if (offer.status !== OfferStatus.Open) throw new MarketplaceError(MarketplaceErrorCode.OfferClosed, 'Dit aanbod is niet meer open; iemand was u voor of het is ingetrokken.');
    if (offer.deadline && offer.deadline.getTime() <= now.getTime()) throw new MarketplaceError(MarketplaceErrorCode.OfferExpired, 'De uiterste datum van dit aanbod is verstreken.');
    return offer;
  }

  /**
   * Fails fast, without locks, when a claim plainly cannot succeed: under contention most
   * claimants learn here that someone was faster, instead of queueing on the dienst's row lock.
   * Everything is checked again under the lock.
   */
  private async precheckClaim(hdsId: string, shiftId: string, gpId: string, offer: MarketOfferEntity | null, now: Date): Promise<void> {
    const [row] = (await prepared(this.dataSource.manager, 'market.precheck-claim',
      `SELECT s.required, count(a.id)::int AS filled, coalesce(bool_or(a.gp_id = $3), false) AS mine
         FROM shifts s LEFT JOIN assignments a ON a.shift_id = s.id AND a.removed_at IS NULL
        WHERE s.id = $2 AND ${BY_ID('s.hds_id')} AND s.removed_at IS NULL GROUP BY s.id`,
      [hdsId, shiftId, gpId],
    )).rows as { required: number; filled: number; mine: boolean }[];
    if (!row) return;
    if (row.mine) throw new MarketplaceError(MarketplaceErrorCode.AlreadyOnShift, 'U staat al op deze dienst.');
    if (offer) this.claimableOffer(offer, gpId, now);
    else if (row.filled >= row.required) throw new MarketplaceError(MarketplaceErrorCode.ShiftFull, 'Deze dienst is al volledig bezet; iemand was u voor.');
  }

  private assertUndoable(policy: MarketplacePolicy, completedAt: Date, now: Date): void {
    const verdict = undoVerdict(policy, completedAt.getTime(), now.getTime());
    if (verdict === UndoVerdict.NotAllowed) throw new MarketplaceError(MarketplaceErrorCode.UndoNotAllowed, 'Deze HDS staat het ongedaan maken van ruilen niet toe.');
    if (verdict === UndoVerdict.WindowPassed) throw new MarketplaceError(MarketplaceErrorCode.UndoWindowPassed, `Ongedaan maken kan tot ${policy.undoWindowMinutes} minuten na de ruil; die termijn is voorbij.`);
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
  private async lockSwap(
    m: EntityManager,
    hdsId: string,
    found: MarketSwapEntity,
    statuses: SwapStatus[],
    now: Date,
  ): Promise<{ swap: MarketSwapEntity; from: ShiftEntity; to: ShiftEntity; policy: MarketplacePolicy; crews: SwapCrews }> {
    const locked = await this.ledger.lockShifts(m, hdsId, [found.fromShiftId, found.toShiftId]);
    const swap = await this.findSwap(m, hdsId, found.id);
    if (!statuses.includes(swap.status)) throw new MarketplaceError(MarketplaceErrorCode.SwapNotOpen, `Dit ruilvoorstel is niet meer open (${swap.status}).`);
    locked.assertTradable(now);
    const crews = await this.ledger.lockGpsAndCrews(m, hdsId, [found.fromGpId, found.toGpId], [found.fromShiftId, found.toShiftId]);
    return { swap, from: locked.get(swap.fromShiftId), to: locked.get(swap.toShiftId), policy: locked.policy, crews };
  }

  /** Both GPs against the hard rules, each with the dienst they give away ignored, and the minimum share. */
  private async checkSwap(m: EntityManager, policy: MarketplacePolicy, swap: MarketSwapEntity, from: ShiftEntity, to: ShiftEntity, { gps: both, crews }: SwapCrews): Promise<void> {
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
  private async completeSwap(m: EntityManager, ctx: ChangeContext, swap: MarketSwapEntity, from: ShiftEntity, to: ShiftEntity, extra: Partial<MarketSwapEntity>, now: Date): Promise<MarketSwapEntity> {
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
    await this.settle(m, ctx, [{ gpId: swap.fromGpId, shiftId: from.id }, { gpId: swap.toGpId, shiftId: to.id }], now);
    return after;
  }

  private async closeSwap(ctx: ChangeContext, found: MarketSwapEntity, from: SwapStatus[], to: SwapStatus, event: string, reason: string | null, now: Date, byPlanner = false): Promise<SwapView> {
    return this.tx(ctx, async (m) => {
      await this.ledger.lockShifts(m, ctx.hdsId, [found.fromShiftId, found.toShiftId]);
      const swap = await this.findSwap(m, ctx.hdsId, found.id);
      if (!from.includes(swap.status)) throw new MarketplaceError(MarketplaceErrorCode.SwapNotOpen, `Dit ruilvoorstel is niet meer open (${swap.status}).`);
      const after = await m.save(MarketSwapEntity, {
        ...swap,
        status: to,
        decisionReason: reason,
        ...(byPlanner ? { decidedBy: ctx.actorUserId, decidedAt: now } : to === SwapStatus.Declined ? { respondedAt: now } : { decidedAt: now }),
      });
      const view = swapView(after, null, now);
      await this.audit.change(m, ctx, { action: event, entityType: 'swap', entityId: swap.id, before: { status: swap.status }, after: view, reason }, { type: event, payload: this.swapPayload(swap, reason) });
      return view;
    });
  }

  private swapPayload(swap: MarketSwapEntity, reason: string | null): Record<string, unknown> {
    return {
      swapId: swap.id,
      shiftId: swap.fromShiftId,
      otherShiftId: swap.toShiftId,
      shiftIds: [swap.fromShiftId, swap.toShiftId],
      fromGpId: swap.fromGpId,
      toGpId: swap.toGpId,
      gpIds: [swap.fromGpId, swap.toGpId],
      reason,
    };
  }

  /** After a position was filled: when the dienst is full (or the offer taken), the claims still queued for it lose. */
  private async afterFill(m: EntityManager, ctx: ChangeContext, shift: ShiftEntity, offerId: string | null, filled: number, now: Date): Promise<void> {
    if (offerId || filled >= shift.required) await this.loseQueue(m, ctx, shift.id, offerId, 'De dienst is aan een andere huisarts gegeven.', now);
  }

  private async loseQueue(m: EntityManager, ctx: ChangeContext, shiftId: string, offerId: string | null, reason: string, now: Date): Promise<void> {
    // Usually nobody is queued: a cheap look first.
    const [queued] = (await m.query("SELECT EXISTS (SELECT 1 FROM market_claims WHERE shift_id = $1 AND status = 'pending' AND offer_id IS NOT DISTINCT FROM $2::uuid) AS any", [shiftId, offerId])) as { any: boolean }[];
    if (!queued.any) return;
    const queue = await m
      .createQueryBuilder(MarketClaimEntity, 'c')
      .where('c.shift_id = :shiftId AND c.status = :pending', { shiftId, pending: ClaimStatus.Pending })
      .andWhere(offerId ? 'c.offer_id = :offerId' : 'c.offer_id IS NULL', { offerId })
      .getMany();
    await this.loseClaims(m, ctx, queue, reason, now);
  }

  private async loseClaims(m: EntityManager, ctx: ChangeContext, claims: MarketClaimEntity[], reason: string, now: Date): Promise<ClaimView[]> {
    const views: ClaimView[] = [];
    for (const c of claims) {
      const after = await m.save(MarketClaimEntity, { ...c, status: ClaimStatus.Lost, decisionReason: reason, decidedAt: now });
      views.push(claimView(after, null, now));
      await this.audit.change(m, ctx, { action: 'claim.lost', entityType: 'claim', entityId: c.id, before: { status: c.status }, after: { status: after.status }, reason },
        { type: 'claim.lost', payload: { claimId: c.id, shiftId: c.shiftId, offerId: c.offerId, gpId: c.gpId, fromGpId: c.fromGpId, reason } },
      );
    }
    return views;
  }

  /**
   * A GP gave a dienst away: their open offers of it are void (and the claims queued on those
   * lose), and open swap proposals that counted on them holding it are cancelled.
   */
  private async settle(m: EntityManager, ctx: ChangeContext, gave: { gpId: string; shiftId: string }[], now: Date): Promise<void> {
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
                             WHERE s.status IN ('proposed', 'accepted')
                             ORDER BY s.id FOR UPDATE OF s SKIP LOCKED)
               RETURNING id, from_gp_id, from_shift_id, to_gp_id, to_shift_id)
       SELECT 'swap' AS k, id, from_gp_id, from_shift_id, to_gp_id, to_shift_id, NULL::text AS status FROM cancelled
       UNION ALL
       SELECT 'offer', o.id, o.gp_id, o.shift_id, NULL, NULL, o.status FROM market_offers o JOIN gave g ON o.gp_id = g.gp_id AND o.shift_id = g.shift_id WHERE o.status = '${OfferStatus.Open}'`,
      [SwapStatus.Cancelled, reason, now, gave.map((g) => g.gpId), gave.map((g) => g.shiftId)],
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
      await this.audit.change(m, ctx, { action: 'swap.cancelled', entityType: 'swap', entityId: swap.id, after: { status: SwapStatus.Cancelled }, reason },
        { type: 'swap.cancelled', payload: this.swapPayload(swap, reason) },
      );
    }
  }
}

type SwapCrews = { gps: Map<string, GpEntity>; crews: Map<string, string[]> };

function pick(gps: Map<string, GpEntity>, id: string): GpEntity {
  const gp = gps.get(id);
  if (!gp) throw new RosterError(RosterErrorCode.GpNotFound, `Huisarts ${id} bestaat niet in deze HDS.`);
  return gp;
}
