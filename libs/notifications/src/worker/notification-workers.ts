import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { APP_CONFIG, MetricsService, QueueName, type AppConfig } from '@anw/platform';
import { NOTIFICATION_OPTIONS, type NotificationOptions } from '../notification-options.js';
import { NotificationsProcessor, OutboxProcessor } from './notification-processors.js';
import { workerConnection } from './queue-connections.js';

/** Runs the BullMQ workers of the outbox and notifications queues in this process. */
@Injectable()
export class NotificationWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(NotificationWorkers.name);
  readonly workers: Worker[] = [];
  private lastErrorLog = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: NotificationOptions,
    private readonly outbox: OutboxProcessor,
    private readonly notifications: NotificationsProcessor,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    const common = { connection: workerConnection(this.config), prefix: this.config.redis.queuePrefix };
    this.watch(new Worker(QueueName.Outbox, (job) => this.outbox.process(job), { ...common, concurrency: this.options.fanoutConcurrency }));
    this.watch(new Worker(QueueName.Notifications, (job, token) => this.notifications.process(job, token), { ...common, concurrency: this.options.deliveryConcurrency }));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close()));
  }

  private watch(worker: Worker): void {
    this.workers.push(worker);
    worker.on('completed', (job: Job) => this.metrics.jobs.inc({ queue: worker.name, name: job.name, outcome: 'completed' }));
    worker.on('failed', (job: Job | undefined, err: Error) => {
      if (!job) return;
      this.metrics.jobs.inc({ queue: worker.name, name: job.name, outcome: 'failed' });
      this.logger.warn({ queue: worker.name, job: job.name, jobId: job.id, attempt: job.attemptsMade, err: err.message }, 'job failed');
    });
    worker.on('error', (err: Error) => {
      if (Date.now() - this.lastErrorLog < 5_000) return;
      this.lastErrorLog = Date.now();
      this.logger.warn({ queue: worker.name, err: err.message }, 'queue worker error');
    });
  }
}
