import { DateTime } from 'luxon';
import { DEFAULT_ZONE } from '@anw/time';

/** How far back a feed reaches: diensten of the past three months, and everything ahead. */
export const FEED_HISTORY_MONTHS = 3;
/** A removed or traded-away dienst stays in a feed this long as STATUS:CANCELLED, so clients drop it. */
export const CANCELLED_RETENTION_DAYS = 30;

export interface FeedWindow {
  /** The local date the window was computed for; a feed's content depends on it. */
  day: string;
  /** Diensten starting before this instant are left out. */
  startMs: number;
  /** Cancellations older than this are left out. */
  keepCancelledSinceMs: number;
  /** Local midnight starting `day`, and the next one, when the window moves. */
  dayStartMs: number;
  validUntilMs: number;
}

/**
 * The window of a feed on the local day of `nowMs`. It moves once a day (not every request), so a
 * rendered feed stays byte-identical, and cacheable, for the whole day.
 */
export function feedWindow(nowMs: number, zone: string = DEFAULT_ZONE): FeedWindow {
  const today = DateTime.fromMillis(nowMs, { zone }).startOf('day');
  return {
    day: today.toISODate() ?? '',
    startMs: today.minus({ months: FEED_HISTORY_MONTHS }).toMillis(),
    keepCancelledSinceMs: today.minus({ days: CANCELLED_RETENTION_DAYS }).toMillis(),
    dayStartMs: today.toMillis(),
    validUntilMs: today.plus({ days: 1 }).toMillis(),
  };
}
