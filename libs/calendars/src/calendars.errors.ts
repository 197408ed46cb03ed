import { AppError, ErrorKind, type FieldProblem } from '@anw/platform';

export enum CalendarErrorCode {
  FeedNotFound = 'feed_not_found',
  FeedExists = 'feed_exists',
  FeedRevoked = 'feed_revoked',
  FeedInvalid = 'feed_invalid',
  FeedNotYours = 'feed_not_yours',
}

const KIND: Record<CalendarErrorCode, ErrorKind> = {
  [CalendarErrorCode.FeedNotFound]: ErrorKind.NotFound,
  [CalendarErrorCode.FeedExists]: ErrorKind.Conflict,
  [CalendarErrorCode.FeedRevoked]: ErrorKind.Conflict,
  [CalendarErrorCode.FeedInvalid]: ErrorKind.BadInput,
  [CalendarErrorCode.FeedNotYours]: ErrorKind.Forbidden,
};

export class CalendarError extends AppError {
  constructor(code: CalendarErrorCode, message: string, errors?: FieldProblem[]) {
    super(code, KIND[code], message, errors);
  }
}
