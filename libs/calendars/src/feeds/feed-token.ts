import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes in base64url: 43 characters. */
export const FEED_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newFeedToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored and looked up: the token itself never reaches the database. */
export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
