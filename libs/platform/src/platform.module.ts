import { Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, loadConfig, type AppConfig } from './config/config.js';
import { ProblemFilter } from './errors/problem.filter.js';
import { MetricsService } from './metrics/metrics.service.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Config, structured logging with request ids, problem+json errors and metrics, for every app. */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          genReqId: (req, res) => {
            const given = req.headers['x-request-id'];
            const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
            res.setHeader('x-request-id', id);
            return id;
          },
          customProps: (req) => ({ requestId: req.id }),
          autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
          redact: ['req.headers.authorization', 'req.headers.cookie'],
        },
      }),
    }),
  ],
  providers: [
    { provide: APP_CONFIG, useFactory: (): AppConfig => loadConfig() },
    { provide: APP_FILTER, useClass: ProblemFilter },
    MetricsService,
  ],
  exports: [APP_CONFIG, MetricsService],
})
export class PlatformModule {}
