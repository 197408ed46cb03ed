import { Module } from '@nestjs/common';
import { AuditTrail } from '@anw/audit';
import { CalendarChanges } from './cache/calendar-changes.js';
import { FeedServer } from './feeds/feed-server.js';
import { FeedSource } from './feeds/feed-source.js';
import { FeedsService } from './feeds/feeds.service.js';

/**
 * iCal feeds: issuing and revoking secret links (FeedsService) and serving them from an
 * in-process cache kept current by PostgreSQL notifications (FeedServer). A marketplace may
 * provide TENTATIVE_SHIFT_SOURCE (globally) for pending swaps.
 */
@Module({
  providers: [AuditTrail, CalendarChanges, FeedSource, FeedServer, FeedsService],
  exports: [FeedsService, FeedServer, CalendarChanges],
})
export class CalendarsModule {}
