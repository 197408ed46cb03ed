import type { FieldProblem } from '@anw/platform';
import { LocalTimeError, parseLocal } from '@anw/time';

/** An availability entry spans at most a year (a longer absence is entered per period). */
export const MAX_AVAILABILITY_DAYS = 366;
export const MAX_NOTE_LENGTH = 500;

export interface ParsedInterval {
  startMs: number | null;
  endMs: number | null;
  problems: FieldProblem[];
}

/**
 * Parses a start and end given as local wall-clock times in Europe/Amsterdam
 * (`2027-02-15T00:00`). A time that does not exist (the skipped spring hour) or is malformed is
 * a problem of the field that holds it; so is an end that is not after the start.
 */
export function parseInterval(start: string, end: string, fields: { start: string; end: string }): ParsedInterval {
  const problems: FieldProblem[] = [];
  const read = (text: string, field: string): number | null => {
    try {
      return parseLocal(text);
    } catch (error) {
      problems.push({ field, message: error instanceof LocalTimeError ? error.message : `ongeldige lokale tijd "${text}"` });
      return null;
    }
  };
  const startMs = read(start, fields.start);
  const endMs = read(end, fields.end);
  if (startMs !== null && endMs !== null) {
    if (endMs <= startMs) problems.push({ field: fields.end, message: `het einde (${end}) ligt niet na het begin (${start})` });
    else if (endMs - startMs > MAX_AVAILABILITY_DAYS * 86_400_000) problems.push({ field: fields.end, message: `een periode van beschikbaarheid duurt hoogstens ${MAX_AVAILABILITY_DAYS} dagen` });
  }
  return { startMs, endMs, problems };
}
