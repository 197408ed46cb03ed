import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuditTrail } from '@anw/audit';
import { QueueName } from '@anw/platform';
import { RostersModule } from '@anw/rosters';
import { DistributionService } from './distribution.service.js';
import { WishReportService } from './wish-report.service.js';

/** The API side: requests runs (enqueues), reads progress, applies results, vrij roosteren. */
@Module({
  imports: [RostersModule, BullModule.registerQueue({ name: QueueName.Distribution })],
  providers: [DistributionService, WishReportService, AuditTrail],
  exports: [DistributionService, WishReportService],
})
export class DistributionServiceModule {}
