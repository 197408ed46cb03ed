import { AppError, ErrorKind } from '@anw/platform';

export enum DistributionErrorCode {
  RunNotFound = 'run_not_found',
  RunNotFinished = 'run_not_finished',
  RunAlreadyFinished = 'run_already_finished',
  PeriodNotDraft = 'period_not_draft',
  RunInProgress = 'run_in_progress',
  InstanceInvalid = 'instance_invalid',
  PickWindowClosed = 'pick_window_closed',
  QuotaReached = 'quota_reached',
  NotAGp = 'not_a_gp',
  NotAutomatic = 'pick_not_allowed',
}

const KIND: Record<DistributionErrorCode, ErrorKind> = {
  [DistributionErrorCode.RunNotFound]: ErrorKind.NotFound,
  [DistributionErrorCode.RunNotFinished]: ErrorKind.Conflict,
  [DistributionErrorCode.RunAlreadyFinished]: ErrorKind.Conflict,
  [DistributionErrorCode.PeriodNotDraft]: ErrorKind.Conflict,
  [DistributionErrorCode.RunInProgress]: ErrorKind.Conflict,
  [DistributionErrorCode.InstanceInvalid]: ErrorKind.Unprocessable,
  [DistributionErrorCode.PickWindowClosed]: ErrorKind.Conflict,
  [DistributionErrorCode.QuotaReached]: ErrorKind.Conflict,
  [DistributionErrorCode.NotAGp]: ErrorKind.Forbidden,
  [DistributionErrorCode.NotAutomatic]: ErrorKind.Conflict,
};

export class DistributionError extends AppError {
  constructor(code: DistributionErrorCode, message: string) {
    super(code, KIND[code], message);
  }
}
