import { createHash, createHmac } from 'node:crypto';

/** The outbox event that makes the pipeline send (or re-send) an invitation mail: payload { invitationId, sendCount }. */
export const INVITATION_SENT_EVENT = 'invitation.sent';

/** How long an invitation link stays valid after each (re-)send. */
export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

// A key of its own, derived from the JWT secret under a label: a token cannot double as anything else.
function invitationKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('anw-rooster:invitation-token:v1').digest();
}

/**
 * The token of an invitation's n-th send: HMAC(key, id.sendCount). The API stores only its hash;
 * the worker rebuilds it when it sends the mail, so no table (nor the outbox) holds a usable token.
 */
export function invitationToken(secret: string, invitationId: string, sendCount: number): string {
  return createHmac('sha256', invitationKey(secret)).update(`${invitationId}.${sendCount}`).digest('base64url');
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function invitationLink(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/invitations/${token}`;
}
