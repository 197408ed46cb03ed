import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type TariffTable, validateTariffTable, validateTariffTables } from './tariff-table.js';
import { TariffError } from './tariff-error.js';

/** Reads and validates every `*.json` table in a folder (e.g. `config/tariffs`), sorted by effectiveFrom. */
export async function loadTariffTables(directory: string): Promise<TariffTable[]> {
  let names: string[];
  try {
    names = (await readdir(directory)).filter((name) => name.endsWith('.json')).sort();
  } catch {
    throw new TariffError('invalid_table', `map met tarieftabellen "${directory}" is niet te lezen`);
  }
  const tables: TariffTable[] = [];
  for (const name of names) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(join(directory, name), 'utf8'));
    } catch {
      throw new TariffError('invalid_table', `${name}: geen geldige JSON`);
    }
    tables.push(validateTariffTable(parsed, name));
  }
  return validateTariffTables(tables);
}
