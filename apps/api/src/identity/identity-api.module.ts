import { Module } from '@nestjs/common';
import { IdentityModule, OnboardingModule } from '@anw/identity';
import { AcceptInvitationController } from './accept-invitation.controller.js';
import { InvitationsController } from './invitations.controller.js';
import { MembershipsController } from './memberships.controller.js';
import { PlatformController } from './platform.controller.js';

/** Onboarding without SQL: tenants (operators), invitations and memberships. */
@Module({
  imports: [IdentityModule, OnboardingModule],
  controllers: [PlatformController, InvitationsController, AcceptInvitationController, MembershipsController],
})
export class IdentityApiModule {}
