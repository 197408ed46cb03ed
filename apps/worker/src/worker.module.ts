import { Module } from '@nestjs/common';
import { DatabaseModule } from '@anw/database';
import { DistributionWorkerModule } from '@anw/distribution-service';
import { NotificationsWorkerModule } from '@anw/notifications';
import { HealthController, PlatformModule, QueueRootModule, RedisModule } from '@anw/platform';

/**
 * The worker: only it processes queues; the API enqueues through the outbox. Notifications bring
 * the outbox relay, the event fan-out, the channels, reminders and recovery after a Redis loss.
 */
@Module({
  imports: [PlatformModule, RedisModule, DatabaseModule, QueueRootModule, DistributionWorkerModule, NotificationsWorkerModule.forRoot()],
  controllers: [HealthController],
})
export class WorkerModule {}
