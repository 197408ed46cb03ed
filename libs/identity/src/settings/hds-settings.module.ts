import { Module } from '@nestjs/common';
import { AuditTrail } from '@anw/audit';
import { OnboardingModule } from '../onboarding/onboarding.module.js';
import { HdsSettingsService } from './hds-settings.service.js';

/** An HDS's versioned settings; the distribution service reads effectiveSettings from here. */
@Module({
  imports: [OnboardingModule],
  providers: [AuditTrail, HdsSettingsService],
  exports: [HdsSettingsService],
})
export class HdsSettingsModule {}
