import { Module } from '@nestjs/common';
import { AuditTrail } from '@anw/audit';
import { PeriodsService } from './periods/periods.service.js';
import { AssignmentsService } from './periods/assignments.service.js';
import { PeriodExportService } from './periods/period-export.service.js';
import { PeriodVersionsService } from './periods/period-versions.service.js';
import { ShiftsService } from './periods/shifts.service.js';
import { RuleCheckService } from './periods/rule-check.service.js';
import { RosterWrites } from './assignments/roster-writes.js';
import { PostsService } from './posts/posts.service.js';
import { GpsService } from './gps/gps.service.js';
import { AvailabilityService } from './gps/availability.service.js';
import { GpLimitsService } from './gps/gp-limits.service.js';
import { RecurringWishesService } from './gps/recurring-wishes.service.js';

const SERVICES = [PostsService, PeriodsService, ShiftsService, AssignmentsService, PeriodVersionsService, PeriodExportService, RuleCheckService, RosterWrites, GpsService, AvailabilityService, GpLimitsService, RecurringWishesService];

@Module({
  providers: [AuditTrail, ...SERVICES],
  exports: SERVICES,
})
export class RostersModule {}
