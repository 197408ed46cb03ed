export * from './pay-policy.entity.js';
export * from './statement-run.entity.js';
export * from './tariff-revision.entity.js';

import { PayPolicyEntity } from './pay-policy.entity.js';
import { StatementRunEntity } from './statement-run.entity.js';
import { TariffRevisionEntity } from './tariff-revision.entity.js';

/** The tables of the tariffs context, for the one data source. */
export const TARIFFS_ENTITIES = [PayPolicyEntity, StatementRunEntity, TariffRevisionEntity];
