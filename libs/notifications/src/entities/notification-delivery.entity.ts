import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

export enum Channel {
  Email = 'email',
  Webhook = 'webhook',
  Sms = 'sms',
}

export enum DeliveryStatus {
  Pending = 'pending',
  /** Claimed by a worker that is sending it now (claimed_by names the worker instance). */
  Sending = 'sending',
  Sent = 'sent',
  /** The last attempt failed; BullMQ retries it with backoff. */
  Failed = 'failed',
  /** Every attempt failed; a dead letter holds it until an hds-admin retries it. */
  Dead = 'dead',
}

/** A rendered message ready to send: e-mail/SMS text, or a webhook's JSON body. */
export interface RenderedMessage {
  subject?: string;
  text?: string;
  body?: Record<string, unknown>;
}

/**
 * The delivery ledger: one row per (source, recipient, channel), claimed before sending and
 * marked sent after, so a retried or repeated job never sends a message twice. `source` is the
 * outbox event id, or `reminder:<shiftId>:<gpId>:<startMs>` for a reminder.
 */
@Entity('notification_deliveries')
@Unique('notification_deliveries_key', ['source', 'recipient', 'channel'])
@Index('notification_deliveries_unfinished', ['createdAt'], { where: "status IN ('pending', 'sending', 'failed')" })
@Index(['hdsId', 'createdAt'])
export class NotificationDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'hds_id' })
  hdsId: string;

  @Column({ type: 'text' })
  source: string;

  @Index()
  @Column({ type: 'uuid', name: 'event_id', nullable: true })
  eventId: string | null;

  /** The template, e.g. `roster.published` or `reminder`. */
  @Column({ type: 'text' })
  kind: string;

  /** `gp:<id>`, `user:<id>` or `hds:<id>` (the HDS's webhook). */
  @Column({ type: 'text' })
  recipient: string;

  @Column({ type: 'text' })
  channel: Channel;

  /** E-mail address, phone number or webhook URL at the time of rendering. */
  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'jsonb' })
  message: RenderedMessage;

  @Column({ type: 'text', default: DeliveryStatus.Pending })
  status: DeliveryStatus;

  /** Send attempts over all rounds. */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Rises each time an hds-admin retries the dead letter (part of the job id). */
  @Column({ type: 'int', default: 0 })
  round: number;

  @Column({ type: 'uuid', name: 'claimed_by', nullable: true })
  claimedBy: string | null;

  @Column({ type: 'timestamptz', name: 'claimed_at', nullable: true })
  claimedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError: string | null;

  @Column({ type: 'text', name: 'request_id', nullable: true })
  requestId: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
