import { Module } from '@nestjs/common';
import { AuditTrail } from '@anw/audit';
import { OperatorGuard } from '../auth/operator.guard.js';
import { SessionsService } from '../auth/sessions.service.js';
import { AccountsService } from './accounts.service.js';
import { InvitationsService } from './invitations.service.js';
import { MembershipsService } from './memberships.service.js';
import { OperatorInvitationsService } from './operator-invitations.service.js';
import { TenantsService } from './tenants.service.js';

const SERVICES = [TenantsService, AccountsService, InvitationsService, OperatorInvitationsService, MembershipsService, OperatorGuard];

/** Tenants, invitations and memberships: onboarding without SQL. */
@Module({
  // SessionsService: deactivating a login ends its sessions.
  providers: [AuditTrail, SessionsService, ...SERVICES],
  exports: SERVICES,
})
export class OnboardingModule {}
