import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { APP_CONFIG, type AppConfig } from '@anw/platform';
import { GpEntity, PostEntity, RosterError, RosterErrorCode } from '@anw/rosters';
import { CalendarChanges } from '../cache/calendar-changes.js';
import { CalendarError, CalendarErrorCode } from '../calendars.errors.js';
import { CalendarFeedEntity } from '../entities/calendar-feed.entity.js';
import { FeedKind } from '../render/feed-model.js';
import { hashFeedToken, newFeedToken } from './feed-token.js';

/** Who manages feeds: a GP their own personal feed; planners and HDS admins post and HDS feeds. */
export interface FeedActor {
  /** The caller's GP record in this HDS, if they are a GP there. */
  gpId: string | null;
  /** Planner or HDS admin in this HDS. */
  planner: boolean;
}

export interface FeedInput {
  kind: FeedKind;
  postId?: string;
}

export interface FeedView {
  id: string;
  kind: FeedKind;
  gpId: string | null;
  postId: string | null;
  active: boolean;
  createdAt: Date;
  tokenIssuedAt: Date;
  revokedAt: Date | null;
  lastModified: Date;
}

/** A feed with its secret links: returned once, when a token is issued. */
export interface IssuedFeed extends FeedView {
  url: string;
  webcalUrl: string;
}

export interface FeedFilter {
  kind?: FeedKind;
  includeRevoked?: boolean;
}

const UNIQUE_VIOLATION = '23505';

function view(feed: CalendarFeedEntity): FeedView {
  return {
    id: feed.id,
    kind: feed.kind,
    gpId: feed.gpId,
    postId: feed.postId,
    active: feed.revokedAt === null,
    createdAt: feed.createdAt,
    tokenIssuedAt: feed.tokenIssuedAt,
    revokedAt: feed.revokedAt,
    lastModified: feed.lastModified,
  };
}

/**
 * Issuing, regenerating and revoking the secret feed links. A token is random (32 bytes), shown
 * once and stored only as its sha256; regenerating replaces it (the old link answers 404 at
 * once, in every replica, through the feed triggers), revoking ends the feed.
 */
@Injectable()
export class FeedsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly changes: CalendarChanges,
  ) {}

  /** The links of a token: https (or the configured scheme) and webcal://, which phones open as a subscription. */
  links(token: string): { url: string; webcalUrl: string } {
    const url = `${this.config.http.publicBaseUrl}/feeds/${token}.ics`;
    return { url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
  }

  async list(hdsId: string, actor: FeedActor, filter: FeedFilter, page: { page: number; pageSize: number }): Promise<{ items: FeedView[]; total: number }> {
    const qb = this.dataSource.getRepository(CalendarFeedEntity).createQueryBuilder('f').where('f.hds_id = :hdsId', { hdsId });
    if (!actor.planner) qb.andWhere('f.gp_id = :gpId', { gpId: actor.gpId ?? '00000000-0000-0000-0000-000000000000' });
    if (filter.kind) qb.andWhere('f.kind = :kind', { kind: filter.kind });
    if (!filter.includeRevoked) qb.andWhere('f.revoked_at IS NULL');
    const [feeds, total] = await qb
      .orderBy('f.created_at', 'DESC')
      .addOrderBy('f.id', 'ASC')
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize)
      .getManyAndCount();
    return { items: feeds.map(view), total };
  }

  async get(hdsId: string, actor: FeedActor, feedId: string): Promise<FeedView> {
    return view(await this.visible(this.dataSource.manager, hdsId, actor, feedId));
  }

  async create(ctx: ChangeContext, actor: FeedActor, input: FeedInput): Promise<IssuedFeed> {
    const token = newFeedToken();
    const subject = this.subjectOf(actor, input);
    try {
      return await this.dataSource.transaction(async (m) => {
        if (subject.postId && !(await m.existsBy(PostEntity, { hdsId: ctx.hdsId, id: subject.postId }))) {
          throw new RosterError(RosterErrorCode.PostNotFound, `Post ${subject.postId} bestaat niet in deze HDS.`);
        }
        if (subject.gpId && !(await m.existsBy(GpEntity, { hdsId: ctx.hdsId, id: subject.gpId }))) {
          throw new RosterError(RosterErrorCode.NotAGp, 'U bent geen huisarts in deze HDS.');
        }
        const [existing] = (await m.query(
          `SELECT id FROM calendar_feeds
            WHERE hds_id = $1 AND kind = $2 AND gp_id IS NOT DISTINCT FROM $3 AND post_id IS NOT DISTINCT FROM $4 AND revoked_at IS NULL`,
          [ctx.hdsId, input.kind, subject.gpId, subject.postId],
        )) as { id: string }[];
        if (existing) throw this.exists(existing.id);
        const feed = await m.save(
          CalendarFeedEntity,
          m.create(CalendarFeedEntity, { hdsId: ctx.hdsId, kind: input.kind, gpId: subject.gpId, postId: subject.postId, tokenHash: hashFeedToken(token), tokenIssuedAt: new Date(), createdBy: ctx.actorUserId }),
        );
        const saved = await m.findOneByOrFail(CalendarFeedEntity, { id: feed.id });
        await this.audit.change(m, ctx, { action: 'feed.created', entityType: 'calendar_feed', entityId: feed.id, after: view(saved) });
        return { ...view(saved), ...this.links(token) };
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) throw this.exists(null);
      throw error;
    }
  }

  async regenerate(ctx: ChangeContext, actor: FeedActor, feedId: string): Promise<IssuedFeed> {
    const token = newFeedToken();
    const issued = await this.dataSource.transaction(async (m) => {
      const feed = await this.owned(m, ctx.hdsId, actor, feedId, true);
      if (feed.revokedAt) throw new CalendarError(CalendarErrorCode.FeedRevoked, 'Deze agenda-link is ingetrokken; maak een nieuwe aan.');
      const after = await m.save(CalendarFeedEntity, { ...feed, tokenHash: hashFeedToken(token), tokenIssuedAt: new Date() });
      await this.audit.change(m, ctx, { action: 'feed.regenerated', entityType: 'calendar_feed', entityId: feed.id, before: { tokenIssuedAt: feed.tokenIssuedAt }, after: { tokenIssuedAt: after.tokenIssuedAt } });
      return { ...view(after), ...this.links(token) };
    });
    // The old link stops working in this process at once (the other replicas follow on the NOTIFY).
    this.changes.changed(ctx.hdsId);
    return issued;
  }

  async revoke(ctx: ChangeContext, actor: FeedActor, feedId: string): Promise<FeedView> {
    const revoked = await this.dataSource.transaction(async (m) => {
      const feed = await this.owned(m, ctx.hdsId, actor, feedId, true, true);
      if (feed.revokedAt) return view(feed);
      const after = await m.save(CalendarFeedEntity, { ...feed, revokedAt: new Date() });
      await this.audit.change(m, ctx, { action: 'feed.revoked', entityType: 'calendar_feed', entityId: feed.id, before: { active: true }, after: { active: false, revokedAt: after.revokedAt } });
      return view(after);
    });
    this.changes.changed(ctx.hdsId);
    return revoked;
  }

  private subjectOf(actor: FeedActor, input: FeedInput): { gpId: string | null; postId: string | null } {
    switch (input.kind) {
      case FeedKind.Gp:
        if (!actor.gpId) throw new RosterError(RosterErrorCode.NotAGp, 'Alleen een huisarts van deze HDS heeft een eigen dienstenfeed.');
        return { gpId: actor.gpId, postId: null };
      case FeedKind.Post:
        if (!actor.planner) throw new CalendarError(CalendarErrorCode.FeedNotYours, 'Feeds van een post of de hele HDS zijn voor planners en beheerders.');
        if (!input.postId) throw new CalendarError(CalendarErrorCode.FeedInvalid, 'Geef de post op (postId).', [{ field: 'postId', message: 'verplicht bij kind=post' }]);
        return { gpId: null, postId: input.postId };
      case FeedKind.Hds:
        if (!actor.planner) throw new CalendarError(CalendarErrorCode.FeedNotYours, 'Feeds van een post of de hele HDS zijn voor planners en beheerders.');
        return { gpId: null, postId: null };
    }
  }

  /** A GP sees only their own feeds (others' are "not found"); planners see all of the HDS. */
  private async visible(m: EntityManager, hdsId: string, actor: FeedActor, feedId: string, lock = false): Promise<CalendarFeedEntity> {
    const feed = await m.findOne(CalendarFeedEntity, { where: { hdsId, id: feedId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!feed || (!actor.planner && (feed.gpId === null || feed.gpId !== actor.gpId))) {
      throw new CalendarError(CalendarErrorCode.FeedNotFound, `Feed ${feedId} bestaat niet in deze HDS.`);
    }
    return feed;
  }

  /**
   * Who may change a feed: its GP for a personal feed; planners for post and HDS feeds, and they
   * may revoke (never re-issue) a GP's leaked link.
   */
  private async owned(m: EntityManager, hdsId: string, actor: FeedActor, feedId: string, lock: boolean, revoking = false): Promise<CalendarFeedEntity> {
    const feed = await this.visible(m, hdsId, actor, feedId, lock);
    const own = feed.kind === FeedKind.Gp ? feed.gpId === actor.gpId || (revoking && actor.planner) : actor.planner;
    if (!own) throw new CalendarError(CalendarErrorCode.FeedNotYours, 'Alleen de huisarts zelf kan een nieuwe link voor deze feed maken.');
    return feed;
  }

  private exists(id: string | null): CalendarError {
    return new CalendarError(CalendarErrorCode.FeedExists, `Er is al een actieve feed hiervoor${id ? ` (${id})` : ''}; maak een nieuwe link met /regenerate of trek hem eerst in.`);
  }
}
