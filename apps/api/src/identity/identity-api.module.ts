import { Module } from '@nestjs/common';
import { HdsSettingsModule, IdentityModule, OnboardingModule } from '@anw/identity';
import { AcceptInvitationController } from './accept-invitation.controller.js';
import { HdsSettingsController } from './hds-settings.controller.js';
import { InvitationsController } from './invitations.controller.js';
import { MembershipsController } from './memberships.controller.js';
import { MyLocaleController } from './my-locale.controller.js';
import { PlatformController } from './platform.controller.js';

/** Onboarding without SQL: tenants (operators), invitations, memberships and HDS settings. */
@Module({
  imports: [IdentityModule, OnboardingModule, HdsSettingsModule],
  controllers: [PlatformController, InvitationsController, AcceptInvitationController, MembershipsController, HdsSettingsController, MyLocaleController],
})
export class IdentityApiModule {}
