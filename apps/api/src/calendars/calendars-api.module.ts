import { Module } from '@nestjs/common';
import { CalendarsModule } from '@anw/calendars';
import { MarketplaceFeedsModule } from '@anw/marketplace';
import { FeedFastPath } from './feed-fast-path.js';
import { FeedController } from './feed.controller.js';
import { FeedsController } from './feeds.controller.js';

/**
 * iCal feeds: managing the secret links under /hds/:hdsId/feeds and serving them at /feeds/:token.ics,
 * with the marketplace's pending trades as TENTATIVE diensten.
 */
@Module({
  imports: [CalendarsModule, MarketplaceFeedsModule],
  controllers: [FeedsController, FeedController],
  providers: [FeedFastPath],
})
export class CalendarsApiModule {}
