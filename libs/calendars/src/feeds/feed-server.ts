import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CalendarChanges } from '../cache/calendar-changes.js';
import { LruCache } from '../cache/lru-cache.js';
import { CalendarError, CalendarErrorCode } from '../calendars.errors.js';
import { httpDate, strongEtag } from '../render/conditional.js';
import type { FeedKind } from '../render/feed-model.js';
import { feedWindow, type FeedWindow } from '../render/feed-window.js';
import { renderFeedAsync } from '../render/render-feed.js';
import { FeedSource, type FeedSubject } from './feed-source.js';
import { FEED_TOKEN_PATTERN, hashFeedToken } from './feed-token.js';

/** A feed ready to send: the exact bytes, their strong ETag and the feed's Last-Modified. */
export interface ServedFeed {
  body: Buffer;
  etag: string;
  lastModifiedMs: number;
  /** Last-Modified as an HTTP date. */
  lastModified: string;
}

interface TokenEntry {
  feed: FeedSubject;
  generation: number;
}

interface BodyEntry extends ServedFeed {
  day: string;
  generation: number;
}

const MAX_BODY_BYTES = 128 * 1024 * 1024;
const MAX_FEEDS = 50_000;
const MAX_EVENT_BYTES = 64 * 1024 * 1024;

/**
 * Serves feeds by token. A feed is rendered once per change of its HDS's roster (and once a day,
 * as its window moves) and then served from memory: a request for an unchanged feed touches
 * neither PostgreSQL nor the renderer. Concurrent requests for a feed being rendered share that
 * render, and a render reuses the text of every dienst that did not change.
 */
@Injectable()
export class FeedServer {
  private readonly tokens = new LruCache<TokenEntry>(MAX_FEEDS);
  private readonly bodies = new LruCache<BodyEntry>(MAX_FEEDS, MAX_BODY_BYTES);
  /** VEVENT texts by their inputs: after a change only the changed diensten are rendered again. */
  private readonly events = new LruCache<string>(Number.POSITIVE_INFINITY, MAX_EVENT_BYTES);
  private readonly inflight = new Map<string, Promise<BodyEntry>>();
  private window: FeedWindow | null = null;
  private counters = { renders: 0, tokenLookups: 0 };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly source: FeedSource,
    private readonly changes: CalendarChanges,
  ) {}

  async serve(token: string, nowMs: number = Date.now()): Promise<ServedFeed> {
    const feed = await this.subject(token);
    const window = this.currentWindow(nowMs);
    const cached = this.bodies.get(feed.id);
    if (cached && cached.day === window.day && this.changes.isCurrent(feed.hdsId, cached.generation)) return cached;
    const key = `${feed.id} ${window.day}`;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.render(feed, window).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /** Renders and lookups since start, for tests and the benchmark. */
  stats(): { renders: number; tokenLookups: number; cachedFeeds: number; cachedBytes: number } {
    return { ...this.counters, cachedFeeds: this.bodies.size, cachedBytes: this.bodies.totalSize };
  }

  private async subject(token: string): Promise<FeedSubject> {
    const notFound = (): CalendarError => new CalendarError(CalendarErrorCode.FeedNotFound, 'Deze agenda-link bestaat niet (meer). Maak in de app een nieuwe aan.');
    if (!FEED_TOKEN_PATTERN.test(token)) throw notFound();
    const hash = hashFeedToken(token);
    const cached = this.tokens.get(hash);
    if (cached && this.changes.isCurrent(cached.feed.hdsId, cached.generation)) return cached.feed;
    const generation = this.changes.stamp();
    this.counters.tokenLookups++;
    const [row] = (await this.dataSource.query(
      'SELECT id, hds_id, kind, gp_id, post_id FROM calendar_feeds WHERE token_hash = $1 AND revoked_at IS NULL',
      [hash],
    )) as { id: string; hds_id: string; kind: FeedKind; gp_id: string | null; post_id: string | null }[];
    if (!row) {
      this.tokens.delete(hash);
      throw notFound();
    }
    const feed = { id: row.id, hdsId: row.hds_id, kind: row.kind, gpId: row.gp_id, postId: row.post_id };
    this.tokens.set(hash, { feed, generation });
    return feed;
  }

  private async render(feed: FeedSubject, window: FeedWindow): Promise<BodyEntry> {
    // Stamped before reading: a change committed during the render makes this result stale at once.
    const generation = this.changes.stamp();
    this.counters.renders++;
    const body = Buffer.from(await renderFeedAsync(await this.source.load(feed, window), this.events), 'utf8');
    const etag = strongEtag(body);
    const lastModifiedMs = await this.touch(feed.id, etag);
    const entry = { body, etag, lastModifiedMs, lastModified: httpDate(lastModifiedMs), day: window.day, generation };
    this.bodies.set(feed.id, entry, body.length);
    return entry;
  }

  /** Records the served content; Last-Modified moves on (at least a second) only when it changed. */
  private async touch(feedId: string, etag: string): Promise<number> {
    const [row] = (await this.dataSource.query(
      `WITH moved AS (
         UPDATE calendar_feeds
            SET content_hash = $2, last_modified = greatest(date_trunc('second', now()), last_modified + interval '1 second')
          WHERE id = $1 AND content_hash IS DISTINCT FROM $2
         RETURNING last_modified)
       SELECT last_modified FROM moved
       UNION ALL
       SELECT last_modified FROM calendar_feeds WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM moved)`,
      [feedId, etag],
    )) as { last_modified: Date }[];
    if (!row) throw new CalendarError(CalendarErrorCode.FeedNotFound, 'Deze agenda-link bestaat niet (meer).');
    return row.last_modified.getTime();
  }

  private currentWindow(nowMs: number): FeedWindow {
    if (!this.window || nowMs >= this.window.validUntilMs || nowMs < this.window.dayStartMs) {
      this.window = feedWindow(nowMs);
    }
    return this.window;
  }
}
