import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { DatabaseModule } from '@anw/database';
import { IdempotencyInterceptor, IdentityModule } from '@anw/identity';
import { APP_CONFIG, HttpMetricsMiddleware, PlatformModule, RedisModule, type AppConfig } from '@anw/platform';
import { AuthController } from './auth/auth.controller.js';
import { HealthController } from './health/health.controller.js';

@Module({
  imports: [
    PlatformModule,
    RedisModule,
    DatabaseModule,
    IdentityModule,
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => [{ name: 'login', ttl: 60_000, limit: config.auth.loginRateLimitPerMinute }],
    }),
  ],
  controllers: [AuthController, HealthController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
})
export class ApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
