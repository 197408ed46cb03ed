/** HTTP-independent kinds of failure; the exception filter maps them to statuses. */
export enum ErrorKind {
  BadInput = 'bad_input',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  Unprocessable = 'unprocessable',
  TooManyRequests = 'too_many_requests',
  Unavailable = 'unavailable',
}

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Base of each bounded context's error class. `code` is stable (clients switch on it);
 * `message` is the Dutch text shown to people.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly errors?: FieldProblem[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export enum PlatformErrorCode {
  ValidationFailed = 'validation_failed',
  MalformedJson = 'malformed_json',
  NotFound = 'not_found',
  RouteNotFound = 'route_not_found',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  TooManyRequests = 'too_many_requests',
  IdempotencyConflict = 'idempotency_conflict',
  IdempotencyMismatch = 'idempotency_key_reused',
  Internal = 'internal_error',
}

export class PlatformError extends AppError {
  constructor(code: PlatformErrorCode, kind: ErrorKind, message: string, errors?: FieldProblem[]) {
    super(code, kind, message, errors);
  }
}
