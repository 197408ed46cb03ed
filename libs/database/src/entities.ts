import { AuditRecordEntity, OutboxEventEntity } from '@anw/audit';
import { HdsEntity, IdempotencyKeyEntity, MembershipEntity, RegionEntity, UserEntity } from '@anw/identity';

/** Every table of the one data source. */
export const ENTITIES = [
  RegionEntity,
  HdsEntity,
  UserEntity,
  MembershipEntity,
  IdempotencyKeyEntity,
  AuditRecordEntity,
  OutboxEventEntity,
];
