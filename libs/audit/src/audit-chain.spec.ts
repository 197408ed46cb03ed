import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { canonicalHead, chainHash, ChainLink, GENESIS_HASH, verifyChain } from './audit-chain.js';

function chain(n: number): ChainLink[] {
  const links: ChainLink[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content = {
      hdsId: 'h1', seq, actorUserId: 'u1', action: 'shift.updated', entityType: 'shift', entityId: `s${seq}`,
      before: { b: seq, a: [1, 2] }, after: { a: [1, 3], b: seq }, reason: null, at: new Date(Date.UTC(2027, 0, seq)),
    };
    const hash = chainHash(prev, content);
    links.push({ ...content, id: String(seq), prevHash: prev, hash });
    prev = hash;
  }
  return links;
}

describe(verifyChain.name, () => {
  it('accepts an intact chain', () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, checked: 5 });
  });

  it('is insensitive to key order, as jsonb stores it', () => {
    const [first] = chain(1);
    const reordered = { ...first, before: { a: [1, 2], b: 1 } };
    expect(verifyChain([reordered]).ok).toBe(true);
  });

  it('names the first tampered record', () => {
    const links = chain(5);
    links[2] = { ...links[2], after: { a: [9], b: 3 } };
    expect(verifyChain(links)).toEqual({ ok: false, checked: 2, firstBroken: { id: '3', seq: 3, problem: 'hash_mismatch' } });
  });

  it('notices a deleted record', () => {
    const links = chain(4);
    links.splice(1, 1);
    expect(verifyChain(links).firstBroken).toEqual({ id: '3', seq: 3, problem: 'sequence_gap' });
  });
});

describe(canonicalHead.name, () => {
  const content = {
    hdsId: 'h1', seq: 1234, actorUserId: null, action: 'claim.won', entityType: 'claim', entityId: 'c1',
    before: null, after: { ü: 'é', z: [1, { y: 2, x: 'ß' }], seqs: 1 }, reason: 'ruil “binnen” 48 uur', at: new Date(Date.UTC(2027, 2, 28, 1, 30, 0, 7)),
  };

  it('is the canonical JSON up to "seq", which sorts last', () => {
    const full = canonicalize({ ...content, at: content.at.toISOString() }) ?? '';
    expect(full.endsWith(',"seq":1234}')).toBe(true);
    expect(canonicalHead(content) + '"seq":1234}').toBe(full);
  });

  it('gives the hash of the whole canonical record (what the database computes from it)', () => {
    const full = canonicalize({ ...content, at: content.at.toISOString() }) ?? '';
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${full}`, 'utf8').digest('hex');
    expect(chainHash(GENESIS_HASH, content)).toBe(expected);
  });
});
