import { AppError, ErrorKind, type FieldProblem } from '@anw/platform';

export enum HdsSettingsErrorCode {
  VersionStale = 'hds_settings_version_stale',
  BelowLegalBound = 'hds_settings_below_legal_bound',
  PeriodNotFound = 'hds_settings_period_not_found',
}

const KIND: Record<HdsSettingsErrorCode, ErrorKind> = {
  [HdsSettingsErrorCode.VersionStale]: ErrorKind.Conflict,
  [HdsSettingsErrorCode.BelowLegalBound]: ErrorKind.Unprocessable,
  [HdsSettingsErrorCode.PeriodNotFound]: ErrorKind.NotFound,
};

export class HdsSettingsError extends AppError {
  constructor(code: HdsSettingsErrorCode, message: string, errors?: FieldProblem[]) {
    super(code, KIND[code], message, errors);
  }
}
