import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ChangeContext } from '@anw/audit';
import { prepared } from '@anw/platform';
import { type GpEntity, RosterError, RosterErrorCode } from '@anw/rosters';
import { MarketClaimEntity } from './entities/market-claim.entity.js';
import { MarketOfferEntity } from './entities/market-offer.entity.js';
import { MarketSwapEntity, type SwapStatus } from './entities/market-swap.entity.js';
import { MarketplaceError, MarketplaceErrorCode } from './marketplace.errors.js';
import { MarketplaceGate } from './hds-gate.js';
import { BY_ID } from './trade-ledger.js';

interface SwapRow {
  id: string;
  hds_id: string;
  from_gp_id: string;
  from_shift_id: string;
  to_gp_id: string;
  to_shift_id: string;
  status: SwapStatus;
  reason: string | null;
  decision_reason: string | null;
  created_by: string | null;
  created_at: Date;
  responded_at: Date | null;
  decided_by: string | null;
  decided_at: Date | null;
  completed_at: Date | null;
}

/**
 * The one way a trade's status changes: refused with `refusal` unless it is in one of `from`,
 * then saved as `to` with the columns in `set`. Returns the row as saved.
 */
export async function transition<E extends MarketOfferEntity | MarketClaimEntity | MarketSwapEntity>(
  m: EntityManager,
  entity: new () => E,
  row: E,
  step: { from: readonly E['status'][]; to: E['status']; set?: Partial<E>; refusal: () => Error },
): Promise<E> {
  if (!step.from.includes(row.status)) throw step.refusal();
  return m.save(entity, { ...row, ...step.set, status: step.to } as E);
}

/**
 * Where trades are read and written outside the roster: the transaction every trade runs in (one
 * per trade, through the HDS's gate), and the offers, claims and swaps themselves.
 */
@Injectable()
export class TradeStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gate: MarketplaceGate,
  ) {}

  /** For reads before a trade's transaction (they are read again under its locks). */
  get outside(): EntityManager {
    return this.dataSource.manager;
  }

  /** One trade, one ordinary transaction, through the HDS's gate (see HdsGate). */
  tx<T>(ctx: ChangeContext, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.gate.run(ctx.hdsId, () => this.dataSource.transaction((m) => work(m)));
  }

  /** Raw SQL: a claim is written in every trade, and the ORM's save costs more CPU than the insert. */
  async insertClaim(
    m: EntityManager,
    c: Pick<MarketClaimEntity, 'hdsId' | 'shiftId' | 'offerId' | 'gpId' | 'fromGpId' | 'status' | 'reason' | 'createdBy' | 'decidedAt' | 'completedAt'>,
  ): Promise<MarketClaimEntity> {
    const [row] = (await m.query(
      `INSERT INTO market_claims (hds_id, shift_id, offer_id, gp_id, from_gp_id, status, reason, created_by, decided_at, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, created_at`,
      [c.hdsId, c.shiftId, c.offerId, c.gpId, c.fromGpId, c.status, c.reason, c.createdBy, c.decidedAt, c.completedAt],
    )) as { id: string; created_at: Date }[];
    return m.create(MarketClaimEntity, { ...c, id: row.id, createdAt: row.created_at, decisionReason: null, rule: null, decidedBy: null });
  }


  async findOffer(m: EntityManager, hdsId: string, id: string): Promise<MarketOfferEntity> {
    const offer = await m.findOneBy(MarketOfferEntity, { hdsId, id });
    if (!offer) throw new MarketplaceError(MarketplaceErrorCode.OfferNotFound, `Aanbod ${id} bestaat niet in deze HDS.`);
    return offer;
  }

  async findClaim(m: EntityManager, hdsId: string, id: string): Promise<MarketClaimEntity> {
    const claim = await m.findOneBy(MarketClaimEntity, { hdsId, id });
    if (!claim) throw new MarketplaceError(MarketplaceErrorCode.ClaimNotFound, `Claim ${id} bestaat niet in deze HDS.`);
    return claim;
  }

  async findSwap(m: EntityManager, hdsId: string, id: string): Promise<MarketSwapEntity> {
    // Raw SQL: an acceptance reads the proposal twice (before and under the locks).
    const [r] = (
      await prepared<SwapRow>(
        m,
        'market.find-swap',
        `SELECT id, hds_id, from_gp_id, from_shift_id, to_gp_id, to_shift_id, status, reason, decision_reason, created_by, created_at, responded_at, decided_by, decided_at, completed_at
           FROM market_swaps WHERE id = $2 AND ${BY_ID('hds_id')}`,
        [hdsId, id],
      )
    ).rows;
    if (!r) throw new MarketplaceError(MarketplaceErrorCode.SwapNotFound, `Ruilvoorstel ${id} bestaat niet in deze HDS.`);
    return m.create(MarketSwapEntity, {
      id: r.id,
      hdsId: r.hds_id,
      fromGpId: r.from_gp_id,
      fromShiftId: r.from_shift_id,
      toGpId: r.to_gp_id,
      toShiftId: r.to_shift_id,
      status: r.status,
      reason: r.reason,
      decisionReason: r.decision_reason,
      createdBy: r.created_by,
      createdAt: r.created_at,
      respondedAt: r.responded_at,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
      completedAt: r.completed_at,
    });
  }
}

export function swapPayload(swap: MarketSwapEntity, reason: string | null): Record<string, unknown> {
  return {
    swapId: swap.id,
    shiftId: swap.fromShiftId,
    otherShiftId: swap.toShiftId,
    shiftIds: [swap.fromShiftId, swap.toShiftId],
    fromGpId: swap.fromGpId,
    toGpId: swap.toGpId,
    gpIds: [swap.fromGpId, swap.toGpId],
    reason,
  };
}

/** The GP of a trade among those locked. */
export function pick(gps: Map<string, GpEntity>, id: string): GpEntity {
  const gp = gps.get(id);
  if (!gp) throw new RosterError(RosterErrorCode.GpNotFound, `Huisarts ${id} bestaat niet in deze HDS.`);
  return gp;
}
