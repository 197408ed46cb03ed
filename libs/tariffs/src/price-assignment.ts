import {
  ANW_CATEGORIES,
  type AnwCategory,
  type Category,
  type ClassifyOptions,
  DEFAULT_ZONE,
  type Minutes,
  localDate,
  parseLocal,
  splitIntervalMs,
} from '@anw/time';
import { nextIsoDate } from './iso-date.js';
import { FULL_MAXIMUM, type PayPolicy, type Surcharge } from './pay-policy.js';
import { TariffError } from './tariff-error.js';
import type { TariffTable } from './tariff-table.js';

export interface AssignmentToPrice {
  /** UTC epoch ms, [startMs, endMs) */
  readonly startMs: number;
  readonly endMs: number;
  readonly role?: string;
  readonly templateCode?: string;
  readonly claimedShortNotice?: boolean;
}

export interface PricingContext {
  /** the tables by date: each minute is paid at the table in force on its local date */
  readonly tables: readonly TariffTable[];
  /** when given, every minute is paid at this table whatever its dates */
  readonly table?: TariffTable;
  /** default: 100 % of the maximum, no surcharges; validate once with validatePayPolicy */
  readonly policy?: PayPolicy;
  readonly classify: ClassifyOptions;
}

export interface AssignmentPrice {
  minutes: Minutes;
  /**
   * Base pay per category, each rounded half-up from its exact value for display; `dag` is not
   * paid by the ANW tariff and is always 0.
   */
  centsByCategory: Record<Category, number>;
  /** surcharges, rounded half-up from their exact value for display */
  surchargeCents: number;
  /** totalCents − Σ centsByCategory − surchargeCents: makes the displayed lines add up (|x| ≤ 3) */
  roundingCents: number;
  /** the exact amount over all categories and surcharges, rounded half-up ONCE */
  totalCents: number;
  /** the tables used, in time order */
  tableIds: string[];
}

const MS_PER_HOUR = 3_600_000n;
const BP = 10_000n;
// exact amounts are numerators over this: ms × cents/hour × policy bp × surcharge bp
export const CENTS_DENOMINATOR = MS_PER_HOUR * BP * BP;

/** round_half_up(numerator / denominator) for numerator ≥ 0, as a number of cents */
export function roundHalfUp(numerator: bigint, denominator: bigint = CENTS_DENOMINATOR): number {
  return Number((2n * numerator + denominator) / (2n * denominator));
}

const midnights = new Map<string, number>();

/** The instant a local date begins. */
function startOfDate(date: string, zone: string): number {
  const key = `${zone}|${date}`;
  let ms = midnights.get(key);
  if (ms === undefined) {
    ms = parseLocal(`${date}T00:00`, zone);
    if (midnights.size > 50_000) midnights.clear();
    midnights.set(key, ms);
  }
  return ms;
}

/** The instant a local date ends (the next date's 00:00). */
function endOfDate(date: string, zone: string): number {
  return startOfDate(nextIsoDate(date), zone);
}

interface TableRange {
  table: TariffTable;
  fromMs: number;
  toMs: number;
}

// per table set and zone, the instants each table is in force: saves a date string per minute range
const tableRanges = new WeakMap<readonly TariffTable[], Map<string, TableRange[]>>();

function rangesOf(tables: readonly TariffTable[], zone: string): TableRange[] {
  let byZone = tableRanges.get(tables);
  if (!byZone) {
    byZone = new Map();
    tableRanges.set(tables, byZone);
  }
  let ranges = byZone.get(zone);
  if (!ranges) {
    ranges = tables.map((table) => ({
      table,
      fromMs: startOfDate(table.effectiveFrom, zone),
      toMs: table.effectiveTo === undefined ? Infinity : endOfDate(table.effectiveTo, zone),
    }));
    byZone.set(zone, ranges);
  }
  return ranges;
}

function surchargeMatches(surcharge: Surcharge, assignment: AssignmentToPrice): boolean {
  switch (surcharge.kind) {
    case 'role':
      return surcharge.role === assignment.role;
    case 'template':
      return surcharge.templateCode === assignment.templateCode;
    case 'shortNotice':
      return assignment.claimedShortNotice === true;
  }
}

/**
 * Prices one assignment exactly. Its real elapsed time is split by category (@anw/time) and by
 * the table in force on each local date (a night across 31 December uses both years' tables),
 * and by the dates of the surcharges. Every piece adds an exact rational amount; the total is
 * rounded half-up once per assignment. Throws TariffError `no_tariff_in_force` when some minute
 * falls on a date without a table.
 */
export function priceAssignment(assignment: AssignmentToPrice, context: PricingContext): AssignmentPrice {
  const { startMs, endMs } = assignment;
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs < startMs) {
    throw new TariffError('invalid_assignment', 'ongeldige dienst: het einde ligt voor het begin');
  }
  const zone = context.classify.zone ?? DEFAULT_ZONE;
  const policy = context.policy ?? FULL_MAXIMUM;
  const policyBp = BigInt(policy.percentOfMaximumBp);
  const surcharges = policy.surcharges.filter((s) => surchargeMatches(s, assignment));
  const ms: Record<Category, number> = { dag: 0, avond: 0, nacht: 0, weekend: 0, feestdag: 0 };
  const base: Record<AnwCategory, bigint> = { avond: 0n, nacht: 0n, weekend: 0n, feestdag: 0n };
  let surcharge = 0n;
  const tableIds: string[] = [];

  const ranges = context.table ? [] : rangesOf(context.tables, zone);
  let cursor = startMs;
  while (cursor < endMs) {
    let table = context.table;
    let pieceEnd = endMs;
    if (!table) {
      const range = ranges.find((r) => r.fromMs <= cursor && cursor < r.toMs);
      if (!range) throw new TariffError('no_tariff_in_force', `geen tarieftabel van kracht op ${localDate(cursor, zone)}`);
      table = range.table;
      pieceEnd = Math.min(pieceEnd, range.toMs);
    }
    const active: Surcharge[] = [];
    for (const s of surcharges) {
      const fromMs = startOfDate(s.effectiveFrom, zone);
      const toMs = s.effectiveTo === undefined ? Infinity : endOfDate(s.effectiveTo, zone);
      if (cursor < fromMs) {
        pieceEnd = Math.min(pieceEnd, fromMs);
      } else if (cursor < toMs) {
        active.push(s);
        pieceEnd = Math.min(pieceEnd, toMs);
      }
    }
    const split = splitIntervalMs(cursor, pieceEnd, context.classify);
    ms.dag += split.dag;
    for (const category of ANW_CATEGORIES) {
      const elapsed = split[category];
      if (elapsed === 0) continue;
      ms[category] += elapsed;
      const rate = BigInt(table.centsPerHour[category]);
      const paid = BigInt(elapsed) * rate * policyBp;
      base[category] += paid * BP;
      for (const s of active) {
        if (s.categories && !s.categories.includes(category)) continue;
        surcharge += s.centsPerHour !== undefined ? BigInt(elapsed) * BigInt(s.centsPerHour) * BP * BP : paid * BigInt(s.percentBp ?? 0);
      }
    }
    if (tableIds[tableIds.length - 1] !== table.id) tableIds.push(table.id);
    cursor = pieceEnd;
  }

  const centsByCategory: Record<Category, number> = { dag: 0, avond: 0, nacht: 0, weekend: 0, feestdag: 0 };
  let exactTotal = surcharge;
  let displayed = 0;
  for (const category of ANW_CATEGORIES) {
    exactTotal += base[category];
    centsByCategory[category] = roundHalfUp(base[category]);
    displayed += centsByCategory[category];
  }
  const surchargeCents = roundHalfUp(surcharge);
  const totalCents = roundHalfUp(exactTotal);
  return {
    minutes: {
      dag: ms.dag / 60_000,
      avond: ms.avond / 60_000,
      nacht: ms.nacht / 60_000,
      weekend: ms.weekend / 60_000,
      feestdag: ms.feestdag / 60_000,
    },
    centsByCategory,
    surchargeCents,
    roundingCents: totalCents - displayed - surchargeCents,
    totalCents,
    tableIds,
  };
}
