import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodStatus } from '@anw/rosters';
import { CancelReason, FeedKind, FeedShiftStatus, type FeedPost, type FeedShift, type FeedSpec } from '../render/feed-model.js';
import type { FeedWindow } from '../render/feed-window.js';
import { TENTATIVE_SHIFT_SOURCE, type PendingTrade, type TentativeShiftSource } from './tentative-shifts.js';

/** The subject of a feed, as the server knows it after the token lookup. */
export interface FeedSubject {
  id: string;
  hdsId: string;
  kind: FeedKind;
  gpId: string | null;
  postId: string | null;
}

const VISIBLE = [PeriodStatus.Published, PeriodStatus.Amended, PeriodStatus.Closed];

interface PersonalRow {
  id: string;
  post_id: string;
  code: string;
  role: string;
  start_at: Date;
  end_at: Date;
  revision: number;
  updated_at: Date;
  removed_at: Date | null;
  published_at: Date | null;
  active: boolean;
  unassigned_at: Date | null;
}

interface PlanningRow {
  id: string;
  post_id: string;
  code: string;
  role: string;
  start_at: Date;
  end_at: Date;
  required: number;
  revision: number;
  updated_at: Date;
  removed_at: Date | null;
  gp_names: string[];
}

/**
 * Reads what a feed shows from the database: only published periods (published, amended,
 * closed), diensten from the window's start on, cancellations for a while after they happened,
 * but never a dienst that disappeared before it was ever published.
 */
@Injectable()
export class FeedSource {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() @Inject(TENTATIVE_SHIFT_SOURCE) private readonly tentative: TentativeShiftSource | null,
  ) {}

  async load(feed: FeedSubject, window: FeedWindow): Promise<FeedSpec> {
    const [hds] = (await this.dataSource.query('SELECT name, evening_start FROM hds WHERE id = $1', [feed.hdsId])) as { name: string; evening_start: string }[];
    const postRows = (await this.dataSource.query('SELECT id, name, address FROM posts WHERE hds_id = $1', [feed.hdsId])) as { id: string; name: string; address: string }[];
    const posts = new Map<string, FeedPost>(postRows.map((p) => [p.id, { name: p.name, address: p.address }]));
    const trades = this.tentative ? await this.tentative.pendingTrades(feed.hdsId) : [];
    const base = { kind: feed.kind, eveningStart: hds?.evening_start ?? '17:00', posts };
    const hdsName = hds?.name ?? '';
    if (feed.kind === FeedKind.Gp && feed.gpId) {
      return { ...base, title: `Mijn ANW-diensten — ${hdsName}`, description: `Uw avond-, nacht- en weekenddiensten bij ${hdsName}.`, shifts: await this.personal(feed.hdsId, feed.gpId, window, trades) };
    }
    const postName = feed.postId ? (posts.get(feed.postId)?.name ?? '') : '';
    return {
      ...base,
      title: feed.kind === FeedKind.Post ? `ANW-rooster ${postName}` : `ANW-rooster ${hdsName}`,
      description: feed.kind === FeedKind.Post ? `Alle ANW-diensten van ${postName} (${hdsName}).` : `Alle ANW-diensten van ${hdsName}.`,
      shifts: await this.planning(feed.hdsId, feed.kind === FeedKind.Post ? feed.postId : null, window, trades),
    };
  }

  private async personal(hdsId: string, gpId: string, window: FeedWindow, trades: readonly PendingTrade[]): Promise<FeedShift[]> {
    const since = new Date(window.startMs);
    const keepSince = new Date(window.keepCancelledSinceMs);
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.post_id, s.code, s.role, s.start_at, s.end_at, s.revision, s.updated_at, s.removed_at, p.published_at,
              bool_or(a.removed_at IS NULL) AS active, max(a.removed_at) AS unassigned_at
         FROM assignments a
         JOIN shifts s ON s.id = a.shift_id
         JOIN roster_periods p ON p.id = s.period_id
        WHERE a.hds_id = $1 AND a.gp_id = $2 AND p.status = ANY($3) AND s.start_at >= $4
          AND (a.removed_at IS NULL OR a.removed_at >= $5)
        GROUP BY s.id, p.published_at`,
      [hdsId, gpId, VISIBLE, since, keepSince],
    )) as PersonalRow[];
    const giving = new Set(trades.filter((t) => t.fromGpId === gpId).map((t) => t.shiftId));
    const shifts: FeedShift[] = [];
    for (const r of rows) {
      const published = r.published_at?.getTime() ?? Number.POSITIVE_INFINITY;
      const base = { id: r.id, postId: r.post_id, code: r.code, role: r.role, startMs: r.start_at.getTime(), endMs: r.end_at.getTime(), revision: r.revision };
      if (r.removed_at) {
        const removed = r.removed_at.getTime();
        if (removed >= window.keepCancelledSinceMs && removed > published) {
          shifts.push({ ...base, changedMs: Math.max(r.updated_at.getTime(), removed), status: FeedShiftStatus.Cancelled, cancelReason: CancelReason.Removed });
        }
      } else if (r.active) {
        shifts.push({ ...base, changedMs: r.updated_at.getTime(), status: giving.has(r.id) ? FeedShiftStatus.Tentative : FeedShiftStatus.Confirmed });
      } else if (r.unassigned_at && r.unassigned_at.getTime() > published) {
        shifts.push({ ...base, changedMs: Math.max(r.updated_at.getTime(), r.unassigned_at.getTime()), status: FeedShiftStatus.Cancelled, cancelReason: CancelReason.Unassigned });
      }
    }
    const known = new Set(rows.map((r) => r.id));
    const taking = trades.filter((t) => t.toGpId === gpId && !known.has(t.shiftId)).map((t) => t.shiftId);
    if (taking.length > 0) {
      const incoming = (await this.dataSource.query(
        `SELECT s.id, s.post_id, s.code, s.role, s.start_at, s.end_at, s.revision, s.updated_at
           FROM shifts s JOIN roster_periods p ON p.id = s.period_id
          WHERE s.hds_id = $1 AND s.id = ANY($2) AND s.removed_at IS NULL AND p.status = ANY($3) AND s.start_at >= $4`,
        [hdsId, taking, VISIBLE, since],
      )) as PersonalRow[];
      for (const r of incoming) {
        shifts.push({ id: r.id, postId: r.post_id, code: r.code, role: r.role, startMs: r.start_at.getTime(), endMs: r.end_at.getTime(), revision: r.revision, changedMs: r.updated_at.getTime(), status: FeedShiftStatus.Tentative });
      }
    }
    return shifts;
  }

  private async planning(hdsId: string, postId: string | null, window: FeedWindow, trades: readonly PendingTrade[]): Promise<FeedShift[]> {
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.post_id, s.code, s.role, s.start_at, s.end_at, s.required, s.revision, s.updated_at, s.removed_at,
              coalesce(array_agg(g.name ORDER BY g.name) FILTER (WHERE g.id IS NOT NULL), '{}') AS gp_names
         FROM shifts s
         JOIN roster_periods p ON p.id = s.period_id
         LEFT JOIN assignments a ON a.shift_id = s.id AND a.removed_at IS NULL
         LEFT JOIN gps g ON g.id = a.gp_id
        WHERE s.hds_id = $1 AND ($2::uuid IS NULL OR s.post_id = $2) AND p.status = ANY($3) AND s.start_at >= $4
          AND (s.removed_at IS NULL OR (s.removed_at >= $5 AND s.removed_at > p.published_at))
        GROUP BY s.id`,
      [hdsId, postId, VISIBLE, new Date(window.startMs), new Date(window.keepCancelledSinceMs)],
    )) as PlanningRow[];
    const pending = new Set(trades.map((t) => t.shiftId));
    return rows.map((r) => ({
      id: r.id,
      postId: r.post_id,
      code: r.code,
      role: r.role,
      startMs: r.start_at.getTime(),
      endMs: r.end_at.getTime(),
      revision: r.revision,
      changedMs: Math.max(r.updated_at.getTime(), r.removed_at?.getTime() ?? 0),
      status: r.removed_at ? FeedShiftStatus.Cancelled : pending.has(r.id) ? FeedShiftStatus.Tentative : FeedShiftStatus.Confirmed,
      ...(r.removed_at ? { cancelReason: CancelReason.Removed } : {}),
      gpNames: r.gp_names,
      required: r.required,
    }));
  }
}
