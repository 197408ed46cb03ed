import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { loadTariffTables } from './load-tariff-tables.js';
import { TariffError } from './tariff-error.js';
import { findTable, tableInForce, validateTariffTable, validateTariffTables } from './tariff-table.js';

const CONFIG = fileURLToPath(new URL('../../../config/tariffs', import.meta.url));

const table2026 = {
  id: 'nza-2026',
  version: 1,
  source: 'test',
  effectiveFrom: '2026-01-01',
  effectiveTo: '2026-12-31',
  centsPerHour: { avond: 11901, nacht: 15563, weekend: 13732, feestdag: 15563 },
};

describe('loadTariffTables', () => {
  it('reads the NZa tables of config/tariffs, in date order, with 2025 missing', async () => {
    const tables = await loadTariffTables(CONFIG);
    expect(tables.map((t) => [t.id, t.effectiveFrom, t.effectiveTo])).toEqual([
      ['nza-2023', '2023-01-01', '2023-12-31'],
      ['nza-2024', '2024-01-01', '2024-12-31'],
      ['nza-2026', '2026-01-01', '2026-12-31'],
    ]);
    expect(tables.map((t) => t.centsPerHour)).toEqual([
      { avond: 10084, nacht: 13187, weekend: 11636, feestdag: 13187 },
      { avond: 10746, nacht: 14053, weekend: 12400, feestdag: 14053 },
      { avond: 11901, nacht: 15563, weekend: 13732, feestdag: 15563 },
    ]);
    expect(() => tableInForce(tables, '2025-06-01')).toThrow(new TariffError('no_tariff_in_force', 'geen tarieftabel van kracht op 2025-06-01'));
  });

  it('names an unreadable folder', async () => {
    await expect(loadTariffTables('/nonexistent/tariffs')).rejects.toThrow(/niet te lezen/);
  });
});

describe('validateTariffTable', () => {
  it('accepts a table and freezes it', () => {
    const sut = validateTariffTable(table2026);
    expect(sut).toEqual(table2026);
    expect(Object.isFrozen(sut.centsPerHour)).toBe(true);
  });

  it('accepts an open-ended table', () => {
    expect(validateTariffTable({ ...table2026, effectiveTo: undefined }).effectiveTo).toBeUndefined();
  });

  it('lists every problem at once', () => {
    const bad = { ...table2026, version: 0, effectiveTo: '2025-12-31', centsPerHour: { avond: 119.01, nacht: 15563, weekend: -1, dag: 5 } };
    expect(() => validateTariffTable(bad, 'nza-2026.json')).toThrow(
      'nza-2026.json: version moet een geheel getal ≥ 1 zijn; effectiveTo ligt voor effectiveFrom; ' +
        'centsPerHour.avond moet een geheel aantal centen ≥ 0 zijn; centsPerHour.weekend moet een geheel aantal centen ≥ 0 zijn; ' +
        'centsPerHour.feestdag moet een geheel aantal centen ≥ 0 zijn; centsPerHour.dag is geen ANW-categorie',
    );
  });

  it('rejects overlapping tables and duplicate ids', () => {
    const overlapping = { ...table2026, id: 'nza-2026-bis', effectiveFrom: '2026-12-31', effectiveTo: undefined };
    expect(() => validateTariffTables([table2026, overlapping])).toThrow(expect.objectContaining({ code: 'overlapping_tables' }));
    expect(() => validateTariffTables([table2026, { ...table2026, effectiveFrom: '2027-01-01', effectiveTo: undefined }])).toThrow(/meer dan eens/);
  });
});

describe('tableInForce and findTable', () => {
  const tables = validateTariffTables([table2026]);
  it.each([
    ['2026-01-01', 'nza-2026'],
    ['2026-12-31', 'nza-2026'],
  ])('%s → %s', (date, id) => {
    expect(tableInForce(tables, date).id).toBe(id);
  });

  it('throws for dates outside every table and unknown ids', () => {
    expect(() => tableInForce(tables, '2027-01-01')).toThrow(expect.objectContaining({ code: 'no_tariff_in_force' }));
    expect(() => findTable(tables, 'nza-2025')).toThrow(new TariffError('unknown_table', 'onbekende tarieftabel "nza-2025"; bekend: nza-2026'));
  });
});
