import type { IncomingMessage, ServerResponse } from 'node:http';
import { CalendarError, isNotModified, type ServedFeed } from '@anw/calendars';
import { ErrorKind } from '@anw/platform';

const CONTENT_TYPE = 'text/calendar; charset=utf-8';

function common(res: ServerResponse): void {
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Robots-Tag', 'noindex');
}

/** Writes a feed, or a 304 when the client's copy is current; returns the status. */
export function writeFeed(req: IncomingMessage, res: ServerResponse, feed: ServedFeed): number {
  common(res);
  res.setHeader('ETag', feed.etag);
  res.setHeader('Last-Modified', feed.lastModified);
  // Private: the URL is a secret. Revalidated on every poll, which costs a 304.
  res.setHeader('Cache-Control', 'private, no-cache');
  if (isNotModified(req.headers['if-none-match'], req.headers['if-modified-since'], feed.etag, feed.lastModifiedMs)) {
    res.statusCode = 304;
    res.end();
    return 304;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', CONTENT_TYPE);
  res.setHeader('Content-Length', feed.body.length);
  res.setHeader('Content-Disposition', 'inline; filename="anw-diensten.ics"');
  res.end(feed.body);
  return 200;
}

/**
 * The problem+json answer of a failed feed request, shaped like the API's other errors; its
 * `instance` leaves the secret token out.
 */
export function writeFeedProblem(res: ServerResponse, error: unknown): number {
  const notFound = error instanceof CalendarError && error.kind === ErrorKind.NotFound;
  const status = notFound ? 404 : 503;
  const code = notFound ? error.code : 'feed_unavailable';
  const body = {
    type: `https://anw-rooster.nl/problemen/${code}`,
    title: notFound ? 'Niet gevonden' : 'Tijdelijk niet beschikbaar',
    status,
    detail: notFound ? error.message : 'De agenda kan nu niet worden geladen; uw agenda probeert het later opnieuw.',
    code,
    instance: '/feeds/…',
  };
  common(res);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  if (!notFound) res.setHeader('Retry-After', '300');
  res.end(JSON.stringify(body));
  return status;
}
