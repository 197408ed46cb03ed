/**
 * The one place that names queues, jobs and their payloads. The prefix carries a Redis Cluster
 * hash tag ('{anw}') so every key of a queue lands in one slot and BullMQ runs unchanged on a cluster.
 */
export enum QueueName {
  Outbox = 'outbox',
  Notifications = 'notifications',
  Distribution = 'distribution',
}

export enum OutboxJob {
  Relay = 'outbox.relay',
  /** One relayed outbox event; its job id is the event id, so a repeated relay collapses. */
  Event = 'outbox.event',
}

export enum NotificationJob {
  /** Send one message of the delivery ledger (job id `d-<deliveryId>-<round>`). */
  Deliver = 'notification.deliver',
  /** A delayed reminder before a dienst (job id `reminder-<shiftId>-<gpId>`). */
  Reminder = 'notification.reminder',
}

export enum DistributionJob {
  Solve = 'distribution.solve',
}

export interface DistributionSolvePayload {
  hdsId: string;
  periodId: string;
  runId: string;
  seed: number;
  seconds: number;
  requestId: string | null;
}

export interface OutboxEventPayload {
  eventId: string;
  hdsId: string;
  type: string;
  requestId: string | null;
}

export interface NotificationDeliverPayload {
  deliveryId: string;
  round: number;
  requestId: string | null;
}

export interface NotificationReminderPayload {
  hdsId: string;
  shiftId: string;
  gpId: string;
  /** The dienst's start (ISO, UTC) when the reminder was planned; a moved dienst makes it stale. */
  startAt: string;
  /** When it is due (ISO); a changed lead time makes it stale. */
  fireAt: string;
}

export interface JobPayloads {
  [OutboxJob.Relay]: { requestId: string | null };
  [OutboxJob.Event]: OutboxEventPayload;
  [NotificationJob.Deliver]: NotificationDeliverPayload;
  [NotificationJob.Reminder]: NotificationReminderPayload;
  [DistributionJob.Solve]: DistributionSolvePayload;
}
