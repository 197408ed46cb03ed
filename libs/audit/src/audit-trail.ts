import { Injectable } from '@nestjs/common';
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

/**
 * Writes the audit record and the outbox event of a change inside the caller's transaction,
 * so the change, its trail and its notification commit together or not at all.
 */
@Injectable()
export class AuditTrail {
  async record(manager: EntityManager, ctx: ChangeContext, entry: AuditEntry): Promise<AuditRecordEntity> {
    // One writer per HDS chain at a time; the lock ends with the transaction.
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [ctx.hdsId]);
    const [last] = (await manager.query(
      'SELECT seq, hash FROM audit_records WHERE hds_id = $1 ORDER BY seq DESC LIMIT 1',
      [ctx.hdsId],
    )) as { seq: number; hash: string }[];
    const content = {
      hdsId: ctx.hdsId,
      seq: (last?.seq ?? 0) + 1,
      actorUserId: ctx.actorUserId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: normalise(entry.before),
      after: normalise(entry.after),
      reason: entry.reason ?? null,
      at: new Date(),
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    const record = manager.create(AuditRecordEntity, {
      ...content,
      requestId: ctx.requestId ?? null,
      prevHash,
      hash: chainHash(prevHash, content),
    });
    return manager.save(record);
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
}

// Round-trip through JSON so the hashed content equals what jsonb gives back (Dates → strings).
function normalise(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
