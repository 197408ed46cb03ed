import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { z } from 'zod';
import { NotificationJob, OutboxJob, type NotificationDeliverPayload, type NotificationReminderPayload, type OutboxEventPayload } from '@anw/platform';
import { DeliveryService } from '../delivery/delivery.service.js';
import { FanoutService } from '../delivery/fanout.service.js';
import { OutboxRelay } from '../relay/outbox-relay.js';
import { ReminderService } from '../reminders/reminder.service.js';

// Job payloads are validated like HTTP input: a malformed job fails, it is not guessed at.
const uuid = z.string().uuid();
const outboxEventSchema = z.object({ eventId: uuid, hdsId: uuid, type: z.string().min(1), requestId: z.string().nullable() });
const deliverSchema = z.object({ deliveryId: uuid, round: z.number().int().min(0), requestId: z.string().nullable() });
const reminderSchema = z.object({ hdsId: uuid, shiftId: uuid, gpId: uuid, startAt: z.string().datetime(), fireAt: z.string().datetime() });

/** The outbox queue's processor: one relayed event per job. */
@Injectable()
export class OutboxProcessor {
  constructor(
    private readonly fanout: FanoutService,
    private readonly relay: OutboxRelay,
  ) {}

  async process(job: Job): Promise<unknown> {
    const name = job.name as OutboxJob;
    switch (name) {
      case OutboxJob.Event:
        return this.fanout.handle(outboxEventSchema.parse(job.data) satisfies OutboxEventPayload);
      case OutboxJob.Relay:
        this.relay.kick();
        return undefined;
      default:
        return assertNever(name);
    }
  }
}

/** The notifications queue's processor: sending one message, or firing a reminder. */
@Injectable()
export class NotificationsProcessor {
  constructor(
    private readonly deliveries: DeliveryService,
    private readonly reminders: ReminderService,
  ) {}

  async process(job: Job, token: string | undefined): Promise<unknown> {
    const name = job.name as NotificationJob;
    switch (name) {
      case NotificationJob.Deliver:
        deliverSchema.parse(job.data) satisfies NotificationDeliverPayload;
        return this.deliveries.deliver(job as Job<NotificationDeliverPayload>, token);
      case NotificationJob.Reminder:
        reminderSchema.parse(job.data) satisfies NotificationReminderPayload;
        return this.reminders.fire(job as Job<NotificationReminderPayload>);
      default:
        return assertNever(name);
    }
  }
}

function assertNever(name: never): never {
  throw new Error(`unknown job ${String(name)}`);
}
