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

export { until } from './until.js';

export interface SeededRoster {
  hdsId: string;
  periodId: string;
  gpIds: string[];
  emails: Map<string, string>;
  assignments: { shiftId: string; gpId: string }[];
}

/**
 * A published roster written straight into the database (no HTTP, no rule checks): an HDS, a post,
 * `gps` GPs and `shifts` evening diensten starting `daysAhead` days from now, each with `perShift`
 * GPs taken round-robin. For pipeline tests and the benchmark, where only the volume matters.
 */
export async function seedRoster(db: pg.Client, opts: { gps: number; shifts: number; perShift: number; daysAhead: number }): Promise<SeededRoster> {
  const tag = randomUUID().slice(0, 8);
  const [{ id: regionId }] = (await db.query('INSERT INTO regions (name) VALUES ($1) RETURNING id', [`Regio ${tag}`])).rows;
  const [{ id: hdsId }] = (await db.query('INSERT INTO hds (region_id, code, name) VALUES ($1, $2, $3) RETURNING id', [regionId, `HDS-${tag}`, `HDS ${tag}`])).rows;
  const [{ id: postId }] = (await db.query('INSERT INTO posts (hds_id, code, name) VALUES ($1, $2, $3) RETURNING id', [hdsId, 'HAP', 'HAP Centrum'])).rows;
  const names = Array.from({ length: opts.gps }, (_, i) => `Huisarts ${i + 1}`);
  const emails = names.map((_, i) => `gp${i + 1}-${tag}@huisarts.test`);
  const gpRows = (
    await db.query(
      `INSERT INTO gps (hds_id, kind, name, email, qualifications)
       SELECT $1, 'practiceHolder', n, e, '{consult}' FROM unnest($2::text[], $3::text[]) AS t(n, e) RETURNING id, email`,
      [hdsId, names, emails],
    )
  ).rows as { id: string; email: string }[];
  const start = new Date(Date.now() + opts.daysAhead * 86_400_000);
  const startDate = start.toISOString().slice(0, 10);
  const end = new Date(start.getTime() + (Math.ceil(opts.shifts / 4) + 2) * 86_400_000);
  const [{ id: periodId }] = (
    await db.query(
      `INSERT INTO roster_periods (hds_id, name, start_date, end_date, status, version, published_at) VALUES ($1, $2, $3, $4, 'published', 1, now() - interval '1 minute') RETURNING id`,
      [hdsId, `Periode ${tag}`, startDate, end.toISOString().slice(0, 10)],
    )
  ).rows;
  // Four diensten a day, 6 h each from 00:00 UTC on: enough to be distinct, the content hardly matters.
  const starts = Array.from({ length: opts.shifts }, (_, i) => new Date(Date.parse(`${startDate}T00:00:00Z`) + i * 6 * 3_600_000));
  const shiftRows = (
    await db.query(
      `INSERT INTO shifts (hds_id, period_id, post_id, code, role, local_date, start_at, end_at, required)
       SELECT $1, $2, $3, 'D' || i, 'consult', (s AT TIME ZONE 'Europe/Amsterdam')::date, s, s + interval '6 hours', $5
         FROM unnest($4::timestamptz[]) WITH ORDINALITY AS t(s, i) ORDER BY i RETURNING id`,
      [hdsId, periodId, postId, starts, opts.perShift],
    )
  ).rows as { id: string }[];
  const assignments: { shiftId: string; gpId: string }[] = [];
  let next = 0;
  for (const s of shiftRows) {
    for (let k = 0; k < opts.perShift; k++) assignments.push({ shiftId: s.id, gpId: gpRows[next++ % gpRows.length].id });
  }
  for (let i = 0; i < assignments.length; i += 5_000) {
    const chunk = assignments.slice(i, i + 5_000);
    await db.query(
      `INSERT INTO assignments (hds_id, shift_id, gp_id, source) SELECT $1, s, g, 'engine' FROM unnest($2::uuid[], $3::uuid[]) AS t(s, g)`,
      [hdsId, chunk.map((a) => a.shiftId), chunk.map((a) => a.gpId)],
    );
  }
  return { hdsId, periodId, gpIds: gpRows.map((g) => g.id), emails: new Map(gpRows.map((g) => [g.id, g.email])), assignments };
}

/** Writes outbox events as the roster service does (one row each); returns their ids in order. */
export async function insertEvents(db: pg.Client, hdsId: string, events: { type: string; payload: Record<string, unknown> }[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < events.length; i += 5_000) {
    const chunk = events.slice(i, i + 5_000);
    const rows = (
      await db.query(
        `INSERT INTO outbox_events (hds_id, type, payload) SELECT $1, t, p FROM unnest($2::text[], $3::jsonb[]) WITH ORDINALITY AS x(t, p, i) ORDER BY i RETURNING id`,
        [hdsId, chunk.map((e) => e.type), chunk.map((e) => JSON.stringify(e.payload))],
      )
    ).rows as { id: string }[];
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}
