import { AppError, ErrorKind, type FieldProblem } from '@anw/platform';

export enum CalendarErrorCode {
  FeedNotFound = 'feed_not_found',
  FeedExists = 'feed_exists',
  FeedRevoked = 'feed_revoked',
  FeedInvalid = 'feed_invalid',
  NotAGp = 'not_a_gp',
  FeedNotYours = 'feed_not_yours',
  PostNotFound = 'post_not_found',
}

const KIND: Record<CalendarErrorCode, ErrorKind> = {
  [CalendarErrorCode.FeedNotFound]: ErrorKind.NotFound,
  [CalendarErrorCode.FeedExists]: ErrorKind.Conflict,
  [CalendarErrorCode.FeedRevoked]: ErrorKind.Conflict,
  [CalendarErrorCode.FeedInvalid]: ErrorKind.BadInput,
  [CalendarErrorCode.NotAGp]: ErrorKind.Forbidden,
  [CalendarErrorCode.FeedNotYours]: ErrorKind.Forbidden,
  [CalendarErrorCode.PostNotFound]: ErrorKind.NotFound,
};

export class CalendarError extends AppError {
  constructor(code: CalendarErrorCode, message: string, errors?: FieldProblem[]) {
    super(code, KIND[code], message, errors);
  }
}
