import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue, type ConnectionOptions, type JobsOptions, type RedisOptions as BullRedisOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { APP_CONFIG, QueueName, type AppConfig } from '@anw/platform';
import { NOTIFICATION_OPTIONS, type NotificationOptions } from '../notification-options.js';

/** ioredis options from REDIS_URL; reconnects quickly after a Redis restart. */
export function redisOptions(config: AppConfig): RedisOptions {
  const url = new URL(config.redis.url);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password || undefined,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    retryStrategy: (times: number) => Math.min(100 * times, 2_000),
  };
}

/** Options for BullMQ workers (blocking connections need maxRetriesPerRequest null). */
export function workerConnection(config: AppConfig): ConnectionOptions {
  const url = new URL(config.redis.url);
  const options: BullRedisOptions = {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password || undefined,
    retryStrategy: (times: number) => Math.min(100 * times, 2_000),
    maxRetriesPerRequest: null,
  };
  if (url.protocol === 'rediss:') options.tls = {};
  return options;
}

export function deliveryJobId(deliveryId: string, round: number): string {
  return `d-${deliveryId}-${round}`;
}

export function reminderJobId(shiftId: string, gpId: string): string {
  return `reminder-${shiftId}-${gpId}`;
}

/**
 * The producer side of the pipeline's two queues, on one connection that fails fast when Redis
 * is away (no offline queue): the relay then rolls back and the events wait in the outbox.
 */
@Injectable()
export class NotificationQueues implements OnApplicationShutdown {
  private readonly logger = new Logger(NotificationQueues.name);
  readonly connection: Redis;
  readonly outbox: Queue;
  readonly notifications: Queue;
  private lastErrorLog = 0;

  constructor(
    @Inject(APP_CONFIG) readonly config: AppConfig,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: NotificationOptions,
  ) {
    this.connection = new Redis({ ...redisOptions(config), enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.connection.on('error', (err: Error) => this.logError(err));
    this.outbox = new Queue(QueueName.Outbox, { connection: this.connection, prefix: config.redis.queuePrefix });
    this.notifications = new Queue(QueueName.Notifications, { connection: this.connection, prefix: config.redis.queuePrefix });
    for (const q of [this.outbox, this.notifications]) q.on('error', (err: Error) => this.logError(err));
  }

  eventJobOptions(eventId: string): JobsOptions {
    return {
      jobId: eventId,
      attempts: this.options.fanoutAttempts,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { age: 3_600, count: 10_000 },
      removeOnFail: { age: 7 * 86_400 },
    };
  }

  deliveryJobOptions(deliveryId: string, round: number): JobsOptions {
    return {
      jobId: deliveryJobId(deliveryId, round),
      attempts: this.options.deliveryAttempts,
      backoff: { type: 'exponential', delay: this.options.deliveryBackoffMs },
      removeOnComplete: { age: 3_600, count: 10_000 },
      removeOnFail: { age: 7 * 86_400 },
    };
  }

  /** True when Redis answers; the relay and the sweeps skip their round otherwise. */
  ready(): boolean {
    return this.connection.status === 'ready';
  }

  /** A key that vanishes when Redis restarts without persistence: its absence means queued work was lost. */
  get markerKey(): string {
    return `${this.config.redis.queuePrefix}:notifications:alive`;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.outbox.close(), this.notifications.close()]);
    this.connection.disconnect();
  }

  private logError(err: Error): void {
    // A Redis outage produces an error per reconnect attempt; one line every 5 s is enough.
    if (Date.now() - this.lastErrorLog < 5_000) return;
    this.lastErrorLog = Date.now();
    this.logger.warn({ err: err.message }, 'redis unavailable for the notification queues');
  }
}
