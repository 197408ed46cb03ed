import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuditTrail } from '@anw/audit';
import { QueueName } from '@anw/platform';
import { RostersModule } from '@anw/rosters';
import { DistributionProcessor } from './distribution.processor.js';
import { RunSweeper } from './run-sweeper.js';

/** The worker side: processes the distribution queue. */
@Module({
  imports: [RostersModule, BullModule.registerQueue({ name: QueueName.Distribution })],
  providers: [DistributionProcessor, RunSweeper, AuditTrail],
})
export class DistributionWorkerModule {}
