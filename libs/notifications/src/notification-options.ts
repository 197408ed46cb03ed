/** Tunables of the notification pipeline; the defaults are the production values. */
export interface NotificationOptions {
  /** How often the relay looks for unrelayed outbox events (it is also woken by NOTIFY). */
  relayPollMs: number;
  relayBatchSize: number;
  fanoutConcurrency: number;
  deliveryConcurrency: number;
  /** BullMQ attempts of a delivery; after the last one the message is dead-lettered. */
  deliveryAttempts: number;
  /** First backoff delay; doubles with each attempt. */
  deliveryBackoffMs: number;
  fanoutAttempts: number;
  /** How often the worker checks that Redis still holds its queues (a restart without persistence empties it). */
  redisCheckMs: number;
  /** The safety sweep: re-enqueues work that has waited longer than sweepStaleMs. */
  sweepIntervalMs: number;
  sweepStaleMs: number;
  /** Reminders are queued as delayed jobs once they fall within this horizon. */
  reminderHorizonMs: number;
  reminderTopUpMs: number;
  smtpPoolSize: number;
  smtpTimeoutMs: number;
  webhookTimeoutMs: number;
}

export const DEFAULT_NOTIFICATION_OPTIONS: NotificationOptions = Object.freeze({
  relayPollMs: 200,
  relayBatchSize: 500,
  fanoutConcurrency: 64,
  deliveryConcurrency: 32,
  deliveryAttempts: 6,
  deliveryBackoffMs: 2_000,
  fanoutAttempts: 10,
  redisCheckMs: 1_000,
  sweepIntervalMs: 60_000,
  sweepStaleMs: 300_000,
  reminderHorizonMs: 8 * 86_400_000,
  reminderTopUpMs: 10 * 60_000,
  smtpPoolSize: 24,
  smtpTimeoutMs: 20_000,
  webhookTimeoutMs: 10_000,
});

export const NOTIFICATION_OPTIONS = Symbol('NOTIFICATION_OPTIONS');

/** Default lead time of a reminder before a dienst. */
export const DEFAULT_REMINDER_LEAD_MINUTES = 24 * 60;
export const MAX_REMINDER_LEAD_MINUTES = 7 * 24 * 60;
