import { Module } from '@nestjs/common';
import { DatabaseModule } from '@anw/database';
import { DistributionWorkerModule } from '@anw/distribution-service';
import { PlatformModule, QueueRootModule, RedisModule } from '@anw/platform';
import { WorkerHealthController } from './health/worker-health.controller.js';

/** The worker: only it processes queues; the API enqueues through the outbox. */
@Module({
  imports: [PlatformModule, RedisModule, DatabaseModule, QueueRootModule, DistributionWorkerModule],
  controllers: [WorkerHealthController],
})
export class WorkerModule {}
