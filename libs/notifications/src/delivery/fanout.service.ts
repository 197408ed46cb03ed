import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OutboxEventPayload } from '@anw/platform';
import { InternalEvent, referencedIds, ReminderReplan, ruleFor } from '../messages/event-rules.js';
import { MessageComposer, type OutboxEventRow } from '../messages/message-composer.js';
import { ReminderService } from '../reminders/reminder.service.js';
import { batcher } from './batching.js';
import { DeliveryService } from './delivery.service.js';

interface EventRow {
  id: string;
  hds_id: string;
  type: string;
  payload: Record<string, unknown>;
  request_id: string | null;
  created_at: Date;
  done: boolean;
}

/**
 * Turns one relayed outbox event into ledger rows (one per recipient and channel) and sends them.
 * The rows and the fan-out mark commit together; running it again (a retried or re-enqueued job)
 * adds nothing and only re-enqueues what is still unsent. The jobs running side by side share
 * their queries (micro-batches, see batching.ts): one round trip serves many events.
 */
@Injectable()
export class FanoutService {
  private readonly logger = new Logger(FanoutService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly composer: MessageComposer,
    private readonly deliveries: DeliveryService,
    private readonly reminders: ReminderService,
  ) {}

  async handle(job: OutboxEventPayload): Promise<number> {
    const row = await this.events.load(job.eventId);
    if (!row) {
      this.logger.warn({ eventId: job.eventId }, 'outbox event not found');
      return 0;
    }
    const event: OutboxEventRow = { id: row.id, hdsId: row.hds_id, type: row.type, payload: row.payload ?? {}, requestId: row.request_id, createdAt: row.created_at };
    await this.internal(event);
    let queued: number;
    if (row.done) {
      // Fanned out before (a retried or re-enqueued job): only what is still unsent goes out.
      queued = await this.deliveries.enqueueUnfinished([event.id]);
    } else {
      const created = await this.deliveries.insertFanout(event, await this.composer.forEvent(event));
      await this.deliveries.sendClaimed(created);
      queued = created.length;
    }
    const replan = ruleFor(event.type)?.replanReminders ?? ReminderReplan.None;
    if (replan !== ReminderReplan.None) {
      const { shiftIds, gpIds } = referencedIds(event.payload);
      await this.reminders.replanShifts(event.hdsId, shiftIds, gpIds, replan === ReminderReplan.All);
    }
    return queued;
  }

  /** The events of the jobs running side by side, read in one query. */
  private readonly events = batcher<string, EventRow | undefined>(async (ids) => {
    const rows = (await this.dataSource.query(
      `SELECT o.id, o.hds_id, o.type, o.payload, o.request_id, o.created_at, f.event_id IS NOT NULL AS done
         FROM outbox_events o LEFT JOIN notification_fanouts f ON f.event_id = o.id WHERE o.id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    )) as EventRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id));
  });

  /** The pipeline's own events: a dead letter retried, preferences changed. */
  private async internal(event: OutboxEventRow): Promise<void> {
    const p = event.payload;
    // Outbox rows carry their type as a plain string; only the internal ones reach this switch.
    switch (event.type as InternalEvent) {
      case InternalEvent.Retry:
        if (typeof p.deliveryId === 'string' && typeof p.round === 'number') {
          await this.deliveries.enqueue([{ deliveryId: p.deliveryId, round: p.round, requestId: event.requestId }]);
        }
        return;
      case InternalEvent.PreferencesChanged:
        if (typeof p.gpId === 'string') await this.reminders.replanGp(event.hdsId, p.gpId);
        return;
    }
  }
}
