import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '@anw/platform';
import { ApiModule } from './api.module.js';
import { configureApi } from './bootstrap.js';
import { missingNodeFlags } from './node-flags.js';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, { bufferLogs: true });
  configureApi(app);
  const config = app.get<AppConfig>(APP_CONFIG);
  const missing = missingNodeFlags();
  if (missing.length > 0) {
    new Logger('Api').warn(`API gestart zonder ${missing.join(' ')}: reken op pauzes van 60–100 ms als het verkeer afneemt (zie apps/api/src/node-flags.ts)`);
  }
  await app.listen(config.http.apiPort, '0.0.0.0');
}

void bootstrap();
