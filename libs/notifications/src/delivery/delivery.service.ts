import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { NotificationJob, type NotificationDeliverPayload } from '@anw/platform';
import { EmailSender } from '../channels/email-sender.js';
import { SMS_SENDER, type SmsSender } from '../channels/sms-sender.js';
import { WebhookSender } from '../channels/webhook-sender.js';
import { Channel, DeliveryStatus, type RenderedMessage } from '../entities/notification-delivery.entity.js';
import { MailLinks } from '../messages/mail-links.js';
import type { DeliveryDraft } from '../messages/message-composer.js';
import { NOTIFICATION_OPTIONS, type NotificationOptions } from '../notification-options.js';
import { NotificationQueues } from '../worker/queue-connections.js';
import { LEASE_LOCK_SEED, WorkerLease } from '../worker/worker-lease.js';
import { batcher, groupBy } from './batching.js';

const BUSY_RETRY_MS = 1_000;
const INSERT_CHUNK = 500;
/** Messages of one event sent side by side (the SMTP pool bounds it further). */
const INLINE_CONCURRENCY = 16;

interface DeliveryRow {
  id: string;
  round: number;
  request_id: string | null;
}

function toJobs(rows: DeliveryRow[]): NotificationDeliverPayload[] {
  return rows.map((r) => ({ deliveryId: r.id, round: r.round, requestId: r.request_id }));
}

/**
 * A multi-row INSERT … ON CONFLICT DO NOTHING of drafts; parameters numbered after `offset`.
 * With `claimedBy` the rows are born claimed by that worker (status sending, first attempt).
 */
function insertStatement(drafts: DeliveryDraft[], offset = 0, claimedBy: string | null = null): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const values = drafts.map((d) => {
    params.push(d.hdsId, d.source, d.eventId, d.kind, d.recipient, d.channel, d.address, JSON.stringify(d.message), d.requestId);
    const n = offset + params.length;
    const claim = claimedBy ? `, 'sending', '${claimedBy}'::uuid, now(), 1` : '';
    return `($${n - 8}::uuid, $${n - 7}, $${n - 6}::uuid, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}::jsonb, $${n}${claim})`;
  });
  return {
    sql: `INSERT INTO notification_deliveries (hds_id, source, event_id, kind, recipient, channel, address, message, request_id${claimedBy ? ', status, claimed_by, claimed_at, attempts' : ''})
          VALUES ${values.join(', ')} ON CONFLICT (source, recipient, channel) DO NOTHING`,
    params,
  };
}

interface FanoutItem {
  event: { id: string; hdsId: string; type: string };
  drafts: DeliveryDraft[];
}

const CLAIMED_COLUMNS = 'id, hds_id, source, kind, recipient, channel, address, message, attempts, round, request_id';

interface ClaimedRow {
  request_id: string | null;
  id: string;
  hds_id: string;
  source: string;
  kind: string;
  recipient: string;
  channel: Channel;
  address: string;
  message: RenderedMessage;
  attempts: number;
  round: number;
}

export type DeliveryOutcome = 'sent' | 'skipped';
export type { ClaimedRow };

/** What stopped a message for good (no retry helps). */
class PermanentFailure extends Error {}

/**
 * The delivery ledger in action: a delivery is claimed (status sending, claimed_by this worker)
 * before it is sent and marked sent after, so a retried, repeated or re-enqueued job finds it
 * done and sends nothing. A claim held by a dead worker (its lease lock is free) is taken over.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: NotificationQueues,
    private readonly lease: WorkerLease,
    private readonly email: EmailSender,
    private readonly webhooks: WebhookSender,
    @Inject(SMS_SENDER) private readonly sms: SmsSender,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: NotificationOptions,
    private readonly links: MailLinks,
  ) {}

  /** Adds drafts to the ledger; a (source, recipient, channel) already there is left as it is. */
  async insert(m: EntityManager, drafts: DeliveryDraft[]): Promise<NotificationDeliverPayload[]> {
    const created: NotificationDeliverPayload[] = [];
    for (let i = 0; i < drafts.length; i += INSERT_CHUNK) {
      const { sql, params } = insertStatement(drafts.slice(i, i + INSERT_CHUNK));
      created.push(...toJobs((await m.query(`${sql} RETURNING id, round, request_id`, params)) as DeliveryRow[]));
    }
    return created;
  }

  /**
   * The deliveries of one event and its fan-out mark, atomically. The rows are born claimed by this
   * worker, which sends them at once (sendClaimed); should it die first, recovery hands them to
   * another worker. Events fanned out side by side are written in one transaction.
   */
  insertFanout(event: { id: string; hdsId: string; type: string }, drafts: DeliveryDraft[]): Promise<ClaimedRow[]> {
    return this.fanouts.load({ event, drafts });
  }

  private readonly fanouts = batcher<FanoutItem, ClaimedRow[]>(async (items) => {
    try {
      return await this.writeFanouts(items);
    } catch (error) {
      if (items.length === 1) return [error instanceof Error ? error : new Error(String(error))];
      // One bad event must not hold back the others: each on its own, so only it fails.
      return Promise.all(items.map((item) => this.writeFanouts([item]).then((r) => r[0], (e: unknown) => (e instanceof Error ? e : new Error(String(e))))));
    }
  });

  private async writeFanouts(items: readonly FanoutItem[]): Promise<ClaimedRow[][]> {
    // The same event twice in one batch (a repeated job): only the first gets its rows to send.
    const first = new Map<string, FanoutItem>();
    for (const item of items) if (!first.has(item.event.id)) first.set(item.event.id, item);
    const unique = [...first.values()];
    const me = this.lease.instanceId;
    const created = await this.dataSource.transaction(async (m) => {
      const rows: ClaimedRow[] = [];
      const drafts = unique.flatMap((i) => i.drafts);
      for (let i = 0; i < drafts.length; i += INSERT_CHUNK) {
        const { sql, params } = insertStatement(drafts.slice(i, i + INSERT_CHUNK), 0, me);
        rows.push(...((await m.query(`${sql} RETURNING ${CLAIMED_COLUMNS}`, params)) as ClaimedRow[]));
      }
      await m.query(
        `INSERT INTO notification_fanouts (event_id, hds_id, type, deliveries)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[]) ON CONFLICT (event_id) DO NOTHING`,
        [unique.map((i) => i.event.id), unique.map((i) => i.event.hdsId), unique.map((i) => i.event.type), unique.map((i) => i.drafts.length)],
      );
      return rows;
    });
    const bySource = groupBy(created, (r) => r.source);
    return items.map((item) => (first.get(item.event.id) === item ? (bySource.get(item.event.id) ?? []) : []));
  }

  /**
   * First attempt of deliveries this worker created claimed, sent right here rather than through a
   * job each (the common case costs no queue round trip); a failure continues as a delivery job
   * with backoff, and after the last attempt becomes a dead letter.
   */
  async sendClaimed(rows: ClaimedRow[]): Promise<void> {
    const pending = [...rows];
    const lane = async (): Promise<void> => {
      for (let row = pending.shift(); row; row = pending.shift()) await this.sendInline(row);
    };
    await Promise.all(Array.from({ length: Math.min(INLINE_CONCURRENCY, rows.length) }, lane));
  }

  private async sendInline(row: ClaimedRow): Promise<void> {
    this.lease.inFlight.add(row.id);
    try {
      try {
        await this.send(row);
      } catch (error) {
        const last = error instanceof PermanentFailure || row.attempts >= this.options.deliveryAttempts;
        await this.failed(row, error, last, row.request_id);
        if (!last) {
          const job = { deliveryId: row.id, round: row.round, requestId: row.request_id };
          await this.queues.notifications
            .add(NotificationJob.Deliver, job, { ...this.queues.deliveryJobOptions(row.id, row.round), delay: this.options.deliveryBackoffMs })
            .catch((err: Error) => this.logger.warn({ deliveryId: row.id, err: err.message }, 'retry not queued; recovery will pick it up'));
        }
        return;
      }
      await this.confirm(row.id);
    } finally {
      this.lease.inFlight.delete(row.id);
    }
  }

  private async confirm(deliveryId: string): Promise<void> {
    const confirmed = await this.lease.confirmSent(deliveryId).catch(() => false);
    if (!confirmed) {
      await this.dataSource.query(
        `UPDATE notification_deliveries SET status = 'sent', sent_at = now(), last_error = NULL, updated_at = now() WHERE id = $1 AND claimed_by = $2`,
        [deliveryId, this.lease.instanceId],
      );
    }
  }

  /** Enqueues the unfinished deliveries of some sources (job id per delivery and round: duplicates collapse). */
  async enqueueUnfinished(sources: string[]): Promise<number> {
    if (sources.length === 0) return 0;
    const rows = (await this.dataSource.query(
      `SELECT id, round, request_id FROM notification_deliveries WHERE source = ANY($1) AND status IN ('pending', 'failed', 'sending')`,
      [sources],
    )) as DeliveryRow[];
    await this.enqueue(toJobs(rows));
    return rows.length;
  }

  async enqueue(jobs: NotificationDeliverPayload[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += 1_000) {
      await this.queues.notifications.addBulk(
        jobs.slice(i, i + 1_000).map((j) => ({ name: NotificationJob.Deliver, data: j, opts: this.queues.deliveryJobOptions(j.deliveryId, j.round) })),
      );
    }
  }

  /** Processes one delivery job. */
  async deliver(job: Job<NotificationDeliverPayload>, token: string | undefined): Promise<DeliveryOutcome> {
    const { deliveryId, round } = job.data;
    if (this.lease.inFlight.has(deliveryId) || !this.lease.held) return this.later(job, token);
    this.lease.inFlight.add(deliveryId);
    try {
      const row = await this.claim(deliveryId, round);
      if (!row) {
        const [current] = (await this.dataSource.query('SELECT status, round FROM notification_deliveries WHERE id = $1', [deliveryId])) as { status: DeliveryStatus; round: number }[];
        // Sending elsewhere (a live worker holds the claim): look again shortly, without using an attempt.
        if (current && current.round === round && current.status === DeliveryStatus.Sending) return this.later(job, token);
        return 'skipped';
      }
      let outcome: DeliveryOutcome;
      try {
        outcome = await this.send(row);
      } catch (error) {
        const last = error instanceof PermanentFailure || job.attemptsMade + 1 >= (job.opts.attempts ?? this.options.deliveryAttempts) || row.attempts >= this.options.deliveryAttempts;
        await this.failed(row, error, last, job.data.requestId, job.id);
        throw error instanceof PermanentFailure || last ? new UnrecoverableError(error instanceof Error ? error.message : String(error)) : error;
      }
      // Sent: from here on a failure must not turn into a resend; the claim stays until recovery looks.
      await this.confirm(deliveryId);
      return outcome;
    } finally {
      this.lease.inFlight.delete(deliveryId);
    }
  }

  private async claim(deliveryId: string, round: number): Promise<ClaimedRow | undefined> {
    const [rows] = (await this.dataSource.query(
      `UPDATE notification_deliveries d
          SET status = 'sending', claimed_by = $2, claimed_at = now(), attempts = d.attempts + 1, updated_at = now()
        WHERE d.id = $1 AND d.round = $3 AND (
              d.status IN ('pending', 'failed')
           OR (d.status = 'sending' AND d.claimed_by = $2)
           OR (d.status = 'sending' AND d.claimed_by <> $2 AND pg_try_advisory_xact_lock(hashtextextended(d.claimed_by::text, $4))))
        RETURNING d.id, d.hds_id, d.source, d.kind, d.recipient, d.channel, d.address, d.message, d.attempts, d.round, d.request_id`,
      [deliveryId, this.lease.instanceId, round, LEASE_LOCK_SEED],
    )) as [ClaimedRow[], number];
    return rows[0];
  }

  private async send(row: ClaimedRow): Promise<DeliveryOutcome> {
    switch (row.channel) {
      case Channel.Email:
        await this.email.send({
          to: row.address,
          subject: row.message.subject ?? '',
          text: this.links.text(row.kind, row.message),
          key: `${row.source}|${row.recipient}|${row.channel}`,
          deliveryId: row.id,
        });
        return 'sent';
      case Channel.Sms:
        await this.sms.send(row.address, row.message.text ?? '', row.id);
        return 'sent';
      case Channel.Webhook: {
        const [hook] = (await this.dataSource.query('SELECT url, secret, active FROM notification_webhooks WHERE hds_id = $1', [row.hds_id])) as { url: string; secret: string; active: boolean }[];
        if (!hook || !hook.active) throw new PermanentFailure('geen actieve webhook meer ingesteld voor deze HDS');
        await this.webhooks.send({ url: hook.url, secret: hook.secret, body: row.message.body ?? {}, eventType: row.kind, deliveryId: row.id });
        return 'sent';
      }
    }
  }

  /** Records a failed attempt; after the last one the message becomes a dead letter. */
  private async failed(row: ClaimedRow, error: unknown, last: boolean, requestId: string | null, jobId?: string): Promise<void> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1_000);
    if (!last) {
      await this.dataSource.query(`UPDATE notification_deliveries SET status = 'failed', last_error = $3, updated_at = now() WHERE id = $1 AND claimed_by = $2`, [row.id, this.lease.instanceId, message]);
      return;
    }
    await this.dataSource.transaction(async (m) => {
      const [updated] = (await m.query(
        `UPDATE notification_deliveries SET status = 'dead', last_error = $3, updated_at = now() WHERE id = $1 AND claimed_by = $2 AND round = $4 RETURNING id`,
        [row.id, this.lease.instanceId, message, row.round],
      )) as [{ id: string }[], number];
      if (updated.length === 0) return;
      await m.query(
        `INSERT INTO notification_dead_letters (hds_id, delivery_id, round, kind, channel, recipient, address, attempts, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [row.hds_id, row.id, row.round, row.kind, row.channel, row.recipient, row.address, row.attempts, message],
      );
    });
    this.logger.warn({ deliveryId: row.id, hdsId: row.hds_id, channel: row.channel, jobId, requestId, err: message }, 'delivery dead-lettered');
  }

  private async later(job: Job, token: string | undefined): Promise<never> {
    await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token);
    throw new DelayedError();
  }
}
