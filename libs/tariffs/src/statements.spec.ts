import { describe, expect, it } from '@jest/globals';
import { nzaHolidayDates, parseLocal } from '@anw/time';
import { type StatementAssignment, buildStatements, recomputeStatements } from './statements.js';
import { validateTariffTables } from './tariff-table.js';

const original = { id: 'nza-2024', version: 1, source: 't', effectiveFrom: '2024-01-01', effectiveTo: '2024-12-31', centsPerHour: { avond: 10746, nacht: 14053, weekend: 12400, feestdag: 14053 } };
const tables = validateTariffTables([original]);
const revisedTables = validateTariffTables([{ ...original, version: 2, centsPerHour: { ...original.centsPerHour, nacht: 14500 } }]);
const classify = { holidays: nzaHolidayDates([2024]) };

function assignment(id: string, gpId: string, start: string, end: string): StatementAssignment {
  return { id, gpId, startMs: parseLocal(start), endMs: parseLocal(end) };
}

const assignments = [
  assignment('a1', 'gp-2', '2024-01-09T17:00', '2024-01-09T24:00'),
  assignment('a2', 'gp-1', '2024-01-09T23:00', '2024-01-10T08:00'),
  assignment('a3', 'gp-1', '2024-01-13T08:00', '2024-01-13T17:00'),
  assignment('a4', 'gp-1', '2024-04-01T08:00', '2024-04-01T17:00'),
];
const q1 = { start: '2024-01-01', end: '2024-03-31' };

describe('buildStatements', () => {
  it('adds up each GP’s assignments that start in the period', () => {
    const [gp1, gp2, ...rest] = buildStatements(assignments, q1, { tables, classify });
    expect(rest).toEqual([]);
    expect(gp1.gpId).toBe('gp-1');
    expect(gp1.lines.map((l) => l.assignmentId)).toEqual(['a2', 'a3']);
    expect(gp1.minutes).toEqual({ dag: 0, avond: 60, nacht: 480, weekend: 540, feestdag: 0 });
    expect(gp1.hours).toEqual({ dag: 0, avond: 1, nacht: 8, weekend: 9, feestdag: 0 });
    expect(gp1.cents).toEqual({ dag: 0, avond: 10746, nacht: 112424, weekend: 111600, feestdag: 0 });
    expect(gp1.totalCents).toBe(10746 + 112424 + 111600);
    expect(gp2).toMatchObject({ gpId: 'gp-2', totalCents: 7 * 10746, tableIds: ['nza-2024'] });
  });
});

describe('recomputeStatements', () => {
  it('shows old, new and the difference of a retroactive revision', () => {
    const sut = recomputeStatements(tables, revisedTables, assignments, q1, { classify });
    expect(sut.affectedGpIds).toEqual(['gp-1']);
    const gp1 = sut.statements[0];
    expect([gp1.old.totalCents, gp1.revised.totalCents, gp1.differenceCents]).toEqual([234770, 238346, 3576]);
    expect(gp1.differenceByCategory).toEqual({ dag: 0, avond: 0, nacht: 3576, weekend: 0, feestdag: 0 });
    expect(sut.statements[1].differenceCents).toBe(0);
    expect(sut.totalDifferenceCents).toBe(3576);
  });
});
