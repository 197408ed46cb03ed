import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { APP_CONFIG, createAppLogger, loadConfig, type AppConfig } from '@anw/platform';
import { WorkerModule } from './worker.module.js';

async function bootstrap(): Promise<void> {
  // An HTTP listener only for /health and /metrics; the work itself comes from the queues.
  const app = await NestFactory.create(WorkerModule, { logger: createAppLogger(loadConfig()) });
  app.enableShutdownHooks();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.http.workerPort, '0.0.0.0');
}

void bootstrap();
