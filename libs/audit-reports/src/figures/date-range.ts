import { AuditReportError, AuditReportErrorCode } from '../audit-reports.errors.js';

/** Local dates, both inclusive. */
export interface DateRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
/** Five years: longer ranges make reports nobody reads and queries nobody waits for. */
export const MAX_RANGE_DAYS = 1830;

function dayNumber(date: string): number {
  const ms = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Math.round(ms / DAY_MS);
}

function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return new Date(dayNumber(value) * DAY_MS).toISOString().slice(0, 10) === value;
}

/** Days from `from` to `to`, both inclusive. */
export function daysInclusive(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Checks a report's date range: real dates, from ≤ to, at most five years. */
export function checkRange(from: string, to: string): DateRange {
  const problems = [
    ...(isDate(from) ? [] : [{ field: 'from', message: 'from moet een bestaande datum JJJJ-MM-DD zijn' }]),
    ...(isDate(to) ? [] : [{ field: 'to', message: 'to moet een bestaande datum JJJJ-MM-DD zijn' }]),
  ];
  if (problems.length > 0) throw new AuditReportError(AuditReportErrorCode.RangeInvalid, 'De periode van het rapport is ongeldig.', problems);
  if (to < from) throw new AuditReportError(AuditReportErrorCode.RangeInvalid, 'to ligt vóór from.', [{ field: 'to', message: 'to ligt vóór from' }]);
  if (daysInclusive(from, to) > MAX_RANGE_DAYS) {
    throw new AuditReportError(AuditReportErrorCode.RangeInvalid, `Een rapport beslaat hoogstens ${MAX_RANGE_DAYS} dagen.`, [{ field: 'to', message: 'periode te lang' }]);
  }
  return { from, to };
}

/** The fraction (0–1) of a range a GP is affiliated, from their joining and leaving dates (inclusive). */
export function presence(range: DateRange, joinedOn: string | null, leftOn: string | null): number {
  const start = joinedOn && joinedOn > range.from ? joinedOn : range.from;
  const end = leftOn && leftOn < range.to ? leftOn : range.to;
  if (end < start) return 0;
  return Math.min(1, daysInclusive(start, end) / daysInclusive(range.from, range.to));
}
