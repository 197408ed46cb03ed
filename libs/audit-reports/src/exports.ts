import { stringify } from 'csv-stringify/sync';
import { ANW_CATEGORIES } from '@anw/time';
import type { PositionRow } from './period-reports.service.js';
import type { GpWorkload, HdsSummary, PostWorkload, PracticeWorkload } from './workload.service.js';

export type Cell = string | number | boolean | null;

/** A report as a table: what both the CSV and the spreadsheet are made of. */
export interface ReportTable {
  name: string;
  columns: string[];
  rows: Cell[][];
}

const KIND_LABEL: Record<string, string> = { practiceHolder: 'praktijkhouder', employed: 'hidha', locum: 'waarnemer' };
const per = (prefix: string): string[] => ANW_CATEGORIES.map((c) => `${prefix}_${c}`);

// A name like "=HYPERLINK(…)" must not become a formula in the planner's spreadsheet program.
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function gpTable(rows: readonly GpWorkload[]): ReportTable {
  return {
    name: 'Huisartsen',
    columns: ['naam', 'email', 'soort', 'gewicht', 'geen_nachten', 'diensten', ...per('uren'), ...per('aandeel'), ...per('quotum'), ...per('saldo'), ...per('afwijking_uren'), ...per('afwijking_diensten'), 'uren_totaal', 'aandeel_totaal', 'minimum_uren'],
    rows: rows.map((g) => [
      text(g.name),
      text(g.email),
      KIND_LABEL[g.kind] ?? g.kind,
      g.weight,
      g.noNights,
      g.diensten,
      ...ANW_CATEGORIES.map((c) => g.hours[c]),
      ...ANW_CATEGORIES.map((c) => g.share[c]),
      ...ANW_CATEGORIES.map((c) => g.quota[c]),
      ...ANW_CATEGORIES.map((c) => g.balance[c]),
      ...ANW_CATEGORIES.map((c) => g.deviationHours[c]),
      ...ANW_CATEGORIES.map((c) => g.deviationDiensten[c]),
      g.totalHours,
      g.totalShare,
      g.minimumHours,
    ]),
  };
}

export function practiceTable(rows: readonly PracticeWorkload[]): ReportTable {
  return {
    name: 'Praktijken',
    columns: ['praktijkhouder', 'patienten', 'huisartsen', 'gewicht', 'diensten', ...per('uren'), ...per('aandeel'), ...per('quotum'), ...per('saldo'), ...per('afwijking_uren'), ...per('afwijking_diensten'), 'uren_totaal', 'aandeel_totaal'],
    rows: rows.map((p) => [
      text(p.holderName),
      p.patients,
      p.members.length,
      p.weight,
      p.diensten,
      ...ANW_CATEGORIES.map((c) => p.hours[c]),
      ...ANW_CATEGORIES.map((c) => p.share[c]),
      ...ANW_CATEGORIES.map((c) => p.quota[c]),
      ...ANW_CATEGORIES.map((c) => p.balance[c]),
      ...ANW_CATEGORIES.map((c) => p.deviationHours[c]),
      ...ANW_CATEGORIES.map((c) => p.deviationDiensten[c]),
      p.totalHours,
      p.totalShare,
    ]),
  };
}

export function postTable(rows: readonly PostWorkload[]): ReportTable {
  return {
    name: 'Posten',
    columns: ['post', 'naam', 'diensten', 'plaatsen', 'bezet', 'open', 'huisartsen', ...per('vraag_uren'), ...per('bezet_uren')],
    rows: rows.map((p) => [text(p.code), text(p.name), p.shifts, p.positions, p.staffed, p.open, p.gps, ...ANW_CATEGORIES.map((c) => p.demandHours[c]), ...ANW_CATEGORIES.map((c) => p.assignedHours[c])]),
  };
}

export function hdsTable(rows: readonly HdsSummary[]): ReportTable {
  return {
    name: "HDS'en",
    columns: [
      'hds',
      'naam',
      'diensten',
      'plaatsen',
      'bezet',
      'open',
      'huisartsen',
      ...per('vraag_uren'),
      ...per('gem_lengte'),
      ...per('grootste_afwijking_diensten'),
      'binnen_1_dienst',
      'gini',
      'uitschieters',
    ],
    rows: rows.map((h) => [
      text(h.hds.code),
      text(h.hds.name),
      h.shifts,
      h.positions,
      h.staffed,
      h.open,
      h.gps,
      ...ANW_CATEGORIES.map((c) => h.categories.demandHours[c]),
      ...ANW_CATEGORIES.map((c) => h.categories.averageLength[c]),
      ...ANW_CATEGORIES.map((c) => h.fairness.largestDeviation[c]?.diensten ?? null),
      h.fairness.withinTolerance.share,
      h.fairness.gini.total,
      h.fairness.outliersTotal,
    ]),
  };
}

/** The closing plan: every position, staffed (with the GP) or open (since when). */
export function positionTable(rows: readonly PositionRow[]): ReportTable {
  return {
    name: 'Sluitend rooster',
    columns: ['datum', 'post', 'dienst', 'rol', 'begin', 'einde', 'plaats', 'status', 'huisarts', 'open_sinds', 'open_uren'],
    rows: rows.flatMap((r) =>
      Array.from({ length: r.required }, (_, i): Cell[] => {
        const gp = r.gpNames[i];
        return [r.date, text(r.postCode), text(r.code), r.role, r.start, r.end, i + 1, gp ? 'bezet' : 'open', gp ? text(gp) : null, gp ? null : r.openSince, gp ? null : r.openHours];
      }),
    ),
  };
}

export function toCsv(table: ReportTable): string {
  return stringify(
    table.rows.map((row) => row.map((v) => (v === null ? '' : typeof v === 'boolean' ? (v ? 'ja' : 'nee') : v))),
    { header: true, columns: table.columns },
  );
}

/** One sheet per table, a frozen header row, and a sheet that says what the report covers. */
export async function toXlsx(tables: readonly ReportTable[], meta: Record<string, string>): Promise<Buffer> {
  // Loaded on first use: exceljs and its zip libraries are a sixth of the API's live heap, which
  // every full collection walks, and only exports need them.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'anw-rooster';
  workbook.created = new Date();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(table.columns).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map((v) => (typeof v === 'boolean' ? (v ? 'ja' : 'nee') : v)));
    sheet.columns.forEach((column, i) => {
      column.width = Math.max(10, Math.min(40, table.columns[i].length + 2));
    });
  }
  const about = workbook.addWorksheet('Over dit rapport');
  for (const [key, value] of Object.entries(meta)) about.addRow([key, value]);
  about.getColumn(1).width = 24;
  about.getColumn(2).width = 60;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
