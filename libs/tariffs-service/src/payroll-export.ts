import { stringify } from 'csv-stringify/sync';
import { GpKind } from '@anw/rosters';
import type { AnwCategory, Category } from '@anw/time';
import type { TableVersion } from './entities/statement-run.entity.js';
import type { StatementView } from './statements.service.js';

export interface PayrollMeta {
  hdsName: string;
  periodName: string;
  startDate: string;
  endDate: string;
  tables: TableVersion[];
  policyVersion: number;
  createdAt: Date;
}

const HOUR_CATEGORIES: readonly Category[] = ['dag', 'avond', 'nacht', 'weekend', 'feestdag'];
const PAID_CATEGORIES: readonly AnwCategory[] = ['avond', 'nacht', 'weekend', 'feestdag'];

const KIND_LABEL: Record<GpKind, string> = {
  [GpKind.PracticeHolder]: 'praktijkhouder',
  [GpKind.Employed]: 'hidha',
  [GpKind.Locum]: 'waarnemer',
};

/** The export's columns: who, hours per category, amounts in euros, then the same amounts in integer cents. */
export const PAYROLL_COLUMNS = [
  'naam',
  'email',
  'soort',
  'diensten',
  ...HOUR_CATEGORIES.map((c) => `uren_${c}`),
  ...PAID_CATEGORIES.map((c) => `${c}_eur`),
  'toeslag_eur',
  'afronding_eur',
  'totaal_eur',
  ...PAID_CATEGORIES.map((c) => `${c}_cent`),
  'toeslag_cent',
  'afronding_cent',
  'totaal_cent',
] as const;

/** Integer cents as euros with two decimals, without floating point: 123456 → "1234.56", −1 → "-0.01". */
export function euros(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function amounts(s: StatementView): number[] {
  return [...PAID_CATEGORIES.map((c) => s.cents[c]), s.surchargeCents, s.roundingCents, s.totalCents];
}

// A name like "=HYPERLINK(…)" must not become a formula in the planner's spreadsheet program.
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One row per GP; euros as text with two decimals and the same amounts as integer cents. */
export function payrollCsv(rows: readonly StatementView[]): string {
  return stringify(
    rows.map((s) => [
      text(s.name),
      text(s.email),
      KIND_LABEL[s.kind],
      s.assignments,
      ...HOUR_CATEGORIES.map((c) => (s.minutes[c] / 60).toFixed(2)),
      ...amounts(s).map(euros),
      ...amounts(s),
    ]),
    { header: true, columns: [...PAYROLL_COLUMNS] },
  );
}

/** The same rows as a spreadsheet (exceljs), with a totals row and a sheet that says what was used. */
export async function payrollXlsx(rows: readonly StatementView[], meta: PayrollMeta): Promise<Buffer> {
  // Loaded on first use: exceljs and its zip libraries are a sixth of the API's live heap, which
  // every full collection walks, and only exports need them.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'anw-rooster';
  workbook.created = meta.createdAt;
  const sheet = workbook.addWorksheet('Afrekening', { views: [{ state: 'frozen', ySplit: 1 }] });
  const hourCols = HOUR_CATEGORIES.length;
  const euroCols = PAID_CATEGORIES.length + 3;
  sheet.columns = PAYROLL_COLUMNS.map((header, i) => {
    const isHours = i >= 4 && i < 4 + hourCols;
    const isEuro = i >= 4 + hourCols && i < 4 + hourCols + euroCols;
    return {
      header,
      key: header,
      width: i < 2 ? 28 : 14,
      style: isHours ? { numFmt: '0.00' } : isEuro ? { numFmt: '#,##0.00' } : i >= 4 ? { numFmt: '0' } : {},
    };
  });
  sheet.getRow(1).font = { bold: true };
  const totals = new Array<number>(hourCols + euroCols).fill(0);
  for (const s of rows) {
    const hours = HOUR_CATEGORIES.map((c) => s.minutes[c]);
    const cents = amounts(s);
    hours.forEach((m, i) => (totals[i] += m));
    cents.forEach((c, i) => (totals[hourCols + i] += c));
    sheet.addRow([s.name, s.email, KIND_LABEL[s.kind], s.assignments, ...hours.map((m) => m / 60), ...cents.map((c) => c / 100), ...cents]);
  }
  const totalMinutes = totals.slice(0, hourCols);
  const totalCents = totals.slice(hourCols);
  const totalRow = sheet.addRow([
    'Totaal',
    '',
    '',
    rows.reduce((n, s) => n + s.assignments, 0),
    ...totalMinutes.map((m) => m / 60),
    ...totalCents.map((c) => c / 100),
    ...totalCents,
  ]);
  totalRow.font = { bold: true };

  const about = workbook.addWorksheet('Toelichting');
  about.columns = [
    { header: 'gegeven', key: 'k', width: 24 },
    { header: 'waarde', key: 'v', width: 60 },
  ];
  about.getRow(1).font = { bold: true };
  about.addRows([
    ['HDS', meta.hdsName],
    ['periode', meta.periodName],
    ['van', meta.startDate],
    ['tot en met', meta.endDate],
    ['tarieftabellen', meta.tables.map((t) => `${t.id} versie ${t.version}`).join(', ') || '(geen diensten)'],
    ['vergoedingsbeleid versie', meta.policyVersion],
    ['bedragen', 'euro met twee decimalen; de kolommen _cent geven dezelfde bedragen in hele centen'],
    ['afronding', 'elke dienst wordt als geheel één keer op een cent afgerond; afronding_cent maakt het totaal sluitend'],
    ['aangemaakt', meta.createdAt.toISOString()],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
