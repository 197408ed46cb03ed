import { AvailabilityKind } from '../entities/availability.entity.js';
import { MAX_NOTE_LENGTH, parseInterval } from './availability-rules.js';
import type { CsvLayout, CsvProblem, CsvTable } from './csv.js';
import { normaliseEmail } from './gp-rules.js';

export const AVAILABILITY_CSV_LAYOUT: CsvLayout = {
  required: ['email', 'kind', 'start', 'end'],
  optional: ['note'],
  maxRows: 10_000,
};

// The codes, and the Dutch words a planner's spreadsheet is likely to hold.
const KINDS: Record<string, AvailabilityKind> = {
  absence: AvailabilityKind.Absence,
  afwezig: AvailabilityKind.Absence,
  blocked: AvailabilityKind.Blocked,
  geblokkeerd: AvailabilityKind.Blocked,
  wants: AvailabilityKind.Wants,
  voorkeur: AvailabilityKind.Wants,
  avoids: AvailabilityKind.Avoids,
  'liever niet': AvailabilityKind.Avoids,
};

export interface AvailabilityImportRow {
  line: number;
  gpId: string;
  kind: AvailabilityKind;
  startMs: number;
  endMs: number;
  note: string;
}

export interface AvailabilityImportPlan {
  rows: AvailabilityImportRow[];
  problems: CsvProblem[];
}

/** Checks every row of an availability import; `gpIdByEmail` holds the HDS's GPs by lower-case e-mail. */
export function planAvailabilityImport(table: CsvTable, gpIdByEmail: ReadonlyMap<string, string>): AvailabilityImportPlan {
  const problems: CsvProblem[] = [...table.problems];
  const rows: AvailabilityImportRow[] = [];
  for (const { line, values } of table.rows) {
    const before = problems.length;
    const add = (field: string, message: string): void => void problems.push({ line, field, message });
    const email = normaliseEmail(values.email);
    const gpId = gpIdByEmail.get(email);
    if (email === '') add('email', 'e-mailadres is verplicht');
    else if (!gpId) add('email', `geen huisarts met e-mailadres ${email} in deze HDS`);
    const kind = KINDS[values.kind.toLowerCase()];
    if (!kind) add('kind', `onbekende soort "${values.kind}": gebruik ${Object.values(AvailabilityKind).join(', ')}`);
    const interval = parseInterval(values.start, values.end, { start: 'start', end: 'end' });
    for (const p of interval.problems) add(p.field, p.message);
    if (values.note.length > MAX_NOTE_LENGTH) add('note', `de notitie is langer dan ${MAX_NOTE_LENGTH} tekens`);
    if (problems.length === before && gpId && kind && interval.startMs !== null && interval.endMs !== null) {
      rows.push({ line, gpId, kind, startMs: interval.startMs, endMs: interval.endMs, note: values.note });
    }
  }
  return { rows, problems: problems.sort((a, b) => a.line - b.line) };
}
