import { Module } from '@nestjs/common';
import { CalendarsModule } from '@anw/calendars';
import { FeedFastPath } from './feed-fast-path.js';
import { FeedController } from './feed.controller.js';
import { FeedsController } from './feeds.controller.js';

/** iCal feeds: managing the secret links under /hds/:hdsId/feeds and serving them at /feeds/:token.ics. */
@Module({
  imports: [CalendarsModule],
  controllers: [FeedsController, FeedController],
  providers: [FeedFastPath],
})
export class CalendarsApiModule {}
