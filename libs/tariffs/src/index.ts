export { TariffError, type TariffErrorCode } from './tariff-error.js';
export { type TariffTable, findTable, tableInForce, validateTariffTable, validateTariffTables } from './tariff-table.js';
export { loadTariffTables } from './load-tariff-tables.js';
export { FULL_MAXIMUM, type PayPolicy, type Surcharge, type SurchargeKind, basisPoints, validatePayPolicy } from './pay-policy.js';
export {
  type AssignmentPrice,
  type AssignmentToPrice,
  CENTS_DENOMINATOR,
  type PricingContext,
  priceAssignment,
  roundHalfUp,
} from './price-assignment.js';
export {
  type Period,
  type RevisionReport,
  type Statement,
  type StatementAssignment,
  type StatementLine,
  type StatementRevision,
  buildStatement,
  buildStatements,
  recomputeStatements,
} from './statements.js';
