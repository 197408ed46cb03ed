import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ChainLink, type ChainVerdict, GENESIS_HASH, verifyChain } from '@anw/audit';

/** Rows per round trip when walking a chain: memory stays flat however long the trail is. */
export const VERIFY_BATCH = 2000;

export interface VerifyResult {
  hdsId: string;
  ok: boolean;
  checked: number;
  firstBroken: ChainVerdict['firstBroken'] | null;
}

export interface AuditRecordView {
  id: string;
  seq: number;
  at: string;
  actorUserId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

export interface RecordFilter {
  action?: string;
  entityType?: string;
  entityId?: string;
  /** keyset paging for long trails: only records with a smaller seq */
  beforeSeq?: number;
}

interface RecordRow {
  id: string;
  hds_id: string;
  seq: number;
  actor_user_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  request_id: string | null;
  at: Date;
  prev_hash: string;
  hash: string;
}

function toLink(r: RecordRow): ChainLink {
  return {
    id: String(r.id),
    hdsId: r.hds_id,
    seq: r.seq,
    actorUserId: r.actor_user_id,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    reason: r.reason,
    at: r.at,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * The hash-chained audit trail read back: verification of one HDS's chain, streamed in seq
 * order in batches (keyset on the unique (hds_id, seq) index), and the paginated trail.
 */
@Injectable()
export class AuditChainService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async verify(hdsId: string, batchSize = VERIFY_BATCH): Promise<VerifyResult> {
    const fetch = (afterSeq: number): Promise<RecordRow[]> =>
      this.dataSource.query(
        `SELECT id, hds_id, seq, actor_user_id, action, entity_type, entity_id, before, after, reason, request_id, at, prev_hash, hash
           FROM audit_records WHERE hds_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
        [hdsId, afterSeq, batchSize],
      ) as Promise<RecordRow[]>;
    let start = { prevHash: GENESIS_HASH, seq: 0 };
    let checked = 0;
    let next = fetch(0);
    for (;;) {
      const rows = await next;
      if (rows.length === 0) return { hdsId, ok: true, checked, firstBroken: null };
      const last = rows[rows.length - 1];
      // The next batch loads while this one is hashed.
      next = rows.length < batchSize ? Promise.resolve([]) : fetch(last.seq);
      const verdict = verifyChain(rows.map(toLink), start);
      checked += verdict.checked;
      if (!verdict.ok) {
        next.catch(() => undefined);
        return { hdsId, ok: false, checked, firstBroken: verdict.firstBroken ?? null };
      }
      start = { prevHash: last.hash, seq: last.seq };
    }
  }

  /** Every HDS chain of a region, by HDS code. */
  async verifyRegion(regionId: string): Promise<{ ok: boolean; hds: (VerifyResult & { code: string })[] }> {
    const list = (await this.dataSource.query('SELECT id, code FROM hds WHERE region_id = $1 ORDER BY code', [regionId])) as { id: string; code: string }[];
    const hds: (VerifyResult & { code: string })[] = [];
    for (const h of list) hds.push({ code: h.code, ...(await this.verify(h.id)) });
    return { ok: hds.every((h) => h.ok), hds };
  }

  /** Newest first; filter on action (a prefix like `assignment.` works), entity and seq. */
  async records(hdsId: string, filter: RecordFilter, page: { page: number; pageSize: number }): Promise<{ items: AuditRecordView[]; total: number }> {
    const where = ['r.hds_id = $1'];
    const params: unknown[] = [hdsId];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.action) add(filter.action.endsWith('.') ? `r.action LIKE ? || '%'` : 'r.action = ?', filter.action);
    if (filter.entityType) add('r.entity_type = ?', filter.entityType);
    if (filter.entityId) add('r.entity_id = ?', filter.entityId);
    if (filter.beforeSeq !== undefined) add('r.seq < ?', filter.beforeSeq);
    const clause = where.join(' AND ');
    const [{ total }] = (await this.dataSource.query(`SELECT count(*)::int AS total FROM audit_records r WHERE ${clause}`, params)) as { total: number }[];
    const rows = (await this.dataSource.query(
      `SELECT r.*, u.display_name AS actor_name FROM audit_records r LEFT JOIN users u ON u.id = r.actor_user_id
        WHERE ${clause} ORDER BY r.seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.pageSize, (page.page - 1) * page.pageSize],
    )) as (RecordRow & { actor_name: string | null })[];
    return {
      total,
      items: rows.map((r) => ({
        id: String(r.id),
        seq: r.seq,
        at: r.at.toISOString(),
        actorUserId: r.actor_user_id,
        actorName: r.actor_name,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: r.before,
        after: r.after,
        reason: r.reason,
        requestId: r.request_id,
        prevHash: r.prev_hash,
        hash: r.hash,
      })),
    };
  }
}
