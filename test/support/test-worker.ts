import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { ensureTestEnv } from './env.js';

/** Boots the real worker module (its queue processors start consuming). */
export async function startWorker(): Promise<INestApplication> {
  ensureTestEnv();
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  await app.init();
  return app;
}
