import { AppError, ErrorKind, type FieldProblem } from '@anw/platform';
import { TariffError } from '@anw/tariffs';

export enum TariffsErrorCode {
  NoTariffInForce = 'no_tariff_in_force',
  InvalidTable = 'invalid_table',
  OverlappingTables = 'overlapping_tables',
  UnknownTable = 'unknown_table',
  InvalidPolicy = 'invalid_policy',
  InvalidAssignment = 'invalid_assignment',
  RevisionVersionNotHigher = 'revision_version_not_higher',
  RevisionNotFound = 'revision_not_found',
  StatementRunNotFound = 'statement_run_not_found',
  NotYourStatement = 'not_your_statement',
}

const KIND: Record<TariffsErrorCode, ErrorKind> = {
  [TariffsErrorCode.NoTariffInForce]: ErrorKind.Unprocessable,
  [TariffsErrorCode.InvalidTable]: ErrorKind.BadInput,
  [TariffsErrorCode.OverlappingTables]: ErrorKind.Conflict,
  [TariffsErrorCode.UnknownTable]: ErrorKind.NotFound,
  [TariffsErrorCode.InvalidPolicy]: ErrorKind.BadInput,
  [TariffsErrorCode.InvalidAssignment]: ErrorKind.Unprocessable,
  [TariffsErrorCode.RevisionVersionNotHigher]: ErrorKind.Conflict,
  [TariffsErrorCode.RevisionNotFound]: ErrorKind.NotFound,
  [TariffsErrorCode.StatementRunNotFound]: ErrorKind.NotFound,
  [TariffsErrorCode.NotYourStatement]: ErrorKind.Forbidden,
};

export class TariffsError extends AppError {
  constructor(code: TariffsErrorCode, message: string, errors?: FieldProblem[]) {
    super(code, KIND[code], message, errors);
  }

  /** The pure engine's error as an HTTP-mappable one; its message is already Dutch. */
  static from(error: TariffError): TariffsError {
    switch (error.code) {
      case 'no_tariff_in_force':
        return new TariffsError(
          TariffsErrorCode.NoTariffInForce,
          `${capitalise(error.message)}: voor die datum is geen NZa-tarief bekend. Voeg de tarieftabel toe met een tariefherziening.`,
        );
      case 'invalid_table':
        return new TariffsError(TariffsErrorCode.InvalidTable, `Ongeldige tarieftabel: ${error.message}`);
      case 'overlapping_tables':
        return new TariffsError(TariffsErrorCode.OverlappingTables, `${capitalise(error.message)}.`);
      case 'unknown_table':
        return new TariffsError(TariffsErrorCode.UnknownTable, `${capitalise(error.message)}.`);
      case 'invalid_policy':
        return new TariffsError(TariffsErrorCode.InvalidPolicy, `${capitalise(error.message)}.`);
      case 'invalid_assignment':
        return new TariffsError(TariffsErrorCode.InvalidAssignment, `${capitalise(error.message)}.`);
    }
  }
}

/** Runs `fn` and turns a TariffError from the engine into a TariffsError. */
export function engine<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof TariffError) throw TariffsError.from(error);
    throw error;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
