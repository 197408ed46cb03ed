import { CATEGORIES, type Category, DEFAULT_ZONE, type Minutes, localDate } from '@anw/time';
import { type AssignmentPrice, type AssignmentToPrice, type PricingContext, priceAssignment } from './price-assignment.js';
import type { TariffTable } from './tariff-table.js';

export interface StatementAssignment extends AssignmentToPrice {
  readonly id: string;
  readonly gpId: string;
}

/** Local dates, both inclusive; an assignment belongs to the period its start date lies in. */
export interface Period {
  readonly start: string;
  readonly end: string;
}

export interface StatementLine {
  assignmentId: string;
  price: AssignmentPrice;
}

/** A GP's pay over a period (afrekening). The lines add up exactly: Σ cents + surcharge + rounding = total. */
export interface Statement {
  gpId: string;
  period: Period;
  lines: StatementLine[];
  minutes: Minutes;
  /** minutes ÷ 60, for display */
  hours: Record<Category, number>;
  cents: Record<Category, number>;
  surchargeCents: number;
  roundingCents: number;
  /** Σ of the lines' once-rounded totals */
  totalCents: number;
  tableIds: string[];
}

function zeroByCategory(): Record<Category, number> {
  return { dag: 0, avond: 0, nacht: 0, weekend: 0, feestdag: 0 };
}

/** Adds up priced assignments of one GP into a statement. */
export function buildStatement(gpId: string, period: Period, lines: readonly StatementLine[]): Statement {
  const minutes = zeroByCategory();
  const cents = zeroByCategory();
  let surchargeCents = 0;
  let roundingCents = 0;
  let totalCents = 0;
  const tableIds = new Set<string>();
  for (const { price } of lines) {
    for (const category of CATEGORIES) {
      minutes[category] += price.minutes[category];
      cents[category] += price.centsByCategory[category];
    }
    surchargeCents += price.surchargeCents;
    roundingCents += price.roundingCents;
    totalCents += price.totalCents;
    for (const id of price.tableIds) tableIds.add(id);
  }
  const hours = zeroByCategory();
  for (const category of CATEGORIES) hours[category] = minutes[category] / 60;
  return {
    gpId,
    period,
    lines: [...lines],
    minutes,
    hours,
    cents,
    surchargeCents,
    roundingCents,
    totalCents,
    tableIds: [...tableIds].sort(),
  };
}

/** Prices the assignments that start in the period and returns one statement per GP, by gpId. */
export function buildStatements(assignments: readonly StatementAssignment[], period: Period, context: PricingContext): Statement[] {
  const zone = context.classify.zone ?? DEFAULT_ZONE;
  const byGp = new Map<string, StatementLine[]>();
  for (const assignment of assignments) {
    const date = localDate(assignment.startMs, zone);
    if (date < period.start || date > period.end) continue;
    const lines = byGp.get(assignment.gpId) ?? [];
    lines.push({ assignmentId: assignment.id, price: priceAssignment(assignment, context) });
    byGp.set(assignment.gpId, lines);
  }
  return [...byGp.keys()].sort().map((gpId) => buildStatement(gpId, period, byGp.get(gpId) ?? []));
}

export interface StatementRevision {
  gpId: string;
  old: Statement;
  revised: Statement;
  /** revised − old */
  differenceCents: number;
  differenceByCategory: Record<Category, number>;
  differenceSurchargeCents: number;
}

export interface RevisionReport {
  period: Period;
  /** every GP with assignments in the period, by gpId */
  statements: StatementRevision[];
  /** the GPs whose pay changes */
  affectedGpIds: string[];
  totalDifferenceCents: number;
}

/**
 * A retroactive tariff revision: prices the period under the old and the revised tables (same
 * assignments, policy and classification) and reports per GP old, new and the difference.
 */
export function recomputeStatements(
  oldTables: readonly TariffTable[],
  revisedTables: readonly TariffTable[],
  assignments: readonly StatementAssignment[],
  period: Period,
  context: Omit<PricingContext, 'tables' | 'table'>,
): RevisionReport {
  const olds = buildStatements(assignments, period, { ...context, tables: oldTables });
  const revised = new Map(buildStatements(assignments, period, { ...context, tables: revisedTables }).map((s) => [s.gpId, s]));
  const statements = olds.map((old): StatementRevision => {
    const next = revised.get(old.gpId) ?? buildStatement(old.gpId, period, []);
    const differenceByCategory = zeroByCategory();
    for (const category of CATEGORIES) differenceByCategory[category] = next.cents[category] - old.cents[category];
    return {
      gpId: old.gpId,
      old,
      revised: next,
      differenceCents: next.totalCents - old.totalCents,
      differenceByCategory,
      differenceSurchargeCents: next.surchargeCents - old.surchargeCents,
    };
  });
  return {
    period,
    statements,
    affectedGpIds: statements.filter((s) => s.differenceCents !== 0).map((s) => s.gpId),
    totalDifferenceCents: statements.reduce((sum, s) => sum + s.differenceCents, 0),
  };
}
