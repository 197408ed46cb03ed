import { AppError, ErrorKind, type FieldProblem } from '@anw/platform';

export enum NotificationErrorCode {
  DeadLetterNotFound = 'dead_letter_not_found',
  DeadLetterAlreadyRetried = 'dead_letter_already_retried',
  NoGpRecord = 'no_gp_record',
  PreferencesInvalid = 'preferences_invalid',
  WebhookNotFound = 'webhook_not_found',
  WebhookInvalid = 'webhook_invalid',
}

const KIND: Record<NotificationErrorCode, ErrorKind> = {
  [NotificationErrorCode.DeadLetterNotFound]: ErrorKind.NotFound,
  [NotificationErrorCode.DeadLetterAlreadyRetried]: ErrorKind.Conflict,
  [NotificationErrorCode.NoGpRecord]: ErrorKind.NotFound,
  [NotificationErrorCode.PreferencesInvalid]: ErrorKind.BadInput,
  [NotificationErrorCode.WebhookNotFound]: ErrorKind.NotFound,
  [NotificationErrorCode.WebhookInvalid]: ErrorKind.BadInput,
};

export class NotificationError extends AppError {
  constructor(code: NotificationErrorCode, message: string, errors?: FieldProblem[]) {
    super(code, KIND[code], message, errors);
  }
}
