import { Module } from '@nestjs/common';
import { AuditReportsModule } from '@anw/audit-reports';
import { AuditController } from './audit.controller.js';
import { RegionAuditController } from './region-audit.controller.js';

/** The audit routes: reports, exports, the HTML report with charts, and the chain check. */
@Module({
  imports: [AuditReportsModule],
  controllers: [AuditController, RegionAuditController],
})
export class AuditApiModule {}
