import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ApiModule } from '../../apps/api/src/api.module.js';
import { configureApi } from '../../apps/api/src/bootstrap.js';
import { ensureTestEnv } from './env.js';

export interface TestApp {
  app: NestExpressApplication;
  url: string;
  dataSource: DataSource;
  close(): Promise<void>;
}

export interface StartApiOptions {
  /** Variables for this app instance only (undefined: unset); process.env is restored after boot. */
  env?: Record<string, string | undefined>;
}

/** Boots the real API module on a free loopback port, as main.ts does. */
export async function startApi(options: StartApiOptions = {}): Promise<TestApp> {
  ensureTestEnv();
  const saved = Object.fromEntries(Object.keys(options.env ?? {}).map((name) => [name, process.env[name]]));
  setEnv(options.env ?? {});
  let app: NestExpressApplication;
  try {
    // The config is read once, when the module compiles: the overrides are needed only until then.
    const moduleRef = await Test.createTestingModule({ imports: [ApiModule] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  } finally {
    setEnv(saved);
  }
  configureApi(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    close: () => app.close(),
  };
}

function setEnv(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}
