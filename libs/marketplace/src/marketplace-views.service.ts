import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, type SelectQueryBuilder } from 'typeorm';
import { GpEntity, RosterError, RosterErrorCode, RuleCheckService, ShiftEntity } from '@anw/rosters';
import { needsApproval } from './domain/policy.js';
import type { TariffQuote } from './domain/tariff-quote.js';
import { ClaimStatus, MarketClaimEntity } from './entities/market-claim.entity.js';
import { MarketOfferEntity, OfferAudience, OfferStatus } from './entities/market-offer.entity.js';
import { MarketSwapEntity, SwapStatus } from './entities/market-swap.entity.js';
import { claimView, offerView, shiftSummary, swapView, type ClaimView, type OfferView, type ShiftSummary, type SwapView } from './market-views.js';
import { MarketplaceError, MarketplaceErrorCode } from './marketplace.errors.js';
import { MarketplacePolicyService } from './marketplace-policy.service.js';
import { MarketplaceTariffs } from './marketplace-tariffs.service.js';

export interface OpenShiftView {
  shift: ShiftSummary;
  /** Unfilled positions anyone eligible may claim (shiftId). */
  openPositions: number;
  /** Offers of this dienst the GP may claim (offerId). */
  offers: { id: string; fromGpId: string; deadline: string | null }[];
  /** Pay at the NZa maximum in force, cents; null when no table is in force for its dates. */
  tariff: TariffQuote;
  /** A claim now would wait for a planner (policy, or the dienst starts soon). */
  needsApproval: boolean;
}

export interface CursorPage<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null at the end. */
  nextCursor: string | null;
}

export enum TradeState {
  Pending = 'pending',
  History = 'history',
  All = 'all',
}

export interface TradeFilter {
  /** Only trades this GP takes part in. */
  gpId?: string;
  state: TradeState;
}

interface OpenRow {
  id: string;
  period_id: string;
  post_id: string;
  template_id: string | null;
  code: string;
  role: string;
  local_date: string;
  start_at: Date;
  end_at: Date;
  required: number;
  filled: number;
}

const PENDING_OFFERS = [OfferStatus.Open];
const PENDING_CLAIMS = [ClaimStatus.Pending];
const PENDING_SWAPS = [SwapStatus.Proposed, SwapStatus.Accepted];
// Candidates checked against the hard rules in one statement (RuleCheckService.checkAll), a page at a time.
const CHECK_BATCH = 8;

function encodeCursor(startAt: Date, id: string): string {
  return Buffer.from(`${startAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { startAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const startAt = new Date(at ?? '');
  if (Number.isNaN(startAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id ?? '')) throw new MarketplaceError(MarketplaceErrorCode.CursorInvalid, 'Ongeldige cursor; begin opnieuw zonder cursor.');
  return { startAt, id };
}

/** What the marketplace shows: open diensten a GP may take, and everyone's offers, claims and swaps with their history. */
@Injectable()
export class MarketplaceViewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: RuleCheckService,
    private readonly policies: MarketplacePolicyService,
    private readonly tariffs: MarketplaceTariffs,
  ) {}

  /**
   * Open diensten this GP may take: open positions and offers to them, in published periods, not
   * started, and only those they are qualified and free for (the engine's hard rules, per
   * candidate). Cursor-paginated in start order, so a page checks only what it shows.
   */
  async openFor(hdsId: string, gpId: string, query: { cursor?: string; limit: number; from?: string; to?: string; postId?: string }, now = new Date()): Promise<CursorPage<OpenShiftView>> {
    const gp = await this.dataSource.getRepository(GpEntity).findOneBy({ hdsId, id: gpId });
    if (!gp) throw new RosterError(RosterErrorCode.GpNotFound, `Huisarts ${gpId} bestaat niet in deze HDS.`);
    const { policy, eveningStart } = await this.policies.settings(hdsId);
    let after = query.cursor ? decodeCursor(query.cursor) : null;
    const items: OpenShiftView[] = [];
    const chunk = Math.min(200, query.limit * 2 + CHECK_BATCH);
    for (;;) {
      const rows = await this.candidates(hdsId, gp, after, chunk, query, now);
      for (let i = 0; i < rows.length && items.length < query.limit; i += CHECK_BATCH) {
        const batch = rows.slice(i, i + CHECK_BATCH);
        const shifts = batch.map((r) => this.dataSource.manager.create(ShiftEntity, { id: r.id, hdsId, periodId: r.period_id, postId: r.post_id, templateId: r.template_id, code: r.code, role: r.role as ShiftEntity['role'], localDate: r.local_date, startAt: r.start_at, endAt: r.end_at, required: r.required }));
        const verdicts = await this.rules.checkAll(this.dataSource.manager, shifts.map((shift) => ({ gp, shift })));
        const offers = await this.visibleOffers(gp.id, batch.map((r) => r.id), now);
        for (let k = 0; k < batch.length; k++) {
          after = { startAt: batch[k].start_at, id: batch[k].id };
          const openPositions = Math.max(0, batch[k].required - batch[k].filled);
          const mine = offers.get(batch[k].id) ?? [];
          if (verdicts[k] || (openPositions === 0 && mine.length === 0)) continue;
          items.push({
            shift: shiftSummary(shifts[k]),
            openPositions,
            offers: mine,
            tariff: this.tariffs.quote(shifts[k], eveningStart),
            needsApproval: needsApproval(policy, [shifts[k].startAt.getTime()], now.getTime()),
          });
          if (items.length === query.limit) break;
        }
      }
      if (items.length >= query.limit) return { items, nextCursor: after ? encodeCursor(after.startAt, after.id) : null };
      if (rows.length < chunk) return { items, nextCursor: null };
    }
  }

  async listOffers(hdsId: string, filter: TradeFilter, page: { page: number; pageSize: number }, now = new Date()): Promise<{ items: OfferView[]; total: number }> {
    const qb = this.dataSource.getRepository(MarketOfferEntity).createQueryBuilder('o').where('o.hds_id = :hdsId', { hdsId });
    if (filter.gpId) qb.andWhere('o.gp_id = :gpId', { gpId: filter.gpId });
    this.byState(qb, 'o', filter.state, PENDING_OFFERS);
    const [rows, total] = await qb.orderBy('o.created_at', 'DESC').addOrderBy('o.id', 'ASC').skip((page.page - 1) * page.pageSize).take(page.pageSize).getManyAndCount();
    const shifts = await this.shiftsById(rows.map((r) => r.shiftId));
    return { items: rows.map((o) => offerView(o, now, shifts.get(o.shiftId))), total };
  }

  /** Claims of a GP: the ones they made and the ones made on their offers. */
  async listClaims(hdsId: string, filter: TradeFilter, page: { page: number; pageSize: number }, now = new Date()): Promise<{ items: ClaimView[]; total: number }> {
    const qb = this.dataSource.getRepository(MarketClaimEntity).createQueryBuilder('c').where('c.hds_id = :hdsId', { hdsId });
    if (filter.gpId) qb.andWhere('(c.gp_id = :gpId OR c.from_gp_id = :gpId)', { gpId: filter.gpId });
    this.byState(qb, 'c', filter.state, PENDING_CLAIMS);
    const [rows, total] = await qb.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'ASC').skip((page.page - 1) * page.pageSize).take(page.pageSize).getManyAndCount();
    const shifts = await this.shiftsById(rows.map((r) => r.shiftId));
    const policy = await this.policies.get(hdsId);
    return { items: rows.map((c) => claimView(c, policy, now, shifts.get(c.shiftId))), total };
  }

  /** Swaps a GP proposed or was asked for. */
  async listSwaps(hdsId: string, filter: TradeFilter, page: { page: number; pageSize: number }, now = new Date()): Promise<{ items: SwapView[]; total: number }> {
    const qb = this.dataSource.getRepository(MarketSwapEntity).createQueryBuilder('s').where('s.hds_id = :hdsId', { hdsId });
    if (filter.gpId) qb.andWhere('(s.from_gp_id = :gpId OR s.to_gp_id = :gpId)', { gpId: filter.gpId });
    this.byState(qb, 's', filter.state, PENDING_SWAPS);
    const [rows, total] = await qb.orderBy('s.created_at', 'DESC').addOrderBy('s.id', 'ASC').skip((page.page - 1) * page.pageSize).take(page.pageSize).getManyAndCount();
    const shifts = await this.shiftsById(rows.flatMap((r) => [r.fromShiftId, r.toShiftId]));
    const policy = await this.policies.get(hdsId);
    return { items: rows.map((s) => swapView(s, policy, now, shifts)), total };
  }

  private byState<T extends object>(qb: SelectQueryBuilder<T>, alias: string, state: TradeState, pending: readonly string[]): void {
    if (state === TradeState.Pending) qb.andWhere(`${alias}.status IN (:...pending)`, { pending });
    if (state === TradeState.History) qb.andWhere(`${alias}.status NOT IN (:...pending)`, { pending });
  }

  private async shiftsById(ids: string[]): Promise<Map<string, ShiftEntity>> {
    if (ids.length === 0) return new Map();
    const shifts = await this.dataSource.getRepository(ShiftEntity).findBy({ id: In([...new Set(ids)]) });
    return new Map(shifts.map((s) => [s.id, s]));
  }

  /** Diensten with an open position or an offer to this GP, that they are not on and are qualified for. */
  private async candidates(hdsId: string, gp: GpEntity, after: { startAt: Date; id: string } | null, limit: number, query: { from?: string; to?: string; postId?: string }, now: Date): Promise<OpenRow[]> {
    const qb = this.dataSource
      .createQueryBuilder()
      .from(ShiftEntity, 's')
      .innerJoin('roster_periods', 'p', "p.id = s.period_id AND p.status IN ('published', 'amended')")
      .select([
        's.id AS id',
        's.period_id AS period_id',
        's.post_id AS post_id',
        's.template_id AS template_id',
        's.code AS code',
        's.role AS role',
        's.local_date AS local_date',
        's.start_at AS start_at',
        's.end_at AS end_at',
        's.required AS required',
      ])
      .addSelect('(SELECT count(*) FROM assignments a WHERE a.shift_id = s.id AND a.removed_at IS NULL)::int', 'filled')
      .where('s.hds_id = :hdsId AND s.removed_at IS NULL AND s.start_at > :now', { hdsId, now })
      .andWhere('s.role = ANY(:quals)', { quals: gp.qualifications })
      .andWhere('NOT EXISTS (SELECT 1 FROM assignments a WHERE a.shift_id = s.id AND a.gp_id = :gpId AND a.removed_at IS NULL)', { gpId: gp.id })
      .andWhere(
        new Brackets((b) =>
          b
            .where('s.required > (SELECT count(*) FROM assignments a WHERE a.shift_id = s.id AND a.removed_at IS NULL)')
            .orWhere(
              `EXISTS (SELECT 1 FROM market_offers o WHERE o.shift_id = s.id AND o.status = :open AND o.gp_id <> :gpId
                 AND (o.deadline IS NULL OR o.deadline > :now) AND (o.audience = :all OR :gpId = ANY(o.named_gp_ids))
                 AND EXISTS (SELECT 1 FROM assignments a WHERE a.shift_id = s.id AND a.gp_id = o.gp_id AND a.removed_at IS NULL))`,
              { open: OfferStatus.Open, all: OfferAudience.All },
            ),
        ),
      );
    if (after) qb.andWhere('(s.start_at, s.id) > (:afterAt, :afterId)', { afterAt: after.startAt, afterId: after.id });
    if (query.from) qb.andWhere('s.local_date >= :from', { from: query.from });
    if (query.to) qb.andWhere('s.local_date <= :to', { to: query.to });
    if (query.postId) qb.andWhere('s.post_id = :postId', { postId: query.postId });
    return qb.orderBy('s.start_at', 'ASC').addOrderBy('s.id', 'ASC').limit(limit).getRawMany<OpenRow>();
  }

  private async visibleOffers(gpId: string, shiftIds: string[], now: Date): Promise<Map<string, OpenShiftView['offers']>> {
    const rows = await this.dataSource
      .getRepository(MarketOfferEntity)
      .createQueryBuilder('o')
      .where('o.shift_id IN (:...shiftIds) AND o.status = :open AND o.gp_id <> :gpId', { shiftIds, gpId, open: OfferStatus.Open })
      .andWhere('(o.deadline IS NULL OR o.deadline > :now)', { now })
      .andWhere("(o.audience = 'all' OR :gpId = ANY(o.named_gp_ids))")
      .andWhere('EXISTS (SELECT 1 FROM assignments a WHERE a.shift_id = o.shift_id AND a.gp_id = o.gp_id AND a.removed_at IS NULL)')
      .orderBy('o.created_at', 'ASC')
      .getMany();
    const byShift = new Map<string, OpenShiftView['offers']>();
    for (const o of rows) byShift.set(o.shiftId, [...(byShift.get(o.shiftId) ?? []), { id: o.id, fromGpId: o.gpId, deadline: o.deadline?.toISOString() ?? null }]);
    return byShift;
  }
}
