import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { INSTANCE_FORMAT_1_1 } from '@anw/distribution';
import { effectiveHdsSettings, HdsEntity } from '@anw/identity';
import {
  AvailabilityEntity,
  AvailabilityKind,
  approvedLimits,
  ExemptionKind,
  expandRecurringWishes,
  GpEntity,
  GpExemptionEntity,
  gpWeights,
  periodRecurringWishes,
  type LocalWish,
  type RosterPeriodEntity,
  type WeightPolicy,
} from '@anw/rosters';
import { DEFAULT_ZONE, localIso } from '@anw/time';
import { CarryOverBalanceEntity } from './distribution-run.entity.js';

const HISTORY_DAYS = 14;

/**
 * Maps a period in the database to the engine's roster instance format 1.1: GPs with weights
 * by the HDS policy (pro rata for joining/leaving), qualifications, hard unavailability
 * (absences, blocked dates, full exemptions, dates outside their affiliation), no-nights
 * exemptions, carry-over balances of the previous period, their wishes (dated wants/avoids and
 * the period's recurring ones, expanded) and approved limits; the period's diensten with their
 * current assignments (picks included) as `fixed`; the last two weeks before the period as history.
 */
export async function buildInstance(m: EntityManager, period: RosterPeriodEntity): Promise<Record<string, unknown>> {
  const hds = await m.findOneByOrFail(HdsEntity, { id: period.hdsId });
  // The HDS's versioned settings as they hold for this period (a draft: the current ones).
  const settings = await effectiveHdsSettings(m, hds.id, period.id);
  const periodStart = DateTime.fromISO(period.startDate, { zone: DEFAULT_ZONE });
  const periodEnd = DateTime.fromISO(period.endDate, { zone: DEFAULT_ZONE }).plus({ days: 1 });
  const days = periodEnd.diff(periodStart, 'days').days;
  const gps = (await m.find(GpEntity, { where: { hdsId: hds.id } })).filter(
    (g) => (!g.joinedOn || g.joinedOn <= period.endDate) && (!g.leftOn || g.leftOn >= period.startDate),
  );
  const presence = (g: GpEntity): number => {
    const from = g.joinedOn && g.joinedOn > period.startDate ? DateTime.fromISO(g.joinedOn, { zone: DEFAULT_ZONE }) : periodStart;
    const to = g.leftOn && g.leftOn < period.endDate ? DateTime.fromISO(g.leftOn, { zone: DEFAULT_ZONE }).plus({ days: 1 }) : periodEnd;
    return Math.max(0, Math.min(1, to.diff(from, 'days').days / days));
  };
  const weights = gpWeights(
    gps.map((g) => ({ ...g, presence: presence(g) })),
    settings.quotaPolicy as WeightPolicy,
  );
  const absences = await m
    .createQueryBuilder(AvailabilityEntity, 'a')
    .where('a.hds_id = :hdsId AND a.kind IN (:...kinds) AND a.start_at < :end AND a.end_at > :start', {
      hdsId: hds.id,
      kinds: [AvailabilityKind.Absence, AvailabilityKind.Blocked, AvailabilityKind.Wants, AvailabilityKind.Avoids],
      start: periodStart.toJSDate(),
      end: periodEnd.toJSDate(),
    })
    .getMany();
  const exemptions = await m
    .createQueryBuilder(GpExemptionEntity, 'e')
    .where('e.hds_id = :hdsId AND e.from_date <= :end AND e.to_date >= :start', { hdsId: hds.id, start: period.startDate, end: period.endDate })
    .getMany();
  const previous = (await m.query(
    `SELECT b.gp_id, b.avond, b.nacht, b.weekend, b.feestdag FROM carry_over_balances b
      WHERE b.hds_id = $1 AND b.period_id = (
        SELECT p.id FROM roster_periods p JOIN carry_over_balances c ON c.period_id = p.id
         WHERE p.hds_id = $1 AND p.end_date < $2 ORDER BY p.end_date DESC LIMIT 1)`,
    [hds.id, period.startDate],
  )) as (Pick<CarryOverBalanceEntity, 'avond' | 'nacht' | 'weekend' | 'feestdag'> & { gp_id: string })[];
  const balances = new Map(previous.map((b) => [b.gp_id, b]));
  const limits = await approvedLimits(m, hds.id, gps.map((g) => g.id), period.id);
  const recurring = await periodRecurringWishes(m, hds.id, period.id);

  const interval = (start: Date, end: Date): { start: string; end: string } => ({ start: localIso(start), end: localIso(end) });
  const instanceGps = gps.map((g) => {
    const own = absences.filter((a) => a.gpId === g.id);
    const unavailable = own.filter((a) => a.kind === AvailabilityKind.Absence || a.kind === AvailabilityKind.Blocked).map((a) => interval(a.startAt, a.endAt));
    const preferences: LocalWish[] = [
      ...own
        .filter((a) => a.kind === AvailabilityKind.Wants || a.kind === AvailabilityKind.Avoids)
        .map((a) => ({ kind: a.kind === AvailabilityKind.Wants ? ('want' as const) : ('avoid' as const), ...interval(a.startAt, a.endAt), weight: a.weight })),
      ...expandRecurringWishes(recurring.get(g.id) ?? [], { start: period.startDate, end: period.endDate }),
    ].filter((p) => p.start < p.end);
    const gpLimits = limits.get(g.id);
    for (const e of exemptions.filter((x) => x.gpId === g.id && x.kind === ExemptionKind.Full)) {
      unavailable.push({ start: `${e.fromDate}T00:00`, end: `${e.toDate}T24:00` });
    }
    if (g.joinedOn && g.joinedOn > period.startDate) unavailable.push({ start: `${period.startDate}T00:00`, end: `${g.joinedOn}T00:00` });
    if (g.leftOn && g.leftOn < period.endDate) unavailable.push({ start: `${g.leftOn}T24:00`, end: `${period.endDate}T24:00` });
    const b = balances.get(g.id);
    return {
      id: g.id,
      kind: g.kind,
      weight: weights.get(g.id) ?? 0,
      qualifications: g.qualifications,
      unavailable: unavailable.filter((u) => u.start < u.end),
      noNights: exemptions.some((e) => e.gpId === g.id && e.kind === ExemptionKind.NoNights),
      balanceHours: { avond: b?.avond ?? 0, nacht: b?.nacht ?? 0, weekend: b?.weekend ?? 0, feestdag: b?.feestdag ?? 0 },
      ...(preferences.length > 0 ? { preferences } : {}),
      ...(gpLimits && Object.keys(gpLimits).length > 0 ? { limits: gpLimits } : {}),
    };
  });

  const shiftRows = (await m.query(
    `SELECT s.id, p.code AS post, s.role, s.start_at, s.end_at, s.required,
            coalesce(array_agg(a.gp_id) FILTER (WHERE a.gp_id IS NOT NULL), '{}') AS fixed
       FROM shifts s JOIN posts p ON p.id = s.post_id
       LEFT JOIN assignments a ON a.shift_id = s.id AND a.removed_at IS NULL
      WHERE s.period_id = $1 AND s.removed_at IS NULL
      GROUP BY s.id, p.code ORDER BY s.start_at, s.id`,
    [period.id],
  )) as { id: string; post: string; role: string; start_at: Date; end_at: Date; required: number; fixed: string[] }[];
  const known = new Set(gps.map((g) => g.id));
  const historyRows = (await m.query(
    `SELECT a.gp_id, s.start_at, s.end_at FROM assignments a JOIN shifts s ON s.id = a.shift_id
      WHERE a.hds_id = $1 AND a.removed_at IS NULL AND s.removed_at IS NULL AND s.period_id <> $2
        AND s.start_at < $3 AND s.start_at >= $4`,
    [hds.id, period.id, periodStart.toJSDate(), periodStart.minus({ days: HISTORY_DAYS }).toJSDate()],
  )) as { gp_id: string; start_at: Date; end_at: Date }[];

  return {
    format: INSTANCE_FORMAT_1_1,
    timezone: DEFAULT_ZONE,
    period: { start: period.startDate, end: period.endDate },
    rules: settings.rules,
    gps: instanceGps,
    shifts: shiftRows.map((s) => ({
      id: s.id,
      post: s.post,
      role: s.role,
      ...interval(s.start_at, s.end_at),
      required: s.required,
      fixed: s.fixed.filter((g) => known.has(g)),
    })),
    history: historyRows.filter((h) => known.has(h.gp_id)).map((h) => ({ gp: h.gp_id, ...interval(h.start_at, h.end_at) })),
  };
}
