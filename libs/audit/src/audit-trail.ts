import { Injectable } from '@nestjs/common';
import { prepared } from '@anw/platform';
import type { EntityManager } from 'typeorm';
import { canonicalHead } from './audit-chain.js';
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

/**
 * Writes the audit record and the outbox event of a change inside the caller's transaction,
 * so the change, its trail and its notification commit together or not at all.
 */
@Injectable()
export class AuditTrail {
  /** One audit record, linked to its HDS's chain (the chain's lock is held to the commit). */
  async record(manager: EntityManager, ctx: ChangeContext, entry: AuditEntry): Promise<AuditRecordEntity> {
    return (await this.append(manager, ctx, [entry], []))[0];
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
    await this.append(manager, ctx, [entry], event ? [event] : []);
  }

  /**
   * The audit records and outbox events of a transaction's changes, in order, written together in
   * ONE statement, best as the transaction's last: the chain is one writer per HDS, and its lock,
   * taken in that statement, is held from there to the commit.
   */
  async changes(manager: EntityManager, ctx: ChangeContext, entries: readonly AuditEntry[], events: readonly DomainEvent[]): Promise<void> {
    if (entries.length === 0 && events.length === 0) return;
    await this.append(manager, ctx, entries, events);
  }

  /**
   * Inserts the events and links the entries after the chain's head, in one statement: the
   * database function audit_append takes the chain's lock, reads the head under it and computes
   * each hash as chainHash does, from the canonical content sent here (canonicalHead).
   */
  private async append(manager: EntityManager, ctx: ChangeContext, entries: readonly AuditEntry[], events: readonly DomainEvent[]): Promise<AuditRecordEntity[]> {
    const statement = this.appendStatement(ctx, entries, events);
    // A named prepared statement: planned once per connection, not while holding the chain's lock.
    const { rows } = await prepared<AppendedRow>(manager, 'audit.append', statement.text, statement.values);
    statement.check(rows);
    return rows.map((row, n) =>
      manager.create(AuditRecordEntity, { ...statement.contents[n], id: row.id, seq: row.seq, requestId: ctx.requestId ?? null, prevHash: row.prev_hash, hash: row.hash }),
    );
  }

  private appendStatement(ctx: ChangeContext, entries: readonly AuditEntry[], events: readonly DomainEvent[]) {
    const at = new Date();
    const contents = entries.map((entry) => ({
      hdsId: ctx.hdsId,
      actorUserId: ctx.actorUserId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: normalise(entry.before),
      after: normalise(entry.after),
      reason: entry.reason ?? null,
      at,
    }));
    return {
      contents,
      text: `WITH events AS (INSERT INTO outbox_events (hds_id, type, payload, request_id)
                       SELECT $1::uuid, e.type, e.payload, $3 FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (type text, payload jsonb)) WITH ORDINALITY AS e(type, payload, n) ORDER BY e.n)
       SELECT a.id::text AS id, a.seq, a.prev_hash, a.hash FROM audit_append($1::uuid, $4::uuid, $3, $5::timestamptz, $6::jsonb) a WHERE jsonb_array_length($6::jsonb) > 0`,
      values: [
        ctx.hdsId,
        JSON.stringify(events),
        ctx.requestId ?? null,
        ctx.actorUserId,
        at,
        JSON.stringify(
          contents.map((c) => ({
            action: c.action,
            entityType: c.entityType,
            entityId: c.entityId,
            before: c.before,
            after: c.after,
            reason: c.reason,
            canonicalHead: canonicalHead(c),
          })),
        ),
      ] as unknown[],
      check(rows: readonly AppendedRow[]): void {
        if (rows.length !== contents.length) throw new Error(`audit_append linked ${rows.length} of ${contents.length} records`);
      },
    };
  }
}

type AppendedRow = {
  id: string;
  seq: number;
  prev_hash: string;
  hash: string;
};

// Round-trip through JSON so the hashed content equals what jsonb gives back (Dates → strings).
function normalise(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
