import { CsvError, parse } from 'csv-parse/sync';
import type { FieldProblem } from '@anw/platform';
import { RosterError, RosterErrorCode } from '../rosters.errors.js';

/** A problem with one line of an uploaded CSV file (line 1 is the header). */
export interface CsvProblem extends FieldProblem {
  line: number;
}

export interface CsvRow {
  /** The line the record starts on, as a spreadsheet shows it. */
  line: number;
  values: Record<string, string>;
}

export interface CsvLayout {
  required: readonly string[];
  optional: readonly string[];
  maxRows: number;
}

export interface CsvTable {
  rows: CsvRow[];
  problems: CsvProblem[];
}

/** The outcome of checking an import: how many data rows are fine, and every problem. */
export interface ImportCheck {
  valid: number;
  errors: CsvProblem[];
}

const PARSE_MESSAGES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'een aanhalingsteken (") wordt niet gesloten',
  INVALID_OPENING_QUOTE: 'een aanhalingsteken (") staat midden in een veld; zet het hele veld tussen aanhalingstekens en verdubbel aanhalingstekens erin',
  CSV_INVALID_CLOSING_QUOTE: 'na een sluitend aanhalingsteken (") volgt nog tekst in hetzelfde veld',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'na een sluitend aanhalingsteken (") volgt nog tekst in hetzelfde veld',
};

/**
 * Reads an uploaded CSV (comma-separated, header row first, UTF-8 with or without BOM) into
 * rows keyed by the lower-cased header names. Problems with the header, with the CSV syntax
 * and with the number of fields are returned, each with its line, rather than thrown, so an
 * import can report every bad row at once.
 */
export function readCsv(text: string, layout: CsvLayout): CsvTable {
  const problems: CsvProblem[] = [];
  // csv-parse counts lines wrongly after an empty CRLF line; one line ending avoids that.
  const normalised = text.replace(/\r\n?/g, '\n');
  const lineOf = (error: CsvError): number => (typeof error.lines === 'number' ? error.lines : 1);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(normalised, {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined) => {
        if (!error) return undefined;
        const problem = { line: lineOf(error), field: '', message: PARSE_MESSAGES[error.code] ?? 'deze regel is geen geldige CSV' };
        // csv-parse may report one broken field more than once.
        if (!problems.some((p) => p.line === problem.line && p.message === problem.message)) problems.push(problem);
        return undefined;
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = error instanceof CsvError ? lineOf(error) : 1;
    return { rows: [], problems: [...problems, { line, field: '', message: 'het bestand is geen leesbare CSV' }] };
  }

  const startLine = (record: string[], endLine: number): number => endLine - record.reduce((n, value) => n + (value.match(/\n/g)?.length ?? 0), 0);

  if (records.length === 0) {
    return { rows: [], problems: [...problems, { line: 1, field: '', message: `het bestand is leeg; verwacht een kopregel met ${layout.required.join(',')}` }] };
  }
  const [head, ...body] = records;
  const headerLine = startLine(head.record, head.info.lines);
  if (head.record.length === 1 && head.record[0].includes(';')) {
    // What a Dutch spreadsheet writes by default.
    return { rows: [], problems: [{ line: headerLine, field: '', message: "de kopregel is gescheiden door puntkomma's; sla het bestand op als CSV met komma's als scheidingsteken" }] };
  }
  const columns = head.record.map((name) => name.toLowerCase());
  const known = new Set([...layout.required, ...layout.optional]);
  const headerProblems: CsvProblem[] = [];
  for (const name of layout.required) {
    if (!columns.includes(name)) headerProblems.push({ line: headerLine, field: name, message: `kolom "${name}" ontbreekt in de kopregel` });
  }
  columns.forEach((name, index) => {
    if (!known.has(name)) headerProblems.push({ line: headerLine, field: name, message: `onbekende kolom "${name}"; toegestaan: ${[...known].join(', ')}` });
    else if (columns.indexOf(name) !== index) headerProblems.push({ line: headerLine, field: name, message: `kolom "${name}" staat twee keer in de kopregel` });
  });
  if (headerProblems.length > 0) return { rows: [], problems: [...headerProblems, ...problems] };

  if (body.length > layout.maxRows) {
    const first = body[layout.maxRows];
    problems.push({ line: startLine(first.record, first.info.lines), field: '', message: `een import bevat hoogstens ${layout.maxRows} regels; splits het bestand` });
    return { rows: [], problems };
  }
  if (body.length === 0 && problems.length === 0) {
    problems.push({ line: headerLine, field: '', message: 'het bestand bevat alleen een kopregel en geen gegevens' });
  }

  const rows: CsvRow[] = [];
  for (const { record, info } of body) {
    const line = startLine(record, info.lines);
    if (record.length !== columns.length) {
      problems.push({ line, field: '', message: `deze regel heeft ${record.length} velden, de kopregel ${columns.length}` });
      continue;
    }
    const values: Record<string, string> = {};
    columns.forEach((name, index) => {
      values[name] = record[index];
    });
    for (const name of layout.optional) values[name] ??= '';
    rows.push({ line, values });
  }
  return { rows, problems: problems.sort((a, b) => a.line - b.line) };
}

/** The problem list of a refused import, as the 400 answer carries it. */
export function csvRefused(problems: CsvProblem[]): RosterError {
  const lines = new Set(problems.map((p) => p.line)).size;
  return new RosterError(
    RosterErrorCode.CsvInvalid,
    `De CSV bevat ${problems.length} ${problems.length === 1 ? 'fout' : 'fouten'} op ${lines} ${lines === 1 ? 'regel' : 'regels'}; er is niets geïmporteerd.`,
    problems,
  );
}

/** How many rows have no problem. */
export function countValid(rows: readonly { line: number }[], problems: readonly CsvProblem[]): number {
  const bad = new Set(problems.map((p) => p.line));
  return rows.filter((r) => !bad.has(r.line)).length;
}

/** An optional whole number; `undefined` when the text is not one. */
export function parseInteger(text: string): number | null | undefined {
  if (text === '') return null;
  return /^-?\d+$/.test(text) ? Number(text) : undefined;
}

/** An optional decimal, with a point or (as Dutch spreadsheets write it) a comma. */
export function parseDecimal(text: string): number | null | undefined {
  if (text === '') return null;
  const normalised = text.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : undefined;
}
