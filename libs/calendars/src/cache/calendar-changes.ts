import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@anw/platform';

/** The PostgreSQL channel the roster triggers notify, with an HDS id as payload. */
export const CALENDAR_CHANNEL = 'anw_calendar';

const RECONNECT_MS = 1_000;

/**
 * For changes no trigger sees (e.g. a future table): notifies the feeds of an HDS inside the
 * caller's transaction; PostgreSQL delivers it only if the transaction commits.
 */
export async function notifyCalendarChange(manager: EntityManager, hdsId: string): Promise<void> {
  await manager.query('SELECT pg_notify($1, $2)', [CALENDAR_CHANNEL, hdsId]);
}

/**
 * Which rendered feeds are still current, in every API replica, without asking the database per
 * request. Triggers on the roster tables (shifts, assignments, periods, posts, GPs, the HDS, the
 * feeds themselves) `pg_notify` the HDS id when a change commits; each replica LISTENs on one
 * connection of its own and moves that HDS's generation on. A cached feed is current while no
 * notification for its HDS arrived after its render began. While the listener is disconnected
 * nothing counts as current, and a reconnect invalidates everything rendered before it, since
 * notifications sent meanwhile are lost.
 */
@Injectable()
export class CalendarChanges implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CalendarChanges.name);
  private tick = 0;
  private epoch = 0;
  private listening = false;
  private closed = false;
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private readonly perHds = new Map<string, number>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.listening = false;
    await this.client?.end().catch(() => undefined);
  }

  /** Take before reading the database for a render; store with the result. */
  stamp(): number {
    return this.tick;
  }

  /**
   * A change this process has just committed for this HDS: what was rendered or looked up before
   * it is stale here at once, without waiting for the NOTIFY to come back (a replaced or revoked
   * feed link must stop working on the very next request).
   */
  changed(hdsId: string): void {
    this.perHds.set(hdsId, ++this.tick);
  }

  /** Is a render stamped `generation` for this HDS still current? */
  isCurrent(hdsId: string, generation: number): boolean {
    return this.listening && generation >= this.epoch && (this.perHds.get(hdsId) ?? 0) <= generation;
  }

  get isListening(): boolean {
    return this.listening;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    // The primary, directly: NOTIFY is not replicated to standbys, and poolers in transaction mode drop LISTEN.
    const client = new pg.Client({ connectionString: this.config.database.url, application_name: `anw-calendar-listener:${process.pid}` });
    client.on('notification', (message) => {
      if (message.channel !== CALENDAR_CHANNEL || !message.payload) return;
      // '*': a table was truncated; everything rendered so far is stale.
      if (message.payload === '*') this.epoch = ++this.tick;
      else this.perHds.set(message.payload, ++this.tick);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CALENDAR_CHANNEL}`);
      this.client = client;
      this.epoch = ++this.tick;
      this.perHds.clear();
      this.listening = true;
    } catch (error) {
      this.lost(client, error);
    }
  }

  private lost(client: pg.Client, error?: unknown): void {
    if (this.client !== null && this.client !== client) return;
    this.listening = false;
    this.client = null;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.logger.warn({ err: error instanceof Error ? error.message : error }, 'calendar change listener lost; feeds render from the database until it is back');
    if (!this.retry) {
      this.retry = setTimeout(() => {
        this.retry = null;
        void this.connect();
      }, RECONNECT_MS);
      this.retry.unref();
    }
  }
}
