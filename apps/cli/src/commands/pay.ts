// `anw pay --start … --end … [--table nza-2026] [--evening-start …] [--holidays …]` prints
// {"minutes":{…},"cents":{…},"totalCents":…,"tables":[…]} at 100 % of the NZa maximum; without
// --table each minute is paid at the table in force on its date (config/tariffs).
import { fileURLToPath } from 'node:url';
import { TariffError, findTable, loadTariffTables, priceAssignment } from '@anw/tariffs';
import { INTERVAL_OPTIONS, parseFlags, readInterval, withInputErrors } from './classify.js';

const TARIFF_DIR = fileURLToPath(new URL('../../../../config/tariffs/', import.meta.url));

const PAY_OPTIONS = { ...INTERVAL_OPTIONS, table: { type: 'string' } } as const;

export async function run(args: string[]): Promise<number> {
  return withInputErrors(async () => {
    const values = parseFlags(args, PAY_OPTIONS);
    const { startMs, endMs, classify } = await readInterval(values);
    const tables = await loadTariffTables(TARIFF_DIR);
    const table = values.table === undefined ? undefined : findTable(tables, values.table);
    const price = priceAssignment({ startMs, endMs }, { tables, classify, ...(table ? { table } : {}) });
    return JSON.stringify({ minutes: price.minutes, cents: price.centsByCategory, totalCents: price.totalCents, tables: price.tableIds });
  }, [TariffError]);
}
