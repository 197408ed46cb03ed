import { ANW_CATEGORIES, type AnwCategory } from '@anw/time';
import { isIsoDate } from './iso-date.js';
import { TariffError } from './tariff-error.js';

/** An effective-dated table of maximum rates per ANW dienstuur, in integer cents per hour. */
export interface TariffTable {
  /** e.g. 'nza-2026' */
  readonly id: string;
  /** raised when the NZa revises the table after the fact */
  readonly version: number;
  /** where the figures come from */
  readonly source: string;
  /** first and last date (local, inclusive) on which the table is in force; no `effectiveTo`: open-ended */
  readonly effectiveFrom: string;
  readonly effectiveTo?: string;
  readonly centsPerHour: Readonly<Record<AnwCategory, number>>;
}

const MAX_CENTS_PER_HOUR = 10_000_000;
const TABLE_ID = /^[a-z0-9][a-z0-9._-]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a plain object (e.g. parsed JSON) and returns it as a frozen TariffTable. Throws a
 * TariffError `invalid_table` that lists every problem at once; `label` names the source.
 */
export function validateTariffTable(input: unknown, label = 'tarieftabel'): TariffTable {
  const problems: string[] = [];
  if (!isRecord(input)) throw new TariffError('invalid_table', `${label}: geen object`);
  const { id, version, source, effectiveFrom, effectiveTo, centsPerHour } = input;
  if (typeof id !== 'string' || !TABLE_ID.test(id)) problems.push('id moet een tekst zijn van kleine letters, cijfers en streepjes');
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) problems.push('version moet een geheel getal ≥ 1 zijn');
  if (typeof source !== 'string' || source.trim() === '') problems.push('source ontbreekt');
  if (!isIsoDate(effectiveFrom)) problems.push('effectiveFrom moet een datum JJJJ-MM-DD zijn');
  if (effectiveTo !== undefined && effectiveTo !== null) {
    if (!isIsoDate(effectiveTo)) problems.push('effectiveTo moet een datum JJJJ-MM-DD zijn');
    else if (isIsoDate(effectiveFrom) && effectiveTo < effectiveFrom) problems.push('effectiveTo ligt voor effectiveFrom');
  }
  const rates: Partial<Record<AnwCategory, number>> = {};
  if (!isRecord(centsPerHour)) {
    problems.push('centsPerHour ontbreekt');
  } else {
    for (const category of ANW_CATEGORIES) {
      const rate = centsPerHour[category];
      if (typeof rate !== 'number' || !Number.isSafeInteger(rate) || rate < 0 || rate > MAX_CENTS_PER_HOUR) {
        problems.push(`centsPerHour.${category} moet een geheel aantal centen ≥ 0 zijn`);
      } else {
        rates[category] = rate;
      }
    }
    for (const key of Object.keys(centsPerHour)) {
      if (!(ANW_CATEGORIES as readonly string[]).includes(key)) problems.push(`centsPerHour.${key} is geen ANW-categorie`);
    }
  }
  if (problems.length > 0) throw new TariffError('invalid_table', `${label}: ${problems.join('; ')}`);
  return Object.freeze({
    id: id as string,
    version: version as number,
    source: source as string,
    effectiveFrom: effectiveFrom as string,
    ...(typeof effectiveTo === 'string' ? { effectiveTo } : {}),
    centsPerHour: Object.freeze(rates as Record<AnwCategory, number>),
  });
}

/**
 * Validates a set of tables that are in force together: unique ids, no two in force on the same
 * date. Returns them sorted by effectiveFrom. (A revision is a new set: see recomputeStatements.)
 */
export function validateTariffTables(inputs: readonly unknown[]): TariffTable[] {
  const tables = inputs.map((input, index) => validateTariffTable(input, `tarieftabel ${index + 1}`));
  tables.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
  const ids = new Set<string>();
  for (const [index, table] of tables.entries()) {
    if (ids.has(table.id)) throw new TariffError('overlapping_tables', `tarieftabel "${table.id}" komt meer dan eens voor`);
    ids.add(table.id);
    const previous = tables[index - 1];
    if (previous && (previous.effectiveTo === undefined || previous.effectiveTo >= table.effectiveFrom)) {
      throw new TariffError(
        'overlapping_tables',
        `tarieftabellen "${previous.id}" en "${table.id}" gelden allebei op ${table.effectiveFrom}`,
      );
    }
  }
  return tables;
}

/** The table in force on a local date 'YYYY-MM-DD'; throws `no_tariff_in_force` when there is none. */
export function tableInForce(tables: readonly TariffTable[], date: string): TariffTable {
  const table = tables.find((t) => t.effectiveFrom <= date && (t.effectiveTo === undefined || date <= t.effectiveTo));
  if (!table) throw new TariffError('no_tariff_in_force', `geen tarieftabel van kracht op ${date}`);
  return table;
}

/** The table with this id; throws `unknown_table`. */
export function findTable(tables: readonly TariffTable[], id: string): TariffTable {
  const table = tables.find((t) => t.id === id);
  if (!table) {
    throw new TariffError('unknown_table', `onbekende tarieftabel "${id}"; bekend: ${tables.map((t) => t.id).join(', ') || '(geen)'}`);
  }
  return table;
}
