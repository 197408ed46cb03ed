import { Module } from '@nestjs/common';
import { AuditTrail } from '@anw/audit';
import { RostersModule } from '@anw/rosters';
import { EscalationService } from './escalation.service.js';
import { MarketplaceGate } from './hds-gate.js';
import { MarketplacePolicyService } from './marketplace-policy.service.js';
import { MarketplaceTariffs } from './marketplace-tariffs.service.js';
import { MarketplaceViewsService } from './marketplace-views.service.js';
import { MarketplaceService } from './marketplace.service.js';
import { TradeLedger } from './trade-ledger.js';

const SERVICES = [MarketplaceService, MarketplaceViewsService, MarketplacePolicyService, EscalationService];

/** Offering, claiming and swapping diensten; the escalation of open ones. */
@Module({
  imports: [RostersModule],
  providers: [AuditTrail, TradeLedger, MarketplaceTariffs, MarketplaceGate, ...SERVICES],
  exports: SERVICES,
})
export class MarketplaceModule {}
