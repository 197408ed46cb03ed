import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DatabaseModule } from '@anw/database';
import { IdempotencyInterceptor, IdentityModule } from '@anw/identity';
import { HealthController, HttpMetricsMiddleware, PlatformModule, QueueRootModule, RedisModule } from '@anw/platform';
import { AuthController } from './auth/auth.controller.js';
import { DistributionController } from './distribution/distribution.controller.js';
import { PeriodsController } from './rosters/periods.controller.js';
import { DistributionServiceModule } from '@anw/distribution-service';
import { PostsController } from './rosters/posts.controller.js';
import { GpsController } from './rosters/gps.controller.js';
import { csvBodyParser } from './rosters/csv-import.js';
import { AvailabilityController } from './rosters/availability.controller.js';
import { GpLimitsController } from './rosters/gp-limits.controller.js';
import { RecurringWishesController } from './rosters/recurring-wishes.controller.js';
import { RostersModule } from '@anw/rosters';
import { NotificationsApiModule } from './notifications/notifications-api.module.js';
import { TariffsApiModule } from './tariffs/tariffs-api.module.js';
import { AuditApiModule } from './audit/audit-api.module.js';
import { MarketplaceApiModule } from './marketplace/marketplace-api.module.js';
import { CalendarsApiModule } from './calendars/calendars-api.module.js';
import { OpsModule } from './ops/ops.module.js';
import { IdentityApiModule } from './identity/identity-api.module.js';

@Module({
  imports: [
    PlatformModule,
    RedisModule,
    DatabaseModule,
    IdentityModule,
    RostersModule,
    QueueRootModule,
    DistributionServiceModule,
    NotificationsApiModule,
    TariffsApiModule,
    AuditApiModule,
    MarketplaceApiModule,
    CalendarsApiModule,
    OpsModule,
    IdentityApiModule,
  ],
  controllers: [AuthController, HealthController, PostsController, PeriodsController, DistributionController, GpsController, AvailabilityController, GpLimitsController, RecurringWishesController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
})
export class ApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
    consumer
      .apply(csvBodyParser)
      .forRoutes({ path: 'hds/:hdsId/gps/import', method: RequestMethod.POST }, { path: 'hds/:hdsId/availability/import', method: RequestMethod.POST });
  }
}
