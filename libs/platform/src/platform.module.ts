import { Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { APP_CONFIG, loadConfig, type AppConfig } from './config/config.js';
import { ProblemFilter } from './errors/problem.filter.js';
import { MetricsService } from './metrics/metrics.service.js';

/** Config, problem+json errors and metrics, for every app. */
@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: (): AppConfig => loadConfig() },
    { provide: APP_FILTER, useClass: ProblemFilter },
    MetricsService,
  ],
  exports: [APP_CONFIG, MetricsService],
})
export class PlatformModule {}
