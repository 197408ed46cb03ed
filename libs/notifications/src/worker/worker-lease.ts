import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '@anw/platform';
import { batcher } from '../delivery/batching.js';

export const OUTBOX_CHANNEL = 'outbox_events';
/** Seed of the advisory-lock key derived from a worker instance id. */
export const LEASE_LOCK_SEED = 71;

/**
 * This worker process's identity. While the process lives, one PostgreSQL session holds an
 * advisory lock named after it; when the process dies the session ends and the lock is free, so
 * another worker may take over the deliveries it had claimed (without waiting for a timeout).
 * The same session LISTENs for new outbox events, to wake the relay at once.
 */
@Injectable()
export class WorkerLease implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerLease.name);
  readonly instanceId = randomUUID();
  private client: pg.Client | undefined;
  private confirmations: pg.Pool | undefined;
  private closing = false;
  private readonly listeners = new Set<() => void>();
  /** Deliveries this process is sending right now. */
  readonly inFlight = new Set<string>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  /** Claims are taken only while the lease is held (else another worker could take them over). */
  get held(): boolean {
    return this.client !== undefined;
  }

  /**
   * Marks a delivery sent through a connection of its own: the confirmation never queues behind
   * the shared pool, which keeps the window between the SMTP server's "250 OK" and the ledger's
   * "sent" (the one place a crash can cause a repeat) as short as it can be. Confirmations arriving
   * within a millisecond of each other share one UPDATE.
   */
  async confirmSent(deliveryId: string): Promise<boolean> {
    if (!this.client) return false;
    return this.confirmBatch.load(deliveryId);
  }

  private readonly confirmBatch = batcher<string, boolean>(async (ids) => {
    this.confirmations ??= new pg.Pool({ connectionString: this.config.database.url, max: 2, application_name: `anw-worker-${this.instanceId.slice(0, 8)}-confirm` });
    await this.confirmations.query(
      `UPDATE notification_deliveries SET status = 'sent', sent_at = now(), last_error = NULL, updated_at = now() WHERE id = ANY($1::uuid[]) AND claimed_by = $2`,
      [[...new Set(ids)], this.instanceId],
    );
    return ids.map(() => true);
  }, 1);

  onOutboxInsert(listener: () => void): void {
    this.listeners.add(listener);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.confirmations?.end().catch(() => undefined);
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.database.url, application_name: `anw-worker-${this.instanceId.slice(0, 8)}` });
    const lost = (err?: Error): void => {
      if (this.client !== client || this.closing) return;
      this.client = undefined;
      this.logger.warn({ err: err?.message }, 'lease session lost; reconnecting');
      setTimeout(() => void this.connect().catch(() => undefined), 1_000);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', () => this.listeners.forEach((l) => l()));
    try {
      await client.connect();
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, $2))', [this.instanceId, LEASE_LOCK_SEED]);
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.client = client;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (this.closing) return;
      this.logger.warn({ err: (err as Error).message }, 'lease session failed; retrying');
      setTimeout(() => void this.connect().catch(() => undefined), 1_000);
    }
  }
}
