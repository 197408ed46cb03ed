import { describe, expect, it } from '@jest/globals';
import { Role } from '../entities/membership.entity.js';
import { hashInvitationToken, invitationToken } from './invitation-token.js';
import { invitationStatus, InvitationStatus, mayInvite } from './invitation-rules.js';

describe('mayInvite', () => {
  it.each([
    [[Role.HdsAdmin], Role.HdsAdmin, true],
    [[Role.HdsAdmin], Role.Planner, true],
    [[Role.HdsAdmin], Role.Gp, true],
    [[Role.Planner], Role.Gp, true],
    [[Role.Planner], Role.Planner, false],
    [[Role.Planner], Role.HdsAdmin, false],
    [[Role.Gp], Role.Gp, false],
    [[Role.RegionalAuditor], Role.Gp, false],
    [[Role.HdsAdmin, Role.Planner], Role.RegionalAuditor, false],
  ])('%j inviting %s: %s', (caller, role, allowed) => {
    expect(mayInvite(caller, role)).toBe(allowed);
  });
});

describe('invitationStatus', () => {
  const now = new Date('2027-01-01T12:00:00Z');
  const later = new Date('2027-01-02T12:00:00Z');
  it('accepted wins over revoked and expired, revoked over expired', () => {
    expect(invitationStatus({ acceptedAt: now, revokedAt: now, expiresAt: now }, later)).toBe(InvitationStatus.Accepted);
    expect(invitationStatus({ acceptedAt: null, revokedAt: now, expiresAt: now }, later)).toBe(InvitationStatus.Revoked);
    expect(invitationStatus({ acceptedAt: null, revokedAt: null, expiresAt: now }, later)).toBe(InvitationStatus.Expired);
    expect(invitationStatus({ acceptedAt: null, revokedAt: null, expiresAt: later }, now)).toBe(InvitationStatus.Pending);
  });
});

describe('invitationToken', () => {
  const secret = 's'.repeat(32);
  const id = '0b7f0a9e-5c1d-4c55-9a43-2f1a9e6d3c10';
  it('is stable per (id, send), differs per send and per secret, and is URL-safe', () => {
    const first = invitationToken(secret, id, 1);
    expect(invitationToken(secret, id, 1)).toBe(first);
    expect(invitationToken(secret, id, 2)).not.toBe(first);
    expect(invitationToken('t'.repeat(32), id, 1)).not.toBe(first);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
  it('hashes to hex SHA-256 that does not contain the token', () => {
    const token = invitationToken(secret, id, 1);
    const hash = hashInvitationToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
  });
});
