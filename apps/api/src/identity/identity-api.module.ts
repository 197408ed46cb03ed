import { Module } from '@nestjs/common';
import { OnboardingModule } from '@anw/identity';
import { PlatformController } from './platform.controller.js';

/** Onboarding without SQL: tenants (operators), invitations and memberships. */
@Module({
  imports: [OnboardingModule],
  controllers: [PlatformController],
})
export class IdentityApiModule {}
