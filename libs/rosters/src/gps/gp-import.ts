import { GpKind, Qualification } from '../entities/gp.entity.js';
import { parseDecimal, parseInteger, type CsvLayout, type CsvProblem, type CsvTable } from './csv.js';
import { gpProblems, isEmail, normaliseEmail, type GpFields } from './gp-rules.js';

export const GP_CSV_LAYOUT: CsvLayout = {
  required: ['name', 'email', 'kind'],
  optional: ['qualifications', 'employer_email', 'practice_patients', 'fte', 'fixed_minimum_hours', 'carve_out_percent', 'joined_on', 'left_on', 'phone'],
  maxRows: 2_000,
};

/** The CSV column that holds each field, so problems name what the user sees. */
const COLUMN: Record<keyof GpFields, string> = {
  kind: 'kind',
  name: 'name',
  email: 'email',
  phone: 'phone',
  qualifications: 'qualifications',
  employerGpId: 'employer_email',
  practicePatients: 'practice_patients',
  fte: 'fte',
  fixedMinimumHours: 'fixed_minimum_hours',
  carveOutPercent: 'carve_out_percent',
  joinedOn: 'joined_on',
  leftOn: 'left_on',
};

// The codes, and the Dutch words a planner's spreadsheet is likely to hold.
const KINDS: Record<string, GpKind> = {
  practiceholder: GpKind.PracticeHolder,
  praktijkhouder: GpKind.PracticeHolder,
  employed: GpKind.Employed,
  hidha: GpKind.Employed,
  locum: GpKind.Locum,
  waarnemer: GpKind.Locum,
};

const QUALIFICATIONS = new Map<string, Qualification>(Object.values(Qualification).map((q) => [q, q]));

/** A GP already in the HDS, as far as an import needs to know. */
export interface ExistingGp {
  id: string;
  email: string;
  kind: GpKind;
}

export interface GpImportRow {
  line: number;
  fields: Omit<GpFields, 'employerGpId'>;
  /** For an employed GP: the e-mail of the practice holder, in the HDS or earlier/later in the file. */
  employerEmail: string | null;
}

export interface GpImportPlan {
  rows: GpImportRow[];
  problems: CsvProblem[];
}

/**
 * Checks every row of a GP import against the rules of a GP record, against each other
 * (duplicate e-mails, employers defined in the same file) and against the GPs already in the
 * HDS. Every problem is returned with its line; the rows are only usable when there are none.
 */
export function planGpImport(table: CsvTable, existing: readonly ExistingGp[]): GpImportPlan {
  const problems: CsvProblem[] = [...table.problems];
  const rows: GpImportRow[] = [];

  for (const { line, values } of table.rows) {
    const add = (field: string, message: string): void => void problems.push({ line, field, message });
    const kind = KINDS[values.kind.toLowerCase()];
    if (!kind) add('kind', values.kind === '' ? 'soort is verplicht (practiceHolder, employed of locum)' : `onbekende soort "${values.kind}": gebruik practiceHolder, employed of locum (of praktijkhouder, hidha, waarnemer)`);

    const qualifications: Qualification[] = [];
    for (const raw of values.qualifications.split(';').map((q) => q.trim().toLowerCase()).filter((q) => q !== '')) {
      const known = QUALIFICATIONS.get(raw);
      if (known) qualifications.push(known);
      else add('qualifications', `onbekende kwalificatie "${raw}": kies uit ${Object.values(Qualification).join(', ')} (gescheiden door ;)`);
    }

    const integer = (column: string, what: string): number | null => {
      const value = parseInteger(values[column]);
      if (value === undefined) add(column, `${what} "${values[column]}" is geen geheel getal`);
      return value ?? null;
    };
    const practicePatients = integer('practice_patients', 'aantal patiënten');
    const fixedMinimumHours = integer('fixed_minimum_hours', 'vast minimum aantal uren');
    const carveOutPercent = integer('carve_out_percent', 'aandeel in procenten');
    const fte = parseDecimal(values.fte);
    if (fte === undefined) add('fte', `fte "${values.fte}" is geen getal`);

    const employerEmail = values.employer_email === '' ? null : normaliseEmail(values.employer_email);
    if (employerEmail !== null && !isEmail(employerEmail)) add('employer_email', `"${values.employer_email}" is geen geldig e-mailadres`);

    const fields: Omit<GpFields, 'employerGpId'> = {
      kind: kind ?? GpKind.Locum,
      name: values.name,
      email: normaliseEmail(values.email),
      phone: values.phone === '' ? null : values.phone,
      qualifications: [...new Set(qualifications)],
      practicePatients,
      fte: fte ?? null,
      fixedMinimumHours,
      carveOutPercent,
      joinedOn: values.joined_on === '' ? null : values.joined_on,
      leftOn: values.left_on === '' ? null : values.left_on,
    };
    for (const problem of gpProblems({ ...fields, hasEmployer: employerEmail !== null })) {
      // Without a known kind, the kind-specific fields cannot be judged.
      if (!kind && (problem.field === 'employerGpId' || problem.field === 'carveOutPercent')) continue;
      if (problem.field === 'email' && values.email === '') add('email', 'e-mailadres is verplicht');
      else add(COLUMN[problem.field as keyof GpFields] ?? problem.field, problem.message);
    }
    rows.push({ line, fields, employerEmail });
  }

  const inHds = new Map(existing.map((gp) => [normaliseEmail(gp.email), gp]));
  const inFile = new Map<string, GpImportRow>();
  for (const row of rows) {
    const email = row.fields.email;
    if (email === '') continue;
    const earlier = inFile.get(email);
    if (earlier) problems.push({ line: row.line, field: 'email', message: `e-mailadres ${email} staat ook op regel ${earlier.line}` });
    else inFile.set(email, row);
    if (inHds.has(email)) problems.push({ line: row.line, field: 'email', message: `er is al een huisarts met e-mailadres ${email} in deze HDS` });
  }

  for (const row of rows) {
    const employer = row.employerEmail;
    if (employer === null || row.fields.kind !== GpKind.Employed || !isEmail(employer)) continue;
    const problem = (message: string): void => void problems.push({ line: row.line, field: 'employer_email', message });
    if (employer === row.fields.email) {
      problem('een HIDHA kan niet zijn of haar eigen werkgever zijn');
      continue;
    }
    const fromFile = inFile.get(employer);
    const fromHds = inHds.get(employer);
    const kind = fromFile?.fields.kind ?? fromHds?.kind;
    if (kind === undefined) problem(`werkgever ${employer} niet gevonden in deze HDS of in het bestand`);
    else if (kind !== GpKind.PracticeHolder) problem(`werkgever ${employer} is geen praktijkhouder`);
  }

  return { rows, problems: problems.sort((a, b) => a.line - b.line) };
}

/** Rows without an employer go in first, so every employer exists before its HIDHA is inserted. */
export function byEmployer(rows: readonly GpImportRow[]): { withoutEmployer: GpImportRow[]; withEmployer: GpImportRow[] } {
  return { withoutEmployer: rows.filter((r) => r.employerEmail === null), withEmployer: rows.filter((r) => r.employerEmail !== null) };
}
