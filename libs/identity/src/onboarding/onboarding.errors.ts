import { AppError, ErrorKind } from '@anw/platform';

export enum OnboardingErrorCode {
  RegionNotFound = 'tenant_region_not_found',
  HdsNotFound = 'tenant_hds_not_found',
  HdsCodeTaken = 'hds_code_taken',
  HdsCodeInvalid = 'hds_code_invalid',
  InvitationNotFound = 'invitation_not_found',
  InvitationExpired = 'invitation_expired',
  InvitationRevoked = 'invitation_revoked',
  InvitationUsed = 'invitation_used',
  InvitationPending = 'invitation_pending',
  InviteRoleNotAllowed = 'invite_role_not_allowed',
  InviteGpUnknown = 'invite_gp_unknown',
  InviteGpHasLogin = 'invite_gp_has_login',
  AccountExists = 'account_exists',
  AccountDetailsMissing = 'account_details_missing',
  AlreadyMember = 'already_member',
  MembershipNotFound = 'membership_not_found',
  MembershipRoleFixed = 'membership_role_fixed',
  LastHdsAdmin = 'last_hds_admin',
  UserNotFound = 'user_not_found',
  RegionWithoutHds = 'region_without_hds',
}

const KIND: Record<OnboardingErrorCode, ErrorKind> = {
  [OnboardingErrorCode.RegionNotFound]: ErrorKind.NotFound,
  [OnboardingErrorCode.HdsNotFound]: ErrorKind.NotFound,
  [OnboardingErrorCode.HdsCodeTaken]: ErrorKind.Conflict,
  [OnboardingErrorCode.HdsCodeInvalid]: ErrorKind.BadInput,
  [OnboardingErrorCode.InvitationNotFound]: ErrorKind.NotFound,
  [OnboardingErrorCode.InvitationExpired]: ErrorKind.Conflict,
  [OnboardingErrorCode.InvitationRevoked]: ErrorKind.Conflict,
  [OnboardingErrorCode.InvitationUsed]: ErrorKind.Conflict,
  [OnboardingErrorCode.InvitationPending]: ErrorKind.Conflict,
  [OnboardingErrorCode.InviteRoleNotAllowed]: ErrorKind.Forbidden,
  [OnboardingErrorCode.InviteGpUnknown]: ErrorKind.NotFound,
  [OnboardingErrorCode.InviteGpHasLogin]: ErrorKind.Conflict,
  [OnboardingErrorCode.AccountExists]: ErrorKind.Conflict,
  [OnboardingErrorCode.AccountDetailsMissing]: ErrorKind.Unprocessable,
  [OnboardingErrorCode.AlreadyMember]: ErrorKind.Conflict,
  [OnboardingErrorCode.MembershipNotFound]: ErrorKind.NotFound,
  [OnboardingErrorCode.MembershipRoleFixed]: ErrorKind.Unprocessable,
  [OnboardingErrorCode.LastHdsAdmin]: ErrorKind.Conflict,
  [OnboardingErrorCode.UserNotFound]: ErrorKind.NotFound,
  [OnboardingErrorCode.RegionWithoutHds]: ErrorKind.Conflict,
};

/** Tenants, invitations and memberships. */
export class OnboardingError extends AppError {
  constructor(code: OnboardingErrorCode, message: string) {
    super(code, KIND[code], message);
  }
}
