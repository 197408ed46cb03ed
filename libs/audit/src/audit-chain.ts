import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedContent {
  hdsId: string;
  seq: number;
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  at: Date;
}

/** sha256 over the predecessor's hash and the record's canonical JSON (RFC 8785). */
export function chainHash(prevHash: string, content: ChainedContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalHead(content)).update(`"seq":${content.seq}}`).digest('hex');
}

const SEQ_TAIL = '"seq":0}';

/**
 * The record's canonical JSON (RFC 8785) up to its last key, "seq" (keys sort, and "seq" sorts
 * last): what an append sends, so the database can link the record once it knows where it goes
 * (audit_append completes it with `"seq":N}` and hashes it as chainHash does).
 */
export function canonicalHead(content: Omit<ChainedContent, 'seq'>): string {
  // Only the content fields: a link also carries its id and hashes, which are not hashed.
  const canonical = canonicalize({
    hdsId: content.hdsId,
    seq: 0,
    actorUserId: content.actorUserId,
    action: content.action,
    entityType: content.entityType,
    entityId: content.entityId,
    before: content.before ?? null,
    after: content.after ?? null,
    reason: content.reason,
    at: content.at.toISOString(),
  }) ?? '';
  if (!canonical.endsWith(SEQ_TAIL)) throw new Error('canonical audit content must end with "seq"');
  return canonical.slice(0, -SEQ_TAIL.length);
}

export interface ChainLink extends ChainedContent {
  id: string;
  prevHash: string;
  hash: string;
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  /** The first record whose stored hash or link does not match, if any. */
  firstBroken?: { id: string; seq: number; problem: 'hash_mismatch' | 'link_mismatch' | 'sequence_gap' };
}

/** Walks one HDS's records in seq order and reports the first broken link. */
export function verifyChain(links: Iterable<ChainLink>, start: { prevHash: string; seq: number } = { prevHash: GENESIS_HASH, seq: 0 }): ChainVerdict {
  let prevHash = start.prevHash;
  let expectedSeq = start.seq + 1;
  let checked = 0;
  for (const link of links) {
    if (link.seq !== expectedSeq) return { ok: false, checked, firstBroken: { id: link.id, seq: link.seq, problem: 'sequence_gap' } };
    if (link.prevHash !== prevHash) return { ok: false, checked, firstBroken: { id: link.id, seq: link.seq, problem: 'link_mismatch' } };
    if (chainHash(prevHash, link) !== link.hash) return { ok: false, checked, firstBroken: { id: link.id, seq: link.seq, problem: 'hash_mismatch' } };
    prevHash = link.hash;
    expectedSeq += 1;
    checked += 1;
  }
  return { ok: true, checked };
}
