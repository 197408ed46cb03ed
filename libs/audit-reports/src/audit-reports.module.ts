import { Module } from '@nestjs/common';
import { AuditChainService } from './audit-chain.service.js';
import { AuditReportService } from './audit-report.service.js';
import { PeriodReportsService } from './period-reports.service.js';
import { ReportLinks } from './report-links.js';
import { WorkloadService } from './workload.service.js';

const SERVICES = [WorkloadService, PeriodReportsService, AuditChainService, AuditReportService, ReportLinks];

/** Audit reports: dienstbelasting, fairness, closing plans, trades, charts, exports and the chain check. */
@Module({
  providers: SERVICES,
  exports: SERVICES,
})
export class AuditReportsModule {}
