import type { EntityManager } from 'typeorm';
import type { AuditEntry, AuditTrail, DomainEvent } from '@anw/audit';

/**
 * The HDS'en whose audit chains record a change to a login: every HDS it has a membership in, and
 * every HDS of a region it audits (a login belongs to no single HDS; each HDS sees what happened
 * to the people who can reach its data).
 */
export async function accountHdsIds(manager: EntityManager, userId: string): Promise<string[]> {
  const rows = (await manager.query(
    `SELECT hds_id FROM (
       SELECT m.hds_id FROM memberships m WHERE m.user_id = $1 AND m.hds_id IS NOT NULL
       UNION
       SELECT h.id FROM memberships m JOIN hds h ON h.region_id = m.region_id WHERE m.user_id = $1 AND m.region_id IS NOT NULL
     ) chains ORDER BY hds_id`,
    [userId],
  )) as { hds_id: string }[];
  return rows.map((r) => r.hds_id);
}

export interface AccountChange {
  actorUserId: string | null;
  requestId?: string | null;
}

/**
 * Records one change to a login in the chain of each of its HDS'en (accountHdsIds); `event`, if
 * any, goes to the first one's outbox only (one mail, not one per HDS). Returns the HDS'en: none
 * for a login without memberships (a platform operator), whose changes no HDS chain holds.
 */
export async function recordAccountChange(
  audit: AuditTrail,
  manager: EntityManager,
  userId: string,
  change: AccountChange,
  entry: AuditEntry,
  event?: DomainEvent,
): Promise<string[]> {
  const hdsIds = await accountHdsIds(manager, userId);
  for (const [n, hdsId] of hdsIds.entries()) {
    await audit.change(manager, { hdsId, actorUserId: change.actorUserId, requestId: change.requestId ?? null }, entry, n === 0 ? event : undefined);
  }
  return hdsIds;
}
