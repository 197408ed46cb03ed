import { Module } from '@nestjs/common';
import { AuditTrail } from '@anw/audit';
import { PeriodsService } from './periods/periods.service.js';
import { RuleCheckService } from './periods/rule-check.service.js';
import { RosterWrites } from './assignments/roster-writes.js';
import { PostsService } from './posts/posts.service.js';
import { GpsService } from './gps/gps.service.js';
import { AvailabilityService } from './gps/availability.service.js';

const SERVICES = [PostsService, PeriodsService, RuleCheckService, RosterWrites, GpsService, AvailabilityService];

@Module({
  providers: [AuditTrail, ...SERVICES],
  exports: SERVICES,
})
export class RostersModule {}
