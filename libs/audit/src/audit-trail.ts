import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import { chainHash, GENESIS_HASH } from './audit-chain.js';
import { AuditRecordEntity } from './entities/audit-record.entity.js';

export interface ChangeContext {
  hdsId: string;
  actorUserId: string | null;
  requestId?: string | null;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export interface DomainEvent {
  type: string;
  payload: Record<string, unknown>;
}

interface ChainHead {
  seq: number;
  hash: string;
}

const GENESIS: ChainHead = { seq: 0, hash: GENESIS_HASH };

/**
 * Writes the audit record and the outbox event of a change inside the caller's transaction,
 * so the change, its trail and its notification commit together or not at all.
 */
@Injectable()
export class AuditTrail {
  /**
   * Per HDS, the last link this process appended (or is appending: transactions of one process
   * queue on the chain's lock in the order they ask for it, so each links after the one before):
   * a guess at the chain's head that saves reading it under the chain's lock. Every append checks
   * its guess in its own statement and, when another writer came between (another process, a
   * rolled-back transaction), reads the real head and links again: one more round trip.
   */
  private readonly heads = new Map<string, ChainHead>();

  async record(manager: EntityManager, ctx: ChangeContext, entry: AuditEntry): Promise<AuditRecordEntity> {
    // One writer per HDS chain at a time; the lock ends with the transaction.
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [ctx.hdsId]);
    const [last] = (await manager.query('SELECT seq, hash FROM audit_records WHERE hds_id = $1 ORDER BY seq DESC LIMIT 1', [ctx.hdsId])) as ChainHead[];
    return (await this.append(manager, ctx, [entry], last ?? GENESIS))[0];
  }

  async emit(manager: EntityManager, ctx: ChangeContext, event: DomainEvent): Promise<void> {
    await manager.query('INSERT INTO outbox_events (hds_id, type, payload, request_id) VALUES ($1, $2, $3, $4)', [
      ctx.hdsId,
      event.type,
      JSON.stringify(event.payload),
      ctx.requestId ?? null,
    ]);
  }

  /** The usual pair: one audit record and one event for one change. */
  async change(manager: EntityManager, ctx: ChangeContext, entry: AuditEntry, event?: DomainEvent): Promise<void> {
    await this.record(manager, ctx, entry);
    if (event) await this.emit(manager, ctx, event);
  }

  /**
   * The audit records and outbox events of a transaction's changes, in order, written together as
   * its last statements: the events and the chain's lock in one statement, and right behind it
   * (no wait for the reply) the records, linked to the head this process last wrote. The chain
   * (one writer per HDS) is held from there to the commit: one statement and the commit, usually.
   */
  async changes(manager: EntityManager, ctx: ChangeContext, entries: readonly AuditEntry[], events: readonly DomainEvent[]): Promise<void> {
    if (entries.length === 0 && events.length === 0) return;
    const locking = run(
      manager,
      'audit.events-and-lock',
      `WITH events AS (INSERT INTO outbox_events (hds_id, type, payload, request_id)
                       SELECT $1, e.type, e.payload, $3 FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (type text, payload jsonb)) WITH ORDINALITY AS e(type, payload, n) ORDER BY e.n)
       SELECT pg_advisory_xact_lock(hashtextextended($4, 7))::text AS locked`,
      [ctx.hdsId, JSON.stringify(events), ctx.requestId ?? null, ctx.hdsId],
    );
    if (entries.length === 0) {
      await locking;
      return;
    }
    // Sent at once: the driver runs the transaction's statements in the order given, so the append
    // runs after the lock is granted and its snapshot sees the head as the last holder left it.
    const [, appended] = await Promise.all([locking, this.append(manager, ctx, entries, this.heads.get(ctx.hdsId) ?? GENESIS)]);
    if (appended.length === 0) {
      const [last] = (await manager.query('SELECT seq, hash FROM audit_records WHERE hds_id = $1 ORDER BY seq DESC LIMIT 1', [ctx.hdsId])) as ChainHead[];
      await this.append(manager, ctx, entries, last ?? GENESIS);
    }
  }

  /**
   * Links the entries after `head` and inserts them, if `head` is still the chain's head (checked
   * in the same statement; the caller holds the chain's lock). Returns the records, or none when
   * the head has moved on.
   */
  private async append(manager: EntityManager, ctx: ChangeContext, entries: readonly AuditEntry[], head: ChainHead): Promise<AuditRecordEntity[]> {
    let prevHash = head.hash;
    const at = new Date();
    const records = entries.map((entry, n) => {
      const content = {
        hdsId: ctx.hdsId,
        seq: head.seq + n + 1,
        actorUserId: ctx.actorUserId,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        before: normalise(entry.before),
        after: normalise(entry.after),
        reason: entry.reason ?? null,
        at,
      };
      const record = manager.create(AuditRecordEntity, { ...content, requestId: ctx.requestId ?? null, prevHash, hash: chainHash(prevHash, content) });
      prevHash = record.hash;
      return record;
    });
    const tail = records[records.length - 1];
    this.heads.set(ctx.hdsId, { seq: tail.seq, hash: tail.hash });
    // Raw SQL: on the path of every audited change, and the ORM's save costs more CPU than the insert.
    const rows = (await run(
      manager,
      'audit.append',
      `WITH head AS (SELECT seq, hash FROM audit_records WHERE hds_id = $1 ORDER BY seq DESC LIMIT 1)
       INSERT INTO audit_records (hds_id, seq, actor_user_id, action, entity_type, entity_id, before, after, reason, request_id, at, prev_hash, hash)
       SELECT r.hds_id, r.seq, r.actor_user_id, r.action, r.entity_type, r.entity_id, r.before, r.after, r.reason, r.request_id, r.at, r.prev_hash, r.hash
         FROM jsonb_to_recordset($4::jsonb) AS r(hds_id uuid, seq int, actor_user_id uuid, action text, entity_type text, entity_id text, before jsonb, after jsonb,
                                                 reason text, request_id text, at timestamptz, prev_hash text, hash text)
        WHERE coalesce((SELECT seq FROM head), 0) = $2 AND coalesce((SELECT hash FROM head), $5) = $3
        ORDER BY r.seq
       RETURNING id, seq`,
      [
        ctx.hdsId,
        head.seq,
        head.hash,
        JSON.stringify(
          records.map((r) => ({
            hds_id: r.hdsId,
            seq: r.seq,
            actor_user_id: r.actorUserId,
            action: r.action,
            entity_type: r.entityType,
            entity_id: r.entityId,
            before: r.before,
            after: r.after,
            reason: r.reason,
            request_id: r.requestId,
            at: r.at.toISOString(),
            prev_hash: r.prevHash,
            hash: r.hash,
          })),
        ),
        GENESIS_HASH,
      ],
    )) as { id: string; seq: number }[];
    for (const row of rows) records[row.seq - head.seq - 1].id = row.id;
    return rows.length === 0 ? [] : records;
  }
}

/**
 * The trail's statements run on every audited change: inside a transaction as named prepared
 * statements on its connection (parsed and planned once per connection, not on every call, which
 * matters most for the append, run while holding the chain), issued in the order called.
 */
async function run(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<unknown[]> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) return (await manager.query(text, values)) as unknown[];
  const client = (await runner.connect()) as PoolClient;
  return (await client.query({ name, text, values })).rows as unknown[];
}

// Round-trip through JSON so the hashed content equals what jsonb gives back (Dates → strings).
function normalise(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
