import { AuditRecordEntity, OutboxEventEntity } from '@anw/audit';
import { CarryOverBalanceEntity, DistributionRunEntity } from '@anw/distribution-service';
import {
  AssignmentEntity,
  AvailabilityEntity,
  AvailabilityResponseEntity,
  GpEntity,
  GpExemptionEntity,
  PostEntity,
  RosterPeriodEntity,
  RosterVersionEntity,
  ShiftEntity,
  ShiftTemplateEntity,
} from '@anw/rosters';
import { HdsEntity, IdempotencyKeyEntity, InvitationEntity, MembershipEntity, RegionEntity, UserEntity } from '@anw/identity';
import { ACCOUNT_ENTITIES } from '@anw/identity';
import { HdsSettingsVersionEntity } from '@anw/identity';
import { TARIFFS_ENTITIES } from '@anw/tariffs-service';
import { NOTIFICATION_ENTITIES } from '@anw/notifications';
import { MARKETPLACE_ENTITIES } from '@anw/marketplace';
import { CalendarFeedEntity } from '@anw/calendars';
import { GpLimitEntity, RecurringWishEntity } from '@anw/rosters';

/** Every table of the one data source. */
export const ENTITIES = [
  RegionEntity,
  HdsEntity,
  UserEntity,
  MembershipEntity,
  IdempotencyKeyEntity,
  InvitationEntity,
  ...ACCOUNT_ENTITIES,
  HdsSettingsVersionEntity,
  AuditRecordEntity,
  OutboxEventEntity,
  PostEntity,
  GpEntity,
  GpExemptionEntity,
  ShiftTemplateEntity,
  RosterPeriodEntity,
  ShiftEntity,
  AssignmentEntity,
  RosterVersionEntity,
  AvailabilityEntity,
  AvailabilityResponseEntity,
  DistributionRunEntity,
  CarryOverBalanceEntity,
  ...TARIFFS_ENTITIES,
  ...NOTIFICATION_ENTITIES,
  ...MARKETPLACE_ENTITIES,
  CalendarFeedEntity,
  GpLimitEntity,
  RecurringWishEntity,
];
