import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { prepared } from '@anw/platform';
import type { ShiftEntity } from '@anw/rosters';
import { assertParty, resolveActing, type Caller } from './acting.js';
import { needsApproval, type MarketplacePolicy } from './domain/policy.js';
import { ClaimStatus, MarketClaimEntity } from './entities/market-claim.entity.js';
import { MarketOfferEntity, OfferAudience, OfferStatus } from './entities/market-offer.entity.js';
import { claimView, type ClaimView } from './market-views.js';
import { MarketplaceError, MarketplaceErrorCode } from './marketplace.errors.js';
import { BY_ID, TradeLedger } from './trade-ledger.js';
import { TradeSettlement } from './trade-settlement.js';
import { pick, TradeStore, transition } from './trade-store.js';

export interface ClaimInput {
  /** An open (unfilled) position of this dienst… */
  shiftId?: string;
  /** …or an offered dienst. */
  offerId?: string;
  gpId?: string;
  reason?: string;
}

/** A GP claims an open position or an offered dienst, and may withdraw a claim still queued. */
@Injectable()
export class ClaimsService {
  constructor(
    private readonly store: TradeStore,
    private readonly ledger: TradeLedger,
    private readonly settlement: TradeSettlement,
    private readonly audit: AuditTrail,
  ) {}

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
    const known = input.offerId ? await this.store.findOffer(this.store.outside, ctx.hdsId, input.offerId) : null;
    const shiftId = known ? known.shiftId : (input.shiftId as string);
    await this.precheckClaim(ctx.hdsId, shiftId, acting.gpId, known, now);
    return this.store.tx(ctx, async (m) => {
      const locked = await this.ledger.lockShifts(m, ctx.hdsId, [shiftId]);
      const shift = locked.get(shiftId);
      locked.assertTradable(now);
      const { gps, crews } = await this.ledger.lockGpsAndCrews(m, ctx.hdsId, [acting.gpId], [shiftId]);
      const active = crews.get(shift.id) ?? [];
      if (active.includes(acting.gpId)) throw new MarketplaceError(MarketplaceErrorCode.AlreadyOnShift, 'U staat al op deze dienst.');
      const offer = known ? this.claimableOffer(await this.store.findOffer(m, ctx.hdsId, known.id), acting.gpId, now) : null;
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
        const claim = await this.store.insertClaim(m, { ...base, status: ClaimStatus.Pending, decidedAt: null, completedAt: null });
        const view = claimView(claim, policy, now);
        await this.audit.change(m, ctx, { action: 'claim.created', entityType: 'claim', entityId: claim.id, after: view, reason: acting.reason }, { type: 'claim.created', payload: { claimId: claim.id, ...payload, awaitingApproval: true } });
        return view;
      }

      if (!offer) return this.fillOpenPosition(m, ctx, shift, policy, { ...base, id: randomUUID() }, payload, active.length + 1, known ? false : await this.openQueue(m, shift.id), now);
      await this.ledger.assertMinimumShare(m, policy, offer.gpId, shift, null);
      await this.ledger.move(m, ctx.hdsId, [{ shiftId: shift.id, fromGpId: offer.gpId, toGpId: acting.gpId }], now);
      await transition(m, MarketOfferEntity, offer, { from: [OfferStatus.Open], to: OfferStatus.Taken, set: { closedAt: now }, refusal: () => new MarketplaceError(MarketplaceErrorCode.OfferClosed, 'Dit aanbod is niet meer open.') });
      const claim = await this.store.insertClaim(m, { ...base, status: ClaimStatus.Completed, decidedAt: now, completedAt: now });
      await this.settlement.afterFill(m, ctx, shift, offer.id, active.length, now);
      await this.settlement.settle(m, ctx, [{ gpId: offer.gpId, shiftId: shift.id }], now);
      const view = claimView(claim, policy, now);
      await this.audit.change(m, ctx, { action: 'claim.won', entityType: 'claim', entityId: claim.id, after: view, reason: acting.reason }, { type: 'claim.won', payload: { claimId: claim.id, ...payload } });
      return view;
    });
  }

  async withdrawClaim(ctx: ChangeContext, caller: Caller, claimId: string, reason?: string, now = new Date()): Promise<ClaimView> {
    const found = await this.store.findClaim(this.store.outside, ctx.hdsId, claimId);
    const acting = assertParty(caller, [found.gpId], reason);
    return this.store.tx(ctx, async (m) => {
      await this.ledger.lockShift(m, ctx.hdsId, found.shiftId);
      const claim = await this.store.findClaim(m, ctx.hdsId, claimId);
      const after = await transition(m, MarketClaimEntity, claim, {
        from: [ClaimStatus.Pending],
        to: ClaimStatus.Withdrawn,
        set: { decidedAt: now },
        refusal: () => new MarketplaceError(MarketplaceErrorCode.ClaimNotPending, 'Deze claim is al afgehandeld en kan niet meer worden ingetrokken.'),
      });
      const view = claimView(after, null, now);
      await this.audit.change(
        m,
        ctx,
        { action: 'claim.withdrawn', entityType: 'claim', entityId: claim.id, before: { status: claim.status }, after: view, reason: acting.reason },
        { type: 'claim.withdrawn', payload: { claimId: claim.id, shiftId: claim.shiftId, offerId: claim.offerId, gpId: claim.gpId, fromGpId: claim.fromGpId, reason: acting.reason } },
      );
      return view;
    });
  }

  /**
   * A claim of an open position completes: the assignment (RosterWrites) and the claim. When that
   * fills the dienst, the claims still queued for it (`queued`, read under its lock, so nobody can
   * join the queue meanwhile) lose.
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
    if (queued && filled >= shift.required) await this.settlement.loseQueue(m, ctx, shift.id, null, 'De dienst is aan een andere huisarts gegeven.', now);
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
    const [row] = (await prepared(this.store.outside, 'market.precheck-claim',
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
}
