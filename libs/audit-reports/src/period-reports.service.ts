import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { localIso } from '@anw/time';
import { RosterError, RosterErrorCode } from '@anw/rosters';
import { type PerCategory, perCategory } from './figures/fairness.js';
import { marketTransfers, pairTransfers, type ShiftEvent, type Transfer } from './figures/transfers.js';

const HARD = ['nacht', 'weekend', 'feestdag'] as const;
type HardCategory = (typeof HARD)[number];

export interface PeriodHeader {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  status: string;
  version: number;
  publishedAt: string | null;
}

/** One position: a dienst needs `required` GPs; each is staffed or open. */
export interface PositionRow {
  shiftId: string;
  date: string;
  start: string;
  end: string;
  postId: string;
  postCode: string;
  code: string;
  role: string;
  required: number;
  gpIds: string[];
  gpNames: string[];
  missing: number;
  /** hard categories the dienst has hours in */
  hard: HardCategory[];
  /** since when the dienst has been short, from the audit trail (null: not yet published) */
  openSince: string | null;
  openHours: number | null;
}

export interface ClosingPlan {
  period: PeriodHeader;
  /** true when no position is open */
  closes: boolean;
  positions: number;
  staffed: number;
  open: number;
  perPost: { postId: string; code: string; name: string; positions: number; staffed: number; open: number }[];
  openPositions: PositionRow[];
  asOf: string;
}

export interface TradeEvent {
  seq: number;
  at: string;
  action: string;
  actorName: string | null;
  shiftId: string | null;
  gpId: string | null;
  reason: string | null;
}

export interface TradeTransfer extends Transfer {
  date: string;
  code: string;
  postCode: string;
  hours: number;
  hard: HardCategory[];
  fromName: string | null;
  toName: string | null;
}

export interface TradesReport {
  period: PeriodHeader;
  versions: { version: number; kind: string; reason: string | null; createdBy: string | null; createdAt: string }[];
  events: TradeEvent[];
  transfers: TradeTransfer[];
  /** per GP: diensten given away and taken over since publication */
  perGp: { gpId: string; name: string; gaveAway: number; gaveAwayHours: number; gaveAwayHard: number; took: number; tookHours: number; tookHard: number }[];
  /** who carries the hard diensten (nacht, weekend, feestdag) in the period as it stands */
  hardCarriers: { gpId: string; name: string; diensten: number; hours: PerCategory<number>; hardDiensten: number; hardHours: number }[];
}

interface ShiftRow {
  id: string;
  local_date: string;
  start_at: Date;
  end_at: Date;
  code: string;
  role: string;
  required: number;
  post_id: string;
  post_code: string;
  post_name: string;
  minutes_nacht: number;
  minutes_weekend: number;
  minutes_feestdag: number;
  gp_ids: string[];
}

interface AuditRow {
  seq: number;
  at: Date;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
  request_id: string | null;
  actor_name: string | null;
}

const hardOf = (s: Pick<ShiftRow, 'minutes_nacht' | 'minutes_weekend' | 'minutes_feestdag'>): HardCategory[] => HARD.filter((c) => s[`minutes_${c}`] > 0);

/**
 * Reports per roster period: the closing plan (every position staffed or open, and since when
 * it has been open, from the audit trail) and the trades and amendments (from the audit trail
 * and the frozen versions: who gave away what, who carries the hard diensten).
 */
@Injectable()
export class PeriodReportsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async period(hdsId: string, periodId: string): Promise<PeriodHeader> {
    const [p] = (await this.dataSource.query(`SELECT id, name, start_date, end_date, status, version, published_at FROM roster_periods WHERE hds_id = $1 AND id = $2`, [hdsId, periodId])) as {
      id: string;
      name: string;
      start_date: string;
      end_date: string;
      status: string;
      version: number;
      published_at: Date | null;
    }[];
    if (!p) throw new RosterError(RosterErrorCode.PeriodNotFound, `Roosterperiode ${periodId} bestaat niet in deze HDS.`);
    return { id: p.id, name: p.name, startDate: p.start_date, endDate: p.end_date, status: p.status, version: p.version, publishedAt: p.published_at?.toISOString() ?? null };
  }

  /** Every live position of the period, staffed or open, in time order. */
  async positions(hdsId: string, periodId: string, now = new Date()): Promise<{ period: PeriodHeader; rows: PositionRow[] }> {
    const period = await this.period(hdsId, periodId);
    const shifts = (await this.dataSource.query(
      `SELECT s.id, s.local_date, s.start_at, s.end_at, s.code, s.role, s.required, s.post_id, p.code AS post_code, p.name AS post_name,
              s.minutes_nacht, s.minutes_weekend, s.minutes_feestdag,
              coalesce(array_agg(a.gp_id ORDER BY a.created_at) FILTER (WHERE a.gp_id IS NOT NULL), '{}') AS gp_ids
         FROM shifts s JOIN posts p ON p.id = s.post_id
         LEFT JOIN assignments a ON a.shift_id = s.id AND a.removed_at IS NULL
        WHERE s.hds_id = $1 AND s.period_id = $2 AND s.removed_at IS NULL
        GROUP BY s.id, p.code, p.name
        ORDER BY s.start_at, p.code, s.code, s.id`,
      [hdsId, periodId],
    )) as ShiftRow[];
    const short = shifts.filter((s) => s.gp_ids.length < s.required).map((s) => s.id);
    // A position opens when its dienst is added, a GP is taken off it or it needs more GPs; before publication nothing counts.
    const events = short.length
      ? ((await this.dataSource.query(
          `SELECT r.entity_id, max(r.at) AS at FROM audit_records r
            WHERE r.hds_id = $1 AND r.entity_type = 'shift' AND r.entity_id = ANY($2::text[])
              AND (r.action IN ('shift.added', 'assignment.removed')
                   OR (r.action = 'shift.changed' AND (r.after->>'required')::int > (r.before->>'required')::int))
            GROUP BY r.entity_id`,
          [hdsId, short],
        )) as { entity_id: string; at: Date }[])
      : [];
    const lastEvent = new Map(events.map((e) => [e.entity_id, e.at]));
    const names = await this.gpNames(hdsId, [...new Set(shifts.flatMap((s) => s.gp_ids))]);
    const published = period.publishedAt ? new Date(period.publishedAt) : null;
    return {
      period,
      rows: shifts.map((s) => {
        const missing = Math.max(0, s.required - s.gp_ids.length);
        let openSince: Date | null = null;
        if (missing > 0 && published) {
          const event = lastEvent.get(s.id);
          openSince = event && event > published ? event : published;
        }
        return {
          shiftId: s.id,
          date: s.local_date,
          start: localIso(s.start_at),
          end: localIso(s.end_at),
          postId: s.post_id,
          postCode: s.post_code,
          code: s.code,
          role: s.role,
          required: s.required,
          gpIds: s.gp_ids,
          gpNames: s.gp_ids.map((id) => names.get(id) ?? id),
          missing,
          hard: hardOf(s),
          openSince: openSince?.toISOString() ?? null,
          openHours: openSince ? Math.round((now.getTime() - openSince.getTime()) / 36_000) / 100 : null,
        };
      }),
    };
  }

  async closingPlan(hdsId: string, periodId: string, now = new Date()): Promise<ClosingPlan> {
    const { period, rows } = await this.positions(hdsId, periodId, now);
    // The per-post sums follow from the rows already loaded.
    const postRows = (await this.dataSource.query(
      `SELECT DISTINCT p.id, p.code, p.name FROM shifts s JOIN posts p ON p.id = s.post_id WHERE s.hds_id = $1 AND s.period_id = $2 AND s.removed_at IS NULL ORDER BY p.code`,
      [hdsId, periodId],
    )) as { id: string; code: string; name: string }[];
    const posts = postRows.map((p) => {
      const own = rows.filter((r) => r.postId === p.id);
      const positions = own.reduce((n, r) => n + r.required, 0);
      return { id: p.id, code: p.code, name: p.name, positions, staffed: positions - own.reduce((n, r) => n + r.missing, 0) };
    });
    const positions = rows.reduce((n, r) => n + r.required, 0);
    const open = rows.reduce((n, r) => n + r.missing, 0);
    return {
      period,
      closes: open === 0,
      positions,
      staffed: positions - open,
      open,
      perPost: posts.map((p) => ({ postId: p.id, code: p.code, name: p.name, positions: p.positions, staffed: p.staffed, open: p.positions - p.staffed })),
      openPositions: rows.filter((r) => r.missing > 0),
      asOf: now.toISOString(),
    };
  }

  async trades(hdsId: string, periodId: string): Promise<TradesReport> {
    const period = await this.period(hdsId, periodId);
    const versions = (await this.dataSource.query(
      `SELECT v.version, v.kind, v.reason, u.display_name AS created_by, v.created_at
         FROM roster_versions v LEFT JOIN users u ON u.id = v.created_by
        WHERE v.hds_id = $1 AND v.period_id = $2 ORDER BY v.version`,
      [hdsId, periodId],
    )) as { version: number; kind: string; reason: string | null; created_by: string | null; created_at: Date }[];
    const shiftRows = (await this.dataSource.query(
      `SELECT s.id, s.local_date, s.code, p.code AS post_code, s.minutes_nacht, s.minutes_weekend, s.minutes_feestdag,
              extract(epoch FROM s.end_at - s.start_at)::float8 / 3600 AS hours
         FROM shifts s JOIN posts p ON p.id = s.post_id WHERE s.hds_id = $1 AND s.period_id = $2`,
      [hdsId, periodId],
    )) as { id: string; local_date: string; code: string; post_code: string; minutes_nacht: number; minutes_weekend: number; minutes_feestdag: number; hours: number }[];
    const shiftById = new Map(shiftRows.map((s) => [s.id, s]));
    // Only what happened after publication is a trade or an amendment; before it the planner was drafting.
    // Planner amendments are records on the period's diensten; marketplace trades are records on claims and swaps.
    const records = period.publishedAt
      ? ((await this.dataSource.query(
          `SELECT r.seq, r.at, r.action, r.entity_type, r.entity_id, r.before, r.after, r.reason, r.request_id, u.display_name AS actor_name
             FROM audit_records r LEFT JOIN users u ON u.id = r.actor_user_id
            WHERE r.hds_id = $1 AND r.at >= $3
              AND ((r.entity_type = 'shift' AND r.entity_id IN (SELECT s.id::text FROM shifts s WHERE s.period_id = $2))
                   OR r.entity_type IN ('claim', 'swap'))
            ORDER BY r.seq`,
          [hdsId, periodId, period.publishedAt],
        )) as AuditRow[])
      : [];
    const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    const inPeriod = (id: string | null): boolean => id !== null && shiftById.has(id);
    const market = records.filter((r) => r.entity_type !== 'shift');
    const marketMoves = marketTransfers(market.map((r) => ({ seq: r.seq, at: r.at.toISOString(), action: r.action, entityType: r.entity_type, entityId: r.entity_id, after: r.after })));
    // A claim or swap belongs to this period when one of its diensten does.
    const marketShift = new Map<string, string | null>();
    for (const r of market) {
      const ids = [str(r.after?.shiftId), str(r.after?.fromShiftId), str(r.after?.toShiftId)].filter(inPeriod);
      if (ids.length > 0) marketShift.set(r.entity_id, ids[0]);
      else if (!marketShift.has(r.entity_id)) marketShift.set(r.entity_id, null);
    }
    const shown = records.filter((r) => r.entity_type === 'shift' || marketShift.get(r.entity_id));
    const events: ShiftEvent[] = shown.map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      action: r.action,
      shiftId: r.entity_type === 'shift' ? r.entity_id : (marketShift.get(r.entity_id) ?? null),
      gpId: str(r.after?.gpId) ?? str(r.before?.gpId) ?? str(r.after?.fromGpId),
      requestId: r.request_id,
    }));
    const transfers = [...pairTransfers(events.filter((e, i) => shown[i].entity_type === 'shift')), ...marketMoves.filter((t) => inPeriod(t.shiftId))].sort((a, b) => a.seq - b.seq);
    const gpIds = [...new Set(transfers.flatMap((t) => [t.fromGpId, t.toGpId]).filter((x): x is string => x !== null))];
    const carriers = (await this.dataSource.query(
      `SELECT a.gp_id, g.name, count(*)::int AS diensten,
              sum(s.minutes_avond)::int AS m_avond, sum(s.minutes_nacht)::int AS m_nacht,
              sum(s.minutes_weekend)::int AS m_weekend, sum(s.minutes_feestdag)::int AS m_feestdag,
              (count(*) FILTER (WHERE s.minutes_nacht > 0 OR s.minutes_weekend > 0 OR s.minutes_feestdag > 0))::int AS hard
         FROM assignments a JOIN shifts s ON s.id = a.shift_id JOIN gps g ON g.id = a.gp_id
        WHERE a.hds_id = $1 AND a.removed_at IS NULL AND s.period_id = $2 AND s.removed_at IS NULL
        GROUP BY a.gp_id, g.name`,
      [hdsId, periodId],
    )) as { gp_id: string; name: string; diensten: number; m_avond: number; m_nacht: number; m_weekend: number; m_feestdag: number; hard: number }[];
    const names = await this.gpNames(hdsId, gpIds);
    const tradeTransfers: TradeTransfer[] = transfers.map((t) => {
      const s = shiftById.get(t.shiftId);
      return {
        ...t,
        date: s?.local_date ?? '',
        code: s?.code ?? '',
        postCode: s?.post_code ?? '',
        hours: s ? Math.round(s.hours * 100) / 100 : 0,
        hard: s ? hardOf(s) : [],
        fromName: t.fromGpId ? (names.get(t.fromGpId) ?? null) : null,
        toName: t.toGpId ? (names.get(t.toGpId) ?? null) : null,
      };
    });
    const perGp = new Map<string, TradesReport['perGp'][number]>();
    const entry = (gpId: string): TradesReport['perGp'][number] => {
      const e = perGp.get(gpId) ?? { gpId, name: names.get(gpId) ?? gpId, gaveAway: 0, gaveAwayHours: 0, gaveAwayHard: 0, took: 0, tookHours: 0, tookHard: 0 };
      perGp.set(gpId, e);
      return e;
    };
    for (const t of tradeTransfers) {
      if (t.fromGpId) {
        const e = entry(t.fromGpId);
        e.gaveAway += 1;
        e.gaveAwayHours = Math.round((e.gaveAwayHours + t.hours) * 100) / 100;
        if (t.hard.length > 0) e.gaveAwayHard += 1;
      }
      if (t.toGpId) {
        const e = entry(t.toGpId);
        e.took += 1;
        e.tookHours = Math.round((e.tookHours + t.hours) * 100) / 100;
        if (t.hard.length > 0) e.tookHard += 1;
      }
    }
    const hoursOf = (r: (typeof carriers)[number]): PerCategory<number> => perCategory((c) => Math.round((r[`m_${c}`] / 60) * 100) / 100);
    return {
      period,
      versions: versions.map((v) => ({ version: v.version, kind: v.kind, reason: v.reason, createdBy: v.created_by, createdAt: v.created_at.toISOString() })),
      events: shown.map((r, i) => ({ seq: r.seq, at: events[i].at, action: r.action, actorName: r.actor_name, shiftId: events[i].shiftId, gpId: events[i].gpId, reason: r.reason })),
      transfers: tradeTransfers,
      perGp: [...perGp.values()].sort((a, b) => b.gaveAway + b.took - (a.gaveAway + a.took) || a.name.localeCompare(b.name, 'nl')),
      hardCarriers: carriers
        .map((r) => {
          const hours = hoursOf(r);
          return { gpId: r.gp_id, name: r.name, diensten: r.diensten, hours, hardDiensten: r.hard, hardHours: Math.round((hours.nacht + hours.weekend + hours.feestdag) * 100) / 100 };
        })
        .sort((a, b) => b.hardHours - a.hardHours || a.name.localeCompare(b.name, 'nl')),
    };
  }

  private async gpNames(hdsId: string, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.dataSource.query('SELECT id, name FROM gps WHERE hds_id = $1 AND id = ANY($2::uuid[])', [hdsId, ids])) as { id: string; name: string }[];
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
