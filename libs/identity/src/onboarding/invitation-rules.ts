import { Role } from '../entities/membership.entity.js';

/**
 * Who may invite whom within an HDS: an hds-admin invites hds-admins, planners and GPs; a planner
 * invites GPs; nobody invites a regional auditor through an HDS (that is the platform's).
 */
export function mayInvite(callerRoles: readonly Role[], role: Role): boolean {
  switch (role) {
    case Role.Gp:
      return callerRoles.includes(Role.Planner) || callerRoles.includes(Role.HdsAdmin);
    case Role.Planner:
    case Role.HdsAdmin:
      return callerRoles.includes(Role.HdsAdmin);
    case Role.RegionalAuditor:
      return false;
  }
}

export enum InvitationStatus {
  Pending = 'pending',
  Accepted = 'accepted',
  Revoked = 'revoked',
  Expired = 'expired',
}

export function invitationStatus(i: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): InvitationStatus {
  if (i.acceptedAt) return InvitationStatus.Accepted;
  if (i.revokedAt) return InvitationStatus.Revoked;
  return i.expiresAt.getTime() <= now.getTime() ? InvitationStatus.Expired : InvitationStatus.Pending;
}
