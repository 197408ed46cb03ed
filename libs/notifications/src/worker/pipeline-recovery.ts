import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { OutboxJob } from '@anw/platform';
import { DeliveryService } from '../delivery/delivery.service.js';
import { NOTIFICATION_OPTIONS, type NotificationOptions } from '../notification-options.js';
import { ReminderService } from '../reminders/reminder.service.js';
import { deliveryJobId, NotificationQueues } from './queue-connections.js';

/** How far back recovery looks for unfinished work. */
const LOOKBACK = "interval '7 days'";

/**
 * PostgreSQL is the source of truth, Redis only carries the work. This puts back into Redis what
 * should be there: at start-up, whenever the marker key has vanished (Redis restarted without
 * persistence and lost the queues), and in a slow periodic sweep for anything stuck. Re-adding
 * is always safe: job ids collapse duplicates and the ledger refuses a second send.
 */
@Injectable()
export class PipelineRecovery implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PipelineRecovery.name);
  private checkTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private topUpTimer: NodeJS.Timeout | undefined;
  private busy: Promise<unknown> = Promise.resolve();
  private needFull = true;
  private stopped = false;
  recoveries = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: NotificationQueues,
    private readonly deliveries: DeliveryService,
    private readonly reminders: ReminderService,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: NotificationOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.checkTimer = setInterval(() => this.serial(() => this.check()), this.options.redisCheckMs);
    this.sweepTimer = setInterval(() => this.serial(() => this.recover(this.options.sweepStaleMs)), this.options.sweepIntervalMs);
    this.topUpTimer = setInterval(() => this.serial(() => this.reminders.topUp()), this.options.reminderTopUpMs);
    this.serial(() => this.check());
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.checkTimer);
    clearInterval(this.sweepTimer);
    clearInterval(this.topUpTimer);
    await this.busy;
  }

  /** Full recovery when starting or when Redis came back empty. */
  private async check(): Promise<void> {
    if (!this.queues.ready()) return;
    const alive = await this.queues.connection.exists(this.queues.markerKey);
    if (alive && !this.needFull) return;
    if (!alive && !this.needFull) this.logger.warn('redis lost the notification queues; rebuilding them from PostgreSQL');
    this.needFull = true;
    // Marker first: if Redis restarts again while we rebuild, the next check sees it gone and rebuilds again.
    await this.queues.connection.set(this.queues.markerKey, new Date().toISOString());
    await this.recover(0);
    await this.reminders.topUp();
    this.needFull = false;
    this.recoveries += 1;
  }

  /** Re-enqueues events not yet fanned out and deliveries not yet sent, untouched for staleMs. */
  async recover(staleMs: number): Promise<{ events: number; deliveries: number }> {
    if (!this.queues.ready()) return { events: 0, deliveries: 0 };
    const before = new Date(Date.now() - staleMs);
    const events = (await this.dataSource.query(
      `SELECT o.id, o.hds_id, o.type, o.request_id FROM outbox_events o
        WHERE o.relayed_at IS NOT NULL AND o.relayed_at > now() - ${LOOKBACK} AND o.relayed_at <= $1
          AND NOT EXISTS (SELECT 1 FROM notification_fanouts f WHERE f.event_id = o.id)`,
      [before],
    )) as { id: string; hds_id: string; type: string; request_id: string | null }[];
    const deliveries = (await this.dataSource.query(
      `SELECT id, round, request_id FROM notification_deliveries
        WHERE status IN ('pending', 'failed', 'sending') AND created_at > now() - ${LOOKBACK} AND updated_at <= $1`,
      [before],
    )) as { id: string; round: number; request_id: string | null }[];
    if (staleMs > 0) {
      // A job that used up its attempts stays in the failed set under its id and would swallow the re-add.
      await this.dropFailed(this.queues.outbox, events.map((e) => e.id));
      await this.dropFailed(this.queues.notifications, deliveries.map((d) => deliveryJobId(d.id, d.round)));
    }
    for (let i = 0; i < events.length; i += 1_000) {
      await this.queues.outbox.addBulk(
        events.slice(i, i + 1_000).map((e) => ({
          name: OutboxJob.Event,
          data: { eventId: e.id, hdsId: e.hds_id, type: e.type, requestId: e.request_id },
          opts: this.queues.eventJobOptions(e.id),
        })),
      );
    }
    await this.deliveries.enqueue(deliveries.map((d) => ({ deliveryId: d.id, round: d.round, requestId: d.request_id })));
    if (events.length + deliveries.length > 0) this.logger.log({ events: events.length, deliveries: deliveries.length, staleMs }, 'recovered unfinished notification work');
    return { events: events.length, deliveries: deliveries.length };
  }

  private async dropFailed(queue: Queue, jobIds: string[]): Promise<void> {
    for (const id of jobIds) {
      const job = await queue.getJob(id);
      if (job && (await job.isFailed())) await job.remove().catch(() => undefined);
    }
  }

  private pending = 0;

  private serial(task: () => Promise<unknown>): void {
    if (this.stopped || this.pending > 1) return;
    this.pending += 1;
    this.busy = this.busy
      .then(task)
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'notification recovery failed; retrying later'))
      .finally(() => (this.pending -= 1));
  }
}
