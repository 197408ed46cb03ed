import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HdsEntity, RegionEntity } from '@anw/identity';
import { GpKind, gpWeights, type WeightPolicy } from '@anw/rosters';
import { ANW_CATEGORIES } from '@anw/time';
import { AuditReportError, AuditReportErrorCode } from './audit-reports.errors.js';
import { type DateRange, presence } from './figures/date-range.js';
import { averageLength, type CategoryDemand, deviation, fairShares, type LedgerPeriod, runLedger, total, zeroes } from './figures/fair-share-ledger.js';
import { fairnessFigures, type FairnessFigures, type PerCategory, perCategory } from './figures/fairness.js';
import {
  COVERAGE_SQL,
  type CoverageRow,
  DEMAND_SQL,
  type DemandRow,
  GP_HOURS_SQL,
  type GpHoursRow,
  PERIODS_SQL,
  type PeriodRow,
  POSTS_SQL,
  type PostRow,
} from './sql/workload.sql.js';

/** How many earlier periods the trend shows. */
export const TREND_PERIODS = 4;

const round = (x: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const roundOrNull = (x: number | null, digits = 2): number | null => (x === null ? null : round(x, digits));
/** A deviation in hours as diensten of the category's average length (0 when the category has no hours). */
const inDiensten = (hours: number | null, averageLength: number): number | null => (hours === null ? null : averageLength > 0 ? round(hours / averageLength, 3) : 0);
const minutesToHours = (m: number | null | undefined): number => (m ?? 0) / 60;

export interface PeriodRef {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  status: string;
}

export interface TrendPoint {
  periodId: string;
  name: string;
  startDate: string;
  endDate: string;
  deviationHours: PerCategory<number | null>;
  deviationDiensten: PerCategory<number | null>;
}

/** One GP's dienstbelasting in a date range, against their fair share and quota. */
export interface GpWorkload {
  gpId: string;
  name: string;
  email: string;
  kind: GpKind;
  /** patients of the GP's own practice (holders) */
  practicePatients: number | null;
  /** the practice holder whose practice the GP belongs to (themselves for a holder; null for a locum) */
  practiceId: string | null;
  weight: number;
  noNights: boolean;
  diensten: number;
  dienstenPerCategory: PerCategory<number>;
  hours: PerCategory<number>;
  /** fair share by water-filling with the carry-over balance */
  share: PerCategory<number>;
  /** share without carry-over (H_c × weight ÷ Σ weight) */
  quota: PerCategory<number>;
  /** carry-over at the start of the range: hours ahead (+) or behind (−) */
  balance: PerCategory<number>;
  deviationHours: PerCategory<number | null>;
  deviationDiensten: PerCategory<number | null>;
  totalHours: number;
  totalShare: number;
  totalQuota: number;
  /** agreed fixed minimum hours per period, where the HDS records one */
  minimumHours: number | null;
  trend: TrendPoint[];
}

export interface CategoryTotals {
  /** Σ required × hours in c */
  demandHours: PerCategory<number>;
  /** positions (Σ required) of diensten with hours in c */
  positions: PerCategory<number>;
  /** L_c: the average length of such a position, in hours */
  averageLength: PerCategory<number>;
  assignedHours: PerCategory<number>;
  openHours: PerCategory<number>;
}

export interface HdsSummary {
  hds: { id: string; code: string; name: string; regionId: string; quotaPolicy: string };
  range: DateRange;
  periods: PeriodRef[];
  shifts: number;
  positions: number;
  staffed: number;
  open: number;
  gps: number;
  categories: CategoryTotals;
  fairness: FairnessFigures;
}

export interface HdsWorkload extends HdsSummary {
  gpRows: GpWorkload[];
}

export interface PracticeWorkload {
  practiceId: string;
  holderName: string;
  patients: number | null;
  members: { gpId: string; name: string; kind: GpKind }[];
  weight: number;
  diensten: number;
  hours: PerCategory<number>;
  share: PerCategory<number>;
  quota: PerCategory<number>;
  balance: PerCategory<number>;
  deviationHours: PerCategory<number | null>;
  deviationDiensten: PerCategory<number | null>;
  totalHours: number;
  totalShare: number;
}

export interface PostWorkload {
  postId: string;
  code: string;
  name: string;
  shifts: number;
  positions: number;
  staffed: number;
  open: number;
  gps: number;
  demandHours: PerCategory<number>;
  assignedHours: PerCategory<number>;
}

export interface RegionWorkload {
  region: { id: string; name: string };
  range: DateRange;
  hds: HdsSummary[];
  totals: { shifts: number; positions: number; staffed: number; open: number; gps: number; demandHours: PerCategory<number>; assignedHours: PerCategory<number> };
}

export type GpSort = 'name' | 'deviation' | 'hours';

interface GpRecord {
  id: string;
  name: string;
  email: string;
  kind: GpKind;
  employer_gp_id: string | null;
  practice_patients: number | null;
  fte: string | null;
  fixed_minimum_hours: number | null;
  carve_out_percent: number | null;
  joined_on: string | null;
  left_on: string | null;
}

interface Exemption {
  gp_id: string;
  from_date: string;
  to_date: string;
}

const minutesOf = (row: Pick<GpHoursRow, 'm_avond' | 'm_nacht' | 'm_weekend' | 'm_feestdag'>): PerCategory<number> => perCategory((c) => row[`m_${c}`]);

function addInto(target: PerCategory<number>, add: PerCategory<number>): void {
  for (const c of ANW_CATEGORIES) target[c] += add[c];
}

/**
 * Dienstbelasting per GP, practice, post, HDS and region over a date range, from indexed SQL
 * aggregates: hours and diensten per category against each GP's fair share (the engine's
 * water-filling, `@anw/distribution`), quota and carry-over balance, the deviation in hours and
 * diensten, the trend over earlier periods and the fairness figures. Only published periods
 * (published, amended, closed) count.
 */
@Injectable()
export class WorkloadService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async hds(hdsId: string): Promise<HdsEntity> {
    const hds = await this.dataSource.getRepository(HdsEntity).findOneBy({ id: hdsId });
    if (!hds) throw new AuditReportError(AuditReportErrorCode.HdsNotFound, `HDS ${hdsId} bestaat niet.`);
    return hds;
  }

  /** Everything about one HDS in a range: the summary, fairness figures and one row per GP. */
  async workload(hdsId: string, range: DateRange): Promise<HdsWorkload> {
    const hds = await this.hds(hdsId);
    const m = this.dataSource.manager;
    const periods = (await m.query(PERIODS_SQL, [hdsId, range.to])) as PeriodRow[];
    const periodIds = periods.map((p) => p.id);
    const [demandRows, hourRows, gps, exemptions] = await Promise.all([
      m.query(DEMAND_SQL, [hdsId, range.from, range.to, periodIds]) as Promise<DemandRow[]>,
      m.query(GP_HOURS_SQL, [hdsId, range.from, range.to, periodIds]) as Promise<GpHoursRow[]>,
      m.query(
        `SELECT id, name, email, kind, employer_gp_id, practice_patients, fte, fixed_minimum_hours, carve_out_percent, joined_on, left_on
           FROM gps WHERE hds_id = $1 ORDER BY name, id`,
        [hdsId],
      ) as Promise<GpRecord[]>,
      m.query(`SELECT gp_id, from_date, to_date FROM gp_exemptions WHERE hds_id = $1 AND kind = 'no_nights' AND from_date <= $2::date`, [hdsId, range.to]) as Promise<Exemption[]>,
    ]);
    const policy = hds.quotaPolicy as WeightPolicy;
    const weigh = (span: DateRange): Map<string, { weight: number; noNights: boolean }> => {
      const weights = gpWeights(
        gps.map((g) => ({
          id: g.id,
          kind: g.kind,
          employerGpId: g.employer_gp_id,
          practicePatients: g.practice_patients,
          fte: g.fte === null ? null : Number(g.fte),
          fixedMinimumHours: g.fixed_minimum_hours,
          carveOutPercent: g.carve_out_percent,
          presence: presence(span, g.joined_on, g.left_on),
        })),
        policy,
      );
      const noNights = new Set(exemptions.filter((e) => e.from_date <= span.to && e.to_date >= span.from).map((e) => e.gp_id));
      return new Map(gps.filter((g) => presence(span, g.joined_on, g.left_on) > 0).map((g) => [g.id, { weight: weights.get(g.id) ?? 0, noNights: noNights.has(g.id) }]));
    };

    // Earlier periods (wholly before the range) feed the carry-over ledger and the trend.
    const earlier = periods.filter((p) => p.end_date < range.from);
    const inRange = periods.filter((p) => p.end_date >= range.from);
    const ledgerPeriods: LedgerPeriod[] = earlier.map((p) => {
      const demand = demandOf(demandRows.filter((r) => r.period_id === p.id));
      const hours = new Map<string, PerCategory<number>>();
      for (const r of hourRows) if (r.period_id === p.id) hours.set(r.gp_id, perCategory((c) => minutesToHours(r[`m_${c}`])));
      return { id: p.id, demand, gps: weigh({ from: p.start_date, to: p.end_date }), hours };
    });
    const ledger = runLedger(ledgerPeriods);
    const trendSteps = ledger.steps.slice(-TREND_PERIODS);
    const periodById = new Map(periods.map((p) => [p.id, p]));

    // The range itself.
    const rangeDemandRows = demandRows.filter((r) => r.in_range);
    const demand = demandOf(rangeDemandRows);
    const L = averageLength(demand);
    const present = weigh(range);
    const worked = new Set(hourRows.filter((r) => r.in_range).map((r) => r.gp_id));
    const members = gps.filter((g) => present.has(g.id) || worked.has(g.id));
    const perGp = new Map<string, { diensten: number; minutes: PerCategory<number>; count: PerCategory<number> }>();
    for (const r of hourRows) {
      if (!r.in_range) continue;
      const acc = perGp.get(r.gp_id) ?? { diensten: 0, minutes: zeroes(), count: zeroes() };
      acc.diensten += r.diensten;
      addInto(acc.minutes, minutesOf(r));
      addInto(acc.count, perCategory((c) => r[`n_${c}`]));
      perGp.set(r.gp_id, acc);
    }
    const shareInput = members.map((g) => ({
      weight: present.get(g.id)?.weight ?? 0,
      noNights: present.get(g.id)?.noNights ?? false,
      balance: ledger.balances.get(g.id) ?? zeroes(),
    }));
    const shares = fairShares(demand.hours, shareInput);

    const gpRows: GpWorkload[] = members.map((g, i) => {
      const acc = perGp.get(g.id);
      const hours = perCategory((c) => minutesToHours(acc?.minutes[c]));
      const dev = perCategory((c) => deviation(hours[c], shares.share[c][i], shares.eligible[c][i]));
      const share = perCategory((c) => shares.share[c][i]);
      const quota = perCategory((c) => shares.quota[c][i]);
      return {
        gpId: g.id,
        name: g.name,
        email: g.email,
        kind: g.kind,
        practicePatients: g.practice_patients,
        practiceId: g.kind === GpKind.PracticeHolder ? g.id : g.kind === GpKind.Employed ? g.employer_gp_id : null,
        weight: round(shareInput[i].weight, 6),
        noNights: shareInput[i].noNights,
        diensten: acc?.diensten ?? 0,
        dienstenPerCategory: acc?.count ?? zeroes(),
        hours: perCategory((c) => round(hours[c])),
        share: perCategory((c) => round(share[c])),
        quota: perCategory((c) => round(quota[c])),
        balance: perCategory((c) => round(shareInput[i].balance[c])),
        deviationHours: perCategory((c) => roundOrNull(dev[c])),
        deviationDiensten: perCategory((c) => inDiensten(dev[c], L[c])),
        totalHours: round(total(hours)),
        totalShare: round(total(share)),
        totalQuota: round(total(quota)),
        minimumHours: g.fixed_minimum_hours,
        trend: trendSteps.map((step) => {
          const p = periodById.get(step.periodId)!;
          const d = step.deviation.get(g.id) ?? perCategory(() => null);
          return {
            periodId: p.id,
            name: p.name,
            startDate: p.start_date,
            endDate: p.end_date,
            deviationHours: perCategory((c) => roundOrNull(d[c])),
            deviationDiensten: perCategory((c) => inDiensten(d[c], step.averageLength[c])),
          };
        }),
      };
    });

    const fairness = fairnessFigures(gpRows);
    const sum = (key: 'shifts' | 'positions' | 'staffed'): number => rangeDemandRows.reduce((s, r) => s + (r[key] ?? 0), 0);
    const assignedHours = zeroes();
    for (const acc of perGp.values()) addInto(assignedHours, perCategory((c) => minutesToHours(acc.minutes[c])));
    return {
      hds: { id: hds.id, code: hds.code, name: hds.name, regionId: hds.regionId, quotaPolicy: hds.quotaPolicy },
      range,
      periods: inRange.map((p) => ({ id: p.id, name: p.name, startDate: p.start_date, endDate: p.end_date, status: p.status })),
      shifts: sum('shifts'),
      positions: sum('positions'),
      staffed: sum('staffed'),
      open: sum('positions') - sum('staffed'),
      gps: gpRows.filter((g) => g.weight > 0).length,
      categories: {
        demandHours: perCategory((c) => round(demand.hours[c])),
        positions: demand.positions,
        averageLength: perCategory((c) => round(L[c], 4)),
        assignedHours: perCategory((c) => round(assignedHours[c])),
        openHours: perCategory((c) => round(rangeDemandRows.reduce((s, r) => s + minutesToHours(r[`o_${c}`]), 0))),
      },
      fairness,
      gpRows,
    };
  }

  async summary(hdsId: string, range: DateRange): Promise<HdsSummary> {
    const { gpRows: _omitted, ...summary } = await this.workload(hdsId, range);
    return summary;
  }

  /** One page of GP rows, sorted by name, by the largest deviation (in diensten) or by hours. */
  async gpPage(hdsId: string, range: DateRange, sort: GpSort, page: { page: number; pageSize: number }): Promise<{ items: GpWorkload[]; total: number }> {
    const rows = sortGps((await this.workload(hdsId, range)).gpRows, sort);
    return { items: rows.slice((page.page - 1) * page.pageSize, page.page * page.pageSize), total: rows.length };
  }

  /** A GP's own figures, with the HDS averages they are measured against. */
  async forGp(hdsId: string, gpId: string, range: DateRange): Promise<{ gp: GpWorkload | null; range: DateRange; categories: CategoryTotals; withinTolerance: number }> {
    const workload = await this.workload(hdsId, range);
    return { gp: workload.gpRows.find((g) => g.gpId === gpId) ?? null, range, categories: workload.categories, withinTolerance: workload.fairness.withinTolerance.share };
  }

  /** Practices: a holder with their employed GPs (HIDHA), summed. Locums belong to none. */
  async practices(hdsId: string, range: DateRange): Promise<PracticeWorkload[]> {
    const workload = await this.workload(hdsId, range);
    return practicesOf(workload);
  }

  async posts(hdsId: string, range: DateRange): Promise<PostWorkload[]> {
    const periodIds = await this.publishedPeriodIds(hdsId, range);
    const rows = (await this.dataSource.query(POSTS_SQL, [hdsId, range.from, range.to, periodIds])) as PostRow[];
    return rows.map((r) => ({
      postId: r.post_id,
      code: r.code,
      name: r.name,
      shifts: r.shifts,
      positions: r.positions,
      staffed: r.staffed,
      open: r.positions - r.staffed,
      gps: r.gps,
      demandHours: perCategory((c) => round(minutesToHours(r[`d_${c}`]))),
      assignedHours: perCategory((c) => round(minutesToHours(r[`m_${c}`]))),
    }));
  }

  async coverage(hdsId: string, range: DateRange): Promise<{ date: string; positions: number; staffed: number; open: number }[]> {
    const periodIds = await this.publishedPeriodIds(hdsId, range);
    const rows = (await this.dataSource.query(COVERAGE_SQL, [hdsId, range.from, range.to, periodIds])) as CoverageRow[];
    return rows.map((r) => ({ date: r.date, positions: r.positions, staffed: r.staffed, open: r.positions - r.staffed }));
  }

  /** Every HDS of a region: its summary and fairness figures, and the region's totals. */
  async region(regionId: string, range: DateRange): Promise<RegionWorkload> {
    const region = await this.dataSource.getRepository(RegionEntity).findOneBy({ id: regionId });
    if (!region) throw new AuditReportError(AuditReportErrorCode.RegionNotFound, `Regio ${regionId} bestaat niet.`);
    const hdsList = await this.dataSource.getRepository(HdsEntity).find({ where: { regionId }, order: { name: 'ASC' }, select: { id: true } });
    // Side by side: each HDS is a few indexed aggregates, and the pool has room for them.
    const summaries = await Promise.all(hdsList.map((h) => this.summary(h.id, range)));
    const add = (key: 'shifts' | 'positions' | 'staffed' | 'open' | 'gps'): number => summaries.reduce((s, h) => s + h[key], 0);
    return {
      region: { id: region.id, name: region.name },
      range,
      hds: summaries,
      totals: {
        shifts: add('shifts'),
        positions: add('positions'),
        staffed: add('staffed'),
        open: add('open'),
        gps: add('gps'),
        demandHours: perCategory((c) => round(summaries.reduce((s, h) => s + h.categories.demandHours[c], 0))),
        assignedHours: perCategory((c) => round(summaries.reduce((s, h) => s + h.categories.assignedHours[c], 0))),
      },
    };
  }

  private async publishedPeriodIds(hdsId: string, range: DateRange): Promise<string[]> {
    const rows = (await this.dataSource.query(`SELECT id FROM roster_periods WHERE hds_id = $1 AND status <> 'draft' AND start_date <= $3::date AND end_date >= $2::date`, [
      hdsId,
      range.from,
      range.to,
    ])) as { id: string }[];
    return rows.map((r) => r.id);
  }
}

function demandOf(rows: readonly DemandRow[]): CategoryDemand {
  return {
    hours: perCategory((c) => rows.reduce((s, r) => s + minutesToHours(r[`m_${c}`]), 0)),
    positions: perCategory((c) => rows.reduce((s, r) => s + (r[`p_${c}`] ?? 0), 0)),
  };
}

export function sortGps(rows: readonly GpWorkload[], sort: GpSort): GpWorkload[] {
  const worst = (g: GpWorkload): number => Math.max(0, ...ANW_CATEGORIES.map((c) => Math.abs(g.deviationDiensten[c] ?? 0)));
  const byName = (a: GpWorkload, b: GpWorkload): number => a.name.localeCompare(b.name, 'nl') || a.gpId.localeCompare(b.gpId);
  const sorted = [...rows];
  if (sort === 'deviation') sorted.sort((a, b) => worst(b) - worst(a) || byName(a, b));
  else if (sort === 'hours') sorted.sort((a, b) => b.totalHours - a.totalHours || byName(a, b));
  else sorted.sort(byName);
  return sorted;
}

/** Sums the GP rows per practice (holder + employed GPs). */
export function practicesOf(workload: HdsWorkload): PracticeWorkload[] {
  const L = workload.categories.averageLength;
  const byId = new Map(workload.gpRows.map((g) => [g.gpId, g]));
  const groups = new Map<string, GpWorkload[]>();
  for (const g of workload.gpRows) {
    if (!g.practiceId) continue;
    groups.set(g.practiceId, [...(groups.get(g.practiceId) ?? []), g]);
  }
  return [...groups.entries()]
    .map(([practiceId, members]) => {
      const holder = byId.get(practiceId);
      const sum = (pick: (g: GpWorkload) => PerCategory<number>): PerCategory<number> => perCategory((c) => round(members.reduce((s, g) => s + pick(g)[c], 0)));
      const deviationHours = perCategory((c) => {
        const measured = members.filter((g) => g.deviationHours[c] !== null);
        return measured.length === 0 ? null : round(measured.reduce((s, g) => s + g.deviationHours[c]!, 0));
      });
      const hours = sum((g) => g.hours);
      const share = sum((g) => g.share);
      return {
        practiceId,
        holderName: holder?.name ?? members[0].name,
        patients: holder?.practicePatients ?? null,
        members: members.map((g) => ({ gpId: g.gpId, name: g.name, kind: g.kind })),
        weight: round(members.reduce((s, g) => s + g.weight, 0), 6),
        diensten: members.reduce((s, g) => s + g.diensten, 0),
        hours,
        share,
        quota: sum((g) => g.quota),
        balance: sum((g) => g.balance),
        deviationHours,
        deviationDiensten: perCategory((c) => inDiensten(deviationHours[c], L[c])),
        totalHours: round(total(hours)),
        totalShare: round(total(share)),
      };
    })
    .sort((a, b) => a.holderName.localeCompare(b.holderName, 'nl'));
}
