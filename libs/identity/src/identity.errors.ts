import { AppError, ErrorKind } from '@anw/platform';

export enum IdentityErrorCode {
  InvalidCredentials = 'invalid_credentials',
  TokenInvalid = 'token_invalid',
  TokenExpired = 'token_expired',
  NoAccessToHds = 'no_access_to_hds',
  RoleNotAllowed = 'role_not_allowed',
  UnknownHds = 'unknown_hds',
  EmailTaken = 'email_taken',
  OperatorOnly = 'operator_only',
  PasswordTooShort = 'password_too_short',
  PasswordTooLong = 'password_too_long',
  PasswordTooWeak = 'password_too_weak',
  PasswordResetInvalid = 'password_reset_invalid',
  CurrentPasswordWrong = 'current_password_wrong',
  RefreshTokenInvalid = 'refresh_token_invalid',
  RefreshTokenReused = 'refresh_token_reused',
}

const KIND: Record<IdentityErrorCode, ErrorKind> = {
  [IdentityErrorCode.InvalidCredentials]: ErrorKind.Unauthenticated,
  [IdentityErrorCode.TokenInvalid]: ErrorKind.Unauthenticated,
  [IdentityErrorCode.TokenExpired]: ErrorKind.Unauthenticated,
  [IdentityErrorCode.NoAccessToHds]: ErrorKind.Forbidden,
  [IdentityErrorCode.RoleNotAllowed]: ErrorKind.Forbidden,
  [IdentityErrorCode.UnknownHds]: ErrorKind.NotFound,
  [IdentityErrorCode.EmailTaken]: ErrorKind.Conflict,
  [IdentityErrorCode.OperatorOnly]: ErrorKind.Forbidden,
  [IdentityErrorCode.PasswordTooShort]: ErrorKind.Unprocessable,
  [IdentityErrorCode.PasswordTooLong]: ErrorKind.Unprocessable,
  [IdentityErrorCode.PasswordTooWeak]: ErrorKind.Unprocessable,
  [IdentityErrorCode.PasswordResetInvalid]: ErrorKind.BadInput,
  [IdentityErrorCode.CurrentPasswordWrong]: ErrorKind.Forbidden,
  [IdentityErrorCode.RefreshTokenInvalid]: ErrorKind.Unauthenticated,
  [IdentityErrorCode.RefreshTokenReused]: ErrorKind.Unauthenticated,
};

export class IdentityError extends AppError {
  constructor(code: IdentityErrorCode, message: string) {
    super(code, KIND[code], message);
  }
}
