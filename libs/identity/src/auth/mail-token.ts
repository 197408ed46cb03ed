import { createHash, createHmac } from 'node:crypto';

/** What a mailed link is for; each purpose has a key of its own. */
export enum MailTokenPurpose {
  Invitation = 'invitation',
  PasswordReset = 'password-reset',
}

// A key per purpose, derived from the JWT secret under a label: a token cannot double as anything else.
function purposeKey(secret: string, purpose: MailTokenPurpose): Buffer {
  return createHmac('sha256', secret).update(`anw-rooster:${purpose}-token:v1`).digest();
}

/**
 * The token of a mailed link (an invitation, a password reset): HMAC(purpose key, id.sendCount).
 * The API stores only its hash (hashMailToken); the worker rebuilds it when it sends the mail, so
 * no table (nor the outbox, nor the delivery ledger) holds a usable token.
 */
export function mailToken(secret: string, purpose: MailTokenPurpose, id: string, sendCount: number): string {
  return createHmac('sha256', purposeKey(secret, purpose)).update(`${id}.${sendCount}`).digest('base64url');
}

export function hashMailToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const LINK_PATHS: Record<MailTokenPurpose, string> = {
  [MailTokenPurpose.Invitation]: 'invitations',
  [MailTokenPurpose.PasswordReset]: 'password-reset',
};

/** The link a mail carries: `${PUBLIC_BASE_URL}/invitations/<token>`, `${PUBLIC_BASE_URL}/password-reset/<token>`. */
export function mailLink(publicBaseUrl: string, purpose: MailTokenPurpose, token: string): string {
  return `${publicBaseUrl}/${LINK_PATHS[purpose]}/${token}`;
}
