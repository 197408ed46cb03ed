import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { GpKind } from '@anw/rosters';
import { PAYROLL_COLUMNS, euros, payrollCsv, payrollXlsx } from './payroll-export.js';
import type { StatementView } from './statements.service.js';

function statement(overrides: Partial<StatementView>): StatementView {
  return {
    gpId: 'g1', name: 'Dr. Jansen', email: 'jansen@test.anw', kind: GpKind.Locum, periodId: 'p1', period: { start: '2026-01-01', end: '2026-03-31' },
    assignments: 1, minutes: { dag: 0, avond: 30, nacht: 480, weekend: 0, feestdag: 0 }, hours: { dag: 0, avond: 0.5, nacht: 8, weekend: 0, feestdag: 0 },
    cents: { dag: 0, avond: 5951, nacht: 124504, weekend: 0, feestdag: 0 }, surchargeCents: 0, roundingCents: -1, totalCents: 130454,
    tables: [{ id: 'nza-2026', version: 1 }], policyVersion: 0, ...overrides,
  };
}

describe('payroll export', () => {
  it.each([
    [0, '0.00'], [1, '0.01'], [99, '0.99'], [100, '1.00'], [253128, '2531.28'], [-1, '-0.01'], [-12345, '-123.45'], [9_007_199_254_740_991, '90071992547409.91'],
  ])('writes %i cents as %s euro without floating point', (cents, text) => {
    expect(euros(cents)).toBe(text);
  });

  it('writes one CSV row per GP with euros and the same amounts in cents, and defuses formulas', () => {
    const rows = parse(payrollCsv([statement({}), statement({ gpId: 'g2', name: '=HYPERLINK("x")', kind: GpKind.Employed })]), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual([...PAYROLL_COLUMNS]);
    expect(rows[0]).toMatchObject({ soort: 'waarnemer', uren_avond: '0.50', avond_eur: '59.51', afronding_eur: '-0.01', afronding_cent: '-1', totaal_eur: '1304.54', totaal_cent: '130454' });
    expect(rows[1]).toMatchObject({ naam: `'=HYPERLINK("x")`, soort: 'hidha' });
  });

  it('writes a workbook with a totals row whose cents add up', async () => {
    const bytes = await payrollXlsx([statement({}), statement({ gpId: 'g2', totalCents: 1, cents: { dag: 0, avond: 0, nacht: 1, weekend: 0, feestdag: 0 }, roundingCents: 0 })], {
      hdsName: 'HDS', periodName: 'Q1', startDate: '2026-01-01', endDate: '2026-03-31', tables: [{ id: 'nza-2026', version: 1 }], policyVersion: 0, createdAt: new Date('2026-04-01T00:00:00Z'),
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Afrekening');
    const total = sheet?.getRow(4);
    expect(total?.getCell(1).value).toBe('Totaal');
    expect(total?.getCell(PAYROLL_COLUMNS.indexOf('totaal_cent') + 1).value).toBe(130455);
    expect(total?.getCell(PAYROLL_COLUMNS.indexOf('nacht_eur') + 1).value).toBe(1245.05);
  });
});
