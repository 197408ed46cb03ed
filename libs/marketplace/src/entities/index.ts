export * from './market-offer.entity.js';
export * from './market-claim.entity.js';
export * from './market-swap.entity.js';
export * from './market-escalation.entity.js';

import { MarketClaimEntity } from './market-claim.entity.js';
import { MarketEscalationEntity } from './market-escalation.entity.js';
import { MarketOfferEntity } from './market-offer.entity.js';
import { MarketSwapEntity } from './market-swap.entity.js';

/** The marketplace's tables, for the one data source. */
export const MARKETPLACE_ENTITIES = [MarketOfferEntity, MarketClaimEntity, MarketSwapEntity, MarketEscalationEntity];
