import { Global, Module } from '@nestjs/common';
import { AuditTrail } from '@anw/audit';
import { TENTATIVE_SHIFT_SOURCE } from '@anw/calendars';
import { RostersModule } from '@anw/rosters';
import { EscalationService } from './escalation.service.js';
import { MarketplaceGate } from './hds-gate.js';
import { MarketplacePolicyService } from './marketplace-policy.service.js';
import { MarketplaceTariffs } from './marketplace-tariffs.service.js';
import { MarketplaceViewsService } from './marketplace-views.service.js';
import { ApprovalsService } from './approvals.service.js';
import { ClaimsService } from './claims.service.js';
import { OffersService } from './offers.service.js';
import { SwapsService } from './swaps.service.js';
import { TradeSettlement } from './trade-settlement.js';
import { TradeStore } from './trade-store.js';
import { TentativeTrades } from './tentative-trades.js';
import { TradeLedger } from './trade-ledger.js';

const SERVICES = [OffersService, ClaimsService, SwapsService, ApprovalsService, MarketplaceViewsService, MarketplacePolicyService, EscalationService];

/** Offering, claiming and swapping diensten; the escalation of open ones. */
@Module({
  imports: [RostersModule],
  providers: [AuditTrail, TradeLedger, TradeStore, TradeSettlement, MarketplaceTariffs, MarketplaceGate, ...SERVICES],
  exports: SERVICES,
})
export class MarketplaceModule {}

/**
 * Pending trades as TENTATIVE diensten in the iCal feeds. Global because the feeds' FeedSource
 * lives in CalendarsModule, which knows nothing of the marketplace: import this once where the
 * feeds are served and FeedSource's optional TENTATIVE_SHIFT_SOURCE resolves to it.
 */
@Global()
@Module({
  providers: [{ provide: TENTATIVE_SHIFT_SOURCE, useClass: TentativeTrades }],
  exports: [TENTATIVE_SHIFT_SOURCE],
})
export class MarketplaceFeedsModule {}
