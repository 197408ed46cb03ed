import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '@anw/platform';
import { ApiModule } from './api.module.js';
import { configureApi } from './bootstrap.js';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(ApiModule, { bufferLogs: true });
  configureApi(app);
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.http.apiPort, '0.0.0.0');
}

void bootstrap();
