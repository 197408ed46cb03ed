import { Module } from '@nestjs/common';
import { AuditTrail } from '@anw/audit';
import { RostersModule } from '@anw/rosters';
import { PayPolicyService } from './pay-policy.service.js';
import { StatementsService } from './statements.service.js';
import { TariffRevisionsService } from './tariff-revisions.service.js';
import { TariffTablesService } from './tariff-tables.service.js';

const SERVICES = [TariffTablesService, PayPolicyService, StatementsService, TariffRevisionsService];

/** Tariff tables, pay policies, statements, payroll exports and retroactive revisions. */
@Module({
  imports: [RostersModule],
  providers: [AuditTrail, ...SERVICES],
  exports: SERVICES,
})
export class TariffsServiceModule {}
