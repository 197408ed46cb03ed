import { Module } from '@nestjs/common';
import { MarketplaceModule } from '@anw/marketplace';
import { MarketplaceController } from './marketplace.controller.js';

/** The marketplace routes: policy, open diensten, offers, claims, swaps, undo, escalations. */
@Module({
  imports: [MarketplaceModule],
  controllers: [MarketplaceController],
})
export class MarketplaceApiModule {}
