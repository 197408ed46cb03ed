import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import pg from 'pg';
import { createDataSource, DatabaseModule } from '@anw/database';
import { NotificationsWorkerModule, type NotificationOptions } from '@anw/notifications';
import { PlatformModule } from '@anw/platform';
import { ensureTestEnv } from './env.js';

/** Test support for the notification pipeline: its own database, its own Redis, a worker in or out of process. */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface IsolatedDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database on the test server, so this file's relay sees only its own outbox
 * (other test files write events into the shared database all the time).
 */
export async function createIsolatedDatabase(): Promise<IsolatedDatabase> {
  ensureTestEnv();
  const base = new URL(process.env.DATABASE_URL as string);
  const name = `anw_t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const adminClient = new pg.Client({ connectionString: admin.toString() });
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE ${name}`);
  await adminClient.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const ds = createDataSource({ database: { url: url.toString(), readUrl: undefined, poolSize: 2 } });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestRedis {
  port: number;
  url: string;
  /** Stops the server (SIGKILL: like a crash, and with no persistence every key is gone). */
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
}

/** A redis-server of this test alone, on a free port, without persistence. */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'anw-redis-'));
  let proc: ChildProcess | undefined;
  const ping = (): Promise<boolean> =>
    new Promise((resolve) => {
      const c = new Socket();
      c.once('error', () => resolve(false));
      c.connect(port, '127.0.0.1', () => {
        c.write('PING\r\n');
        c.once('data', (d: Buffer) => {
          c.destroy();
          resolve(d.toString().startsWith('+PONG'));
        });
      });
    });
  const redis: TestRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
      for (let i = 0; i < 100 && !(await ping()); i++) await new Promise((r) => setTimeout(r, 20));
    },
    async stop() {
      if (!proc) return;
      const p = proc;
      proc = undefined;
      await new Promise<void>((resolve) => {
        p.once('exit', () => resolve());
        p.kill('SIGKILL');
      });
    },
    async restart() {
      await redis.stop();
      await redis.start();
    },
  };
  await redis.start();
  process.once('exit', () => {
    proc?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return redis;
}

/** Options that make the pipeline quick to observe in tests. */
export const FAST_OPTIONS: Partial<NotificationOptions> = {
  relayPollMs: 50,
  deliveryAttempts: 2,
  deliveryBackoffMs: 100,
  redisCheckMs: 200,
};

/** The notification worker in this process (its relay, processors and recovery start on init). */
export async function startNotificationWorker(options: Partial<NotificationOptions> = FAST_OPTIONS): Promise<TestingModule> {
  ensureTestEnv();
  const moduleRef = await Test.createTestingModule({ imports: [PlatformModule, DatabaseModule, NotificationsWorkerModule.forRoot(options)] }).compile();
  moduleRef.useLogger(['error']);
  await moduleRef.init();
  return moduleRef;
}

export const WORKER_MAIN = join(process.cwd(), 'dist/apps/worker/src/main.js');

/** The compiled worker app as its own process (so it can be killed like a real one). */
export function spawnWorkerProcess(env: Record<string, string>): ChildProcess {
  if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} ontbreekt: draai eerst npm run build (npm test doet dat zelf)`);
  const child = spawn(process.execPath, [WORKER_MAIN], {
    env: { ...process.env, WORKER_PORT: '0', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', () => undefined);
  return child;
}

export async function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

export async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean, ms = 20_000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms (last: ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
