import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OutboxJob, type OutboxEventPayload } from '@anw/platform';
import { NOTIFICATION_OPTIONS, type NotificationOptions } from '../notification-options.js';
import { NotificationQueues } from '../worker/queue-connections.js';
import { WorkerLease } from '../worker/worker-lease.js';

const ENQUEUE_TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 5_000;

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Moves outbox events to the outbox queue, a batch per transaction: the rows are locked with
 * SKIP LOCKED (replicas share the work), enqueued with job id = event id (a relay that dies
 * after enqueueing and repeats itself adds nothing twice), then marked relayed — never deleted.
 * Woken by NOTIFY on insert, and polls as a fallback. When Redis is away it rolls back and retries
 * with backoff; the events wait in the outbox, and writers never notice.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private failures = 0;
  relayed = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: NotificationQueues,
    private readonly lease: WorkerLease,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: NotificationOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.lease.onOutboxInsert(() => this.kick());
    this.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Run now (or right after the current round). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.loop().finally(() => {
      this.running = undefined;
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.stopped) return;
    const delay = this.again ? 0 : this.failures > 0 ? Math.min(this.options.relayPollMs * 2 ** this.failures, MAX_BACKOFF_MS) : this.options.relayPollMs;
    this.again = false;
    this.timer = setTimeout(() => this.kick(), delay);
  }

  private async loop(): Promise<void> {
    try {
      while (!this.stopped && (await this.relayBatch()) === this.options.relayBatchSize);
      this.failures = 0;
    } catch (err) {
      this.failures += 1;
      if (this.failures === 1 || this.failures % 20 === 0) this.logger.warn({ err: (err as Error).message, failures: this.failures }, 'outbox relay failed; events wait in the outbox');
    }
  }

  /** One batch; returns how many events it moved. */
  async relayBatch(): Promise<number> {
    if (!this.queues.ready()) throw new Error('redis not ready');
    return this.dataSource.transaction(async (m) => {
      const rows = (await m.query(
        `SELECT id, hds_id, type, request_id FROM outbox_events
          WHERE relayed_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.relayBatchSize],
      )) as { id: string; hds_id: string; type: string; request_id: string | null }[];
      if (rows.length === 0) return 0;
      await withTimeout(
        this.queues.outbox.addBulk(
          rows.map((r) => ({
            name: OutboxJob.Event,
            data: { eventId: r.id, hdsId: r.hds_id, type: r.type, requestId: r.request_id } satisfies OutboxEventPayload,
            opts: this.queues.eventJobOptions(r.id),
          })),
        ),
        ENQUEUE_TIMEOUT_MS,
        'enqueue',
      );
      await m.query('UPDATE outbox_events SET relayed_at = now() WHERE id = ANY($1::uuid[])', [rows.map((r) => r.id)]);
      this.relayed += rows.length;
      return rows.length;
    });
  }
}
