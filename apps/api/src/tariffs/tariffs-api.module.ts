import { Module } from '@nestjs/common';
import { RostersModule } from '@anw/rosters';
import { TariffsServiceModule } from '@anw/tariffs-service';
import { PayPolicyController } from './pay-policy.controller.js';
import { StatementsController } from './statements.controller.js';
import { TariffRevisionsController } from './tariff-revisions.controller.js';
import { TariffTablesController } from './tariff-tables.controller.js';

/** The tariffs routes: tables, pay policy, statements and payroll exports, revisions. */
@Module({
  imports: [RostersModule, TariffsServiceModule],
  controllers: [TariffTablesController, PayPolicyController, StatementsController, TariffRevisionsController],
})
export class TariffsApiModule {}
