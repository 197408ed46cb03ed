import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { AssignmentEntity, AssignmentSource, PeriodsService, PeriodStatus, RosterError, RosterErrorCode, ShiftEntity } from '@anw/rosters';
import type { Verdict } from './domain/claim-queue.js';
import { dropsBelowMinimum, type MarketplacePolicy } from './domain/policy.js';
import { MarketplaceError, MarketplaceErrorCode } from './marketplace.errors.js';

const TRADABLE = [PeriodStatus.Published, PeriodStatus.Amended];

export function shiftHours(shift: Pick<ShiftEntity, 'startAt' | 'endAt'>): number {
  return (shift.endAt.getTime() - shift.startAt.getTime()) / 3_600_000;
}

/**
 * The row-level mechanics every trade shares, inside the caller's transaction. Lock order, always:
 * the diensten (by id), their periods (shared), the GPs who gain a dienst (by id), and last the
 * audit chain (AuditTrail). One order for everyone means two trades never wait on each other in a circle.
 */
@Injectable()
export class TradeLedger {
  constructor(private readonly periods: PeriodsService) {}

  /** Locks the diensten in id order; all must exist in this HDS and not be removed. */
  async lockShifts(m: EntityManager, hdsId: string, ids: readonly string[]): Promise<Map<string, ShiftEntity>> {
    const sorted = [...new Set(ids)].sort();
    const rows = await m
      .createQueryBuilder(ShiftEntity, 's')
      .where('s.hds_id = :hdsId AND s.id IN (:...ids)', { hdsId, ids: sorted })
      .orderBy('s.id', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
    const byId = new Map(rows.map((s) => [s.id, s]));
    for (const id of sorted) {
      const shift = byId.get(id);
      if (!shift || shift.removedAt) throw new RosterError(RosterErrorCode.ShiftNotFound, `Dienst ${id} bestaat niet in deze HDS.`);
    }
    return byId;
  }

  /** Only diensten of published (or amended) periods that have not started yet can change hands. */
  async assertTradable(m: EntityManager, shifts: readonly ShiftEntity[], now: Date): Promise<void> {
    const periodIds = [...new Set(shifts.map((s) => s.periodId))].sort();
    // Shared: many trades of one period run side by side, while closing the period waits for them.
    const rows = (await m.query('SELECT id, status FROM roster_periods WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE', [periodIds])) as { id: string; status: PeriodStatus }[];
    for (const row of rows) {
      if (!TRADABLE.includes(row.status)) {
        throw new MarketplaceError(
          MarketplaceErrorCode.PeriodNotTradable,
          row.status === PeriodStatus.Closed ? 'Deze roosterperiode is afgesloten; er kan niet meer geruild worden.' : 'Deze roosterperiode is nog niet gepubliceerd; ruilen kan pas na publicatie.',
        );
      }
    }
    for (const shift of shifts) {
      if (shift.startAt.getTime() <= now.getTime()) throw new MarketplaceError(MarketplaceErrorCode.ShiftStarted, 'Deze dienst is al begonnen of voorbij en kan niet meer van eigenaar wisselen.');
    }
  }

  /** Locks the GPs who gain a dienst (by id): a GP's trades run one at a time, so the rule check sees all their diensten. */
  async lockGps(m: EntityManager, hdsId: string, ids: readonly string[]): Promise<void> {
    const sorted = [...new Set(ids)].sort();
    if (sorted.length === 0) return;
    const rows = (await m.query('SELECT id FROM gps WHERE hds_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE', [hdsId, sorted])) as { id: string }[];
    if (rows.length !== sorted.length) {
      const found = new Set(rows.map((r) => r.id));
      const missing = sorted.find((id) => !found.has(id));
      throw new RosterError(RosterErrorCode.GpNotFound, `Huisarts ${missing} bestaat niet in deze HDS.`);
    }
  }

  async activeGpIds(m: EntityManager, shiftId: string): Promise<string[]> {
    const rows = (await m.query('SELECT gp_id FROM assignments WHERE shift_id = $1 AND removed_at IS NULL', [shiftId])) as { gp_id: string }[];
    return rows.map((r) => r.gp_id);
  }

  /** The engine's hard rules for one GP taking one dienst; throws a 422 naming the broken rule. */
  async assertLawful(m: EntityManager, hdsId: string, gpId: string, shift: ShiftEntity, ignoreShiftIds: string[] = []): Promise<void> {
    await this.periods.assertLawful(m, hdsId, gpId, shift, ignoreShiftIds);
  }

  /** The same check as a verdict, for a queue that must go on to the next claim. */
  async verdict(m: EntityManager, hdsId: string, gpId: string, shift: ShiftEntity, ignoreShiftIds: string[] = []): Promise<Verdict> {
    try {
      await this.periods.assertLawful(m, hdsId, gpId, shift, ignoreShiftIds);
      return null;
    } catch (error) {
      if (error instanceof RosterError && (error.code === RosterErrorCode.RuleViolation || error.code === RosterErrorCode.GpNotFound)) {
        return { reason: error.message, rule: error.errors?.[0]?.field ?? null };
      }
      throw error;
    }
  }

  /** Hours a GP works in a period (real elapsed time of their active diensten). */
  async periodHours(m: EntityManager, gpId: string, periodId: string): Promise<number> {
    const [row] = (await m.query(
      `SELECT coalesce(sum(extract(epoch FROM s.end_at - s.start_at)) / 3600, 0)::float AS hours
         FROM assignments a JOIN shifts s ON s.id = a.shift_id
        WHERE a.gp_id = $1 AND a.removed_at IS NULL AND s.removed_at IS NULL AND s.period_id = $2`,
      [gpId, periodId],
    )) as { hours: number }[];
    return row.hours;
  }

  /** Refuses a trade that takes the GP below the HDS's minimum share in the period of the dienst they give. */
  async assertMinimumShare(m: EntityManager, policy: MarketplacePolicy, gpId: string, give: ShiftEntity, take: ShiftEntity | null): Promise<void> {
    if (policy.minimumShareHours === null) return;
    const before = await this.periodHours(m, gpId, give.periodId);
    const after = before - shiftHours(give) + (take && take.periodId === give.periodId ? shiftHours(take) : 0);
    if (dropsBelowMinimum(policy, before, after)) {
      throw new MarketplaceError(
        MarketplaceErrorCode.MinimumShare,
        `Hiermee komt de huisarts op ${round(after)} uur in deze periode, onder het minimum van ${policy.minimumShareHours} uur.`,
      );
    }
  }

  /** Moves a dienst from one GP to another (either may be null: an open position is filled or left). */
  async move(m: EntityManager, hdsId: string, shiftId: string, fromGpId: string | null, toGpId: string | null, now: Date): Promise<void> {
    if (fromGpId) {
      const result = await m.update(AssignmentEntity, { shiftId, gpId: fromGpId, removedAt: IsNull() }, { removedAt: now });
      if (!result.affected) throw new MarketplaceError(MarketplaceErrorCode.TradeChanged, 'De bezetting van deze dienst is intussen veranderd.');
    }
    if (toGpId) await m.insert(AssignmentEntity, { hdsId, shiftId, gpId: toGpId, source: AssignmentSource.Trade });
  }

  /** Calendars see a change: the iCal SEQUENCE rises. */
  async bumpRevisions(m: EntityManager, shiftIds: readonly string[]): Promise<void> {
    await m
      .createQueryBuilder()
      .update(ShiftEntity)
      .set({ revision: () => 'revision + 1' })
      .where('id IN (:...ids)', { ids: [...new Set(shiftIds)] })
      .execute();
  }
}

function round(hours: number): string {
  return String(Math.round(hours * 100) / 100);
}
