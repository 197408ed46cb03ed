import { hashMailToken, mailLink, mailToken, MailTokenPurpose } from '../auth/mail-token.js';

/** The outbox event that makes the pipeline send (or re-send) an invitation mail: payload { invitationId, sendCount }. */
export const INVITATION_SENT_EVENT = 'invitation.sent';

/** How long an invitation link stays valid after each (re-)send. */
export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

/** The token of an invitation's n-th send (mail-token.ts): a re-send (counter + 1) kills the previous link. */
export function invitationToken(secret: string, invitationId: string, sendCount: number): string {
  return mailToken(secret, MailTokenPurpose.Invitation, invitationId, sendCount);
}

export const hashInvitationToken = hashMailToken;

export function invitationLink(publicBaseUrl: string, token: string): string {
  return mailLink(publicBaseUrl, MailTokenPurpose.Invitation, token);
}
