export type TariffErrorCode =
  | 'invalid_table'
  | 'overlapping_tables'
  | 'unknown_table'
  | 'no_tariff_in_force'
  | 'invalid_policy'
  | 'invalid_assignment';

/** The tariffs context's one error class; `message` is Dutch and fit for a user. */
export class TariffError extends Error {
  override readonly name = 'TariffError';

  constructor(
    readonly code: TariffErrorCode,
    message: string,
  ) {
    super(message);
  }
}
