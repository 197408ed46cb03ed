import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { GpEntity, RosterError, RosterErrorCode } from '@anw/rosters';
import { assertParty, resolveActing, type Caller } from './acting.js';
import { MarketOfferEntity, OfferAudience, OfferStatus } from './entities/market-offer.entity.js';
import { offerView, type OfferView } from './market-views.js';
import { MarketplaceError, MarketplaceErrorCode } from './marketplace.errors.js';
import { TradeLedger } from './trade-ledger.js';
import { TradeSettlement } from './trade-settlement.js';
import { TradeStore, transition } from './trade-store.js';

export interface OfferInput {
  shiftId: string;
  /** Offer only to these colleagues; omitted or empty: to everyone eligible. */
  gpIds?: string[];
  deadline?: string | null;
  /** A planner acting for a GP names them, with a reason. */
  gpId?: string;
  reason?: string;
}

/** A GP offers a dienst they hold to everyone eligible or to named colleagues, and may withdraw it. */
@Injectable()
export class OffersService {
  constructor(
    private readonly store: TradeStore,
    private readonly ledger: TradeLedger,
    private readonly settlement: TradeSettlement,
    private readonly audit: AuditTrail,
  ) {}

  async offer(ctx: ChangeContext, caller: Caller, input: OfferInput, now = new Date()): Promise<OfferView> {
    const acting = resolveActing(caller, input.gpId, input.reason);
    const named = [...new Set(input.gpIds ?? [])];
    if (named.includes(acting.gpId)) throw new MarketplaceError(MarketplaceErrorCode.OfferInvalid, 'U kunt een dienst niet aan uzelf aanbieden.', [{ field: 'gpIds', message: 'bevat de aanbieder zelf' }]);
    const deadline = input.deadline ? new Date(input.deadline) : null;
    return this.store.tx(ctx, async (m) => {
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
    const found = await this.store.findOffer(this.store.outside, ctx.hdsId, offerId);
    const acting = assertParty(caller, [found.gpId], reason);
    return this.store.tx(ctx, async (m) => {
      await this.ledger.lockShift(m, ctx.hdsId, found.shiftId);
      const offer = await this.store.findOffer(m, ctx.hdsId, offerId);
      const before = offerView(offer, now);
      const closed = await transition(m, MarketOfferEntity, offer, {
        from: [OfferStatus.Open],
        to: OfferStatus.Withdrawn,
        set: { closedAt: now },
        refusal: () => new MarketplaceError(MarketplaceErrorCode.OfferClosed, 'Dit aanbod is niet meer open.'),
      });
      await this.audit.change(
        m,
        ctx,
        { action: 'offer.withdrawn', entityType: 'offer', entityId: offer.id, before, after: offerView(closed, now), reason: acting.reason },
        { type: 'offer.withdrawn', payload: { offerId: offer.id, shiftId: offer.shiftId, fromGpId: offer.gpId, reason: acting.reason } },
      );
      await this.settlement.loseQueue(m, ctx, offer.shiftId, offer.id, 'Het aanbod is ingetrokken.', now);
      return offerView(closed, now);
    });
  }
}
