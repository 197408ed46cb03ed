import { createHash } from 'node:crypto';

/** A strong ETag from the exact bytes of the body. */
export function strongEtag(body: Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** HTTP dates have whole seconds. */
export function httpDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toUTCString();
}

/**
 * RFC 9110 §13.1: If-None-Match (weak comparison, `*`, lists) decides when present; otherwise
 * If-Modified-Since is compared with Last-Modified at whole seconds.
 */
export function isNotModified(ifNoneMatch: string | undefined, ifModifiedSince: string | undefined, etag: string, lastModifiedMs: number): boolean {
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch === etag) return true;
    const bare = etag.replace(/^W\//, '');
    return ifNoneMatch
      .split(',')
      .map((t) => t.trim())
      .some((t) => t === '*' || t.replace(/^W\//, '') === bare);
  }
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && Math.floor(lastModifiedMs / 1000) * 1000 <= since;
  }
  return false;
}
