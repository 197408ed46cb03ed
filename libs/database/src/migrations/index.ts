import type { MigrationInterface } from 'typeorm';
import { Init1795426734569 } from './1795426734569-init.js';
import { Rosters1795427271938 } from './1795427271938-rosters.js';
import { ShiftMinutes1795427943802 } from './1795427943802-shift-minutes.js';
import { Distribution1795428219514 } from './1795428219514-distribution.js';
import { Notifications1795429024554 } from './1795429024554-notifications.js';
import { Tariffs1795429111778 } from './1795429111778-tariffs.js';
import { Calendars1795429674615 } from './1795429674615-calendars.js';
import { Marketplace1795429895702 } from './1795429895702-marketplace.js';
import { AuditReportIndexes1795431239785 } from './1795431239785-audit-report-indexes.js';
import { UserOperator1795437039504 } from './1795437039504-user-operator.js';
import { AuditAppend1795440000000 } from './1795440000000-audit-append.js';
import { MarketCalendarTriggers1795441000000 } from './1795441000000-market-calendar-triggers.js';
import { LeanStatistics1795442000000 } from './1795442000000-lean-statistics.js';
import { StaticCalendarNotify1795443000000 } from './1795443000000-static-calendar-notify.js';
import { Invitations1795444000000 } from './1795444000000-invitations.js';
import { PasswordsSessions1795445000000 } from './1795445000000-passwords-sessions.js';
import { HdsSettingsVersions1795446000000 } from './1795446000000-hds-settings-versions.js';
import { GpLimits1795447000000 } from './1795447000000-gp-limits.js';
import { RecurringWishes1795448000000 } from './1795448000000-recurring-wishes.js';
import { AvailabilityWeight1795449000000 } from './1795449000000-availability-weight.js';

/** In order; the runner applies those not yet in the migrations table. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  Init1795426734569,
  Rosters1795427271938,
  ShiftMinutes1795427943802,
  Distribution1795428219514,
  Notifications1795429024554,
  Tariffs1795429111778,
  Calendars1795429674615,
  Marketplace1795429895702,
  AuditReportIndexes1795431239785,
  UserOperator1795437039504,
  AuditAppend1795440000000,
  MarketCalendarTriggers1795441000000,
  LeanStatistics1795442000000,
  StaticCalendarNotify1795443000000,
  Invitations1795444000000,
  PasswordsSessions1795445000000,
  HdsSettingsVersions1795446000000,
  GpLimits1795447000000,
  RecurringWishes1795448000000,
  AvailabilityWeight1795449000000,
];
