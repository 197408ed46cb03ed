// `npm run bench:feeds`: requests per second and p99 latency of a year-long personal iCal feed
// served by the real API (built, imported from dist/, booted in this process on loopback), full
// 200 responses and 304s to If-None-Match, beside a bare node:http server serving the same bytes
// with the same headers in the same run. The load comes from autocannon in a child process.
// Uses DATABASE_URL/REDIS_URL when both are set, else a throwaway PostgreSQL and Redis on free
// ports (bench/support/servers.ts), migrated either way. Prints a table, then ONE line of JSON.
import 'reflect-metadata';
import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { BENCH_JWT_SECRET, benchServers, ROOT } from './support/servers.js';

const SECONDS = 5;
const WARMUP_SECONDS = 1;
const CONNECTIONS = 32;
const GOAL = 0.3;
const ZONE = 'Europe/Amsterdam';

interface FeedServerLike {
  stats(): { renders: number; tokenLookups: number };
}
interface FeedsServiceLike {
  create(ctx: { hdsId: string; actorUserId: string | null }, actor: { gpId: string | null; planner: boolean }, input: { kind: string }): Promise<{ url: string }>;
}

interface Run {
  rps: number;
  p99Ms: number;
  p50Ms: number;
  requests: number;
  statuses: Record<string, number>;
  errors: number;
}

function dist<T>(path: string): Promise<T> {
  const file = join(ROOT, 'dist', path);
  if (!existsSync(file)) throw new Error(`${file} ontbreekt: draai eerst npm run build (npm run bench:feeds doet dat zelf).`);
  return import(pathToFileURL(file).href) as Promise<T>;
}

/** A year ahead of one GP's diensten (~190 h, the national average): nights, evenings, weekend days, across both DST changes. */
function yearOfDiensten(): { code: string; role: string; start: DateTime; end: DateTime }[] {
  const shapes = [
    { code: 'N', role: 'consult', from: 23, to: 8 },
    { code: 'AC', role: 'consult', from: 17, to: 23 },
    { code: 'DC', role: 'consult', from: 8, to: 17 },
    { code: 'AV', role: 'visite', from: 16, to: 24 },
    { code: 'RAA', role: 'regiearts', from: 17, to: 24 },
    { code: 'AW', role: 'achterwacht', from: 18, to: 8 },
  ];
  const first = DateTime.now().setZone(ZONE).startOf('day').plus({ days: 2 });
  return Array.from({ length: 24 }, (_, i) => {
    const shape = shapes[i % shapes.length];
    const day = first.plus({ days: i * 15 });
    const start = day.set({ hour: shape.from });
    const end = shape.to === 24 ? day.plus({ days: 1 }) : shape.to <= shape.from ? day.plus({ days: 1 }).set({ hour: shape.to }) : day.set({ hour: shape.to });
    return { code: shape.code, role: shape.role, start, end };
  });
}

async function seed(app: INestApplication, feeds: FeedsServiceLike): Promise<{ path: string; diensten: number }> {
  const ds = app.get(DataSource);
  const one = async (sql: string, params: unknown[]): Promise<string> => ((await ds.query(sql, params)) as { id: string }[])[0].id;
  const tag = randomUUID().slice(0, 8);
  const regionId = await one('INSERT INTO regions (name) VALUES ($1) RETURNING id', [`Bench ${tag}`]);
  const hdsId = await one('INSERT INTO hds (region_id, code, name) VALUES ($1, $2, $3) RETURNING id', [regionId, `BENCH-${tag}`, 'HDS Zaanstreek-Waterland']);
  const postId = await one('INSERT INTO posts (hds_id, code, name, address) VALUES ($1, $2, $3, $4) RETURNING id', [hdsId, 'HAP-Z', 'HAP Zaandam', 'Koningin Julianaplein 58, 1502 DV Zaandam']);
  const gpId = await one(`INSERT INTO gps (hds_id, kind, name, email, qualifications) VALUES ($1, 'locum', 'Dr. Bench', $2, '{consult,visite,regiearts,achterwacht}') RETURNING id`, [hdsId, `bench-${tag}@test.anw`]);
  const diensten = yearOfDiensten();
  const today = DateTime.now().setZone(ZONE);
  const periodId = await one(
    `INSERT INTO roster_periods (hds_id, name, start_date, end_date, status, version, published_at) VALUES ($1, 'Bench-jaar', $2, $3, 'published', 1, now()) RETURNING id`,
    [hdsId, today.toISODate(), today.plus({ days: 365 }).toISODate()],
  );
  for (const d of diensten) {
    const shiftId = await one(
      `INSERT INTO shifts (hds_id, period_id, post_id, code, role, local_date, start_at, end_at, required, revision) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, 1) RETURNING id`,
      [hdsId, periodId, postId, d.code, d.role, d.start.toISODate(), d.start.toJSDate(), d.end.toJSDate()],
    );
    await ds.query(`INSERT INTO assignments (hds_id, shift_id, gp_id, source) VALUES ($1, $2, $3, 'planner')`, [hdsId, shiftId, gpId]);
  }
  const feed = await feeds.create({ hdsId, actorUserId: null }, { gpId, planner: false }, { kind: 'gp' });
  return { path: new URL(feed.url).pathname, diensten: diensten.length };
}

function autocannon(url: string, seconds: number, headers: Record<string, string> = {}): Promise<Run> {
  const args = [join(ROOT, 'node_modules/autocannon/autocannon.js'), '-j', '-n', '-c', String(CONNECTIONS), '-d', String(seconds)];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon stopte met ${code}`));
      const r = JSON.parse(out) as { requests: { average: number; total: number }; latency: { p99: number; p50: number }; errors: number; timeouts: number } & Record<string, unknown>;
      const statuses: Record<string, number> = {};
      for (const k of ['1xx', '2xx', '3xx', '4xx', '5xx']) if (typeof r[k] === 'number' && (r[k] as number) > 0) statuses[k] = r[k] as number;
      resolve({ rps: r.requests.average, p99Ms: r.latency.p99, p50Ms: r.latency.p50, requests: r.requests.total, statuses, errors: r.errors + r.timeouts });
    });
  });
}

/** The baseline: the same bytes and headers, straight from node:http, with the same 304 rule. */
function bareServer(body: Buffer, headers: Record<string, string>): Promise<Server> {
  const etag = headers['etag'];
  const server = createServer((req, res) => {
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', headers['last-modified']);
    res.setHeader('Cache-Control', headers['cache-control']);
    if (req.headers['if-none-match'] === etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader('Content-Type', headers['content-type']);
    res.setHeader('Content-Length', body.length);
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main(): Promise<void> {
  const servers = benchServers('feeds');
  const env = { ...process.env, DATABASE_URL: servers.databaseUrl, REDIS_URL: servers.redisUrl, JWT_SECRET: process.env.JWT_SECRET ?? BENCH_JWT_SECRET, LOG_LEVEL: 'warn', NODE_ENV: 'production', SWAGGER_ENABLED: 'false' };
  Object.assign(process.env, env);
  let app: INestApplication | undefined;
  let bare: Server | undefined;
  try {
    const { ApiModule } = await dist<{ ApiModule: Type<unknown> }>('apps/api/src/api.module.js');
    const { configureApi } = await dist<{ configureApi: (app: INestApplication) => void }>('apps/api/src/bootstrap.js');
    const calendars = await dist<{ FeedServer: Type<FeedServerLike>; FeedsService: Type<FeedsServiceLike> }>('libs/calendars/src/index.js');
    app = await NestFactory.create(ApiModule, { logger: ['error', 'warn'] });
    configureApi(app);
    await app.listen(0, '127.0.0.1');
    const apiUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const { path, diensten } = await seed(app, app.get(calendars.FeedsService));

    const first = await fetch(`${apiUrl}${path}`);
    if (first.status !== 200) throw new Error(`feed antwoordt ${first.status}`);
    const body = Buffer.from(await first.arrayBuffer());
    const headers = Object.fromEntries(['etag', 'last-modified', 'cache-control', 'content-type'].map((h) => [h, first.headers.get(h) ?? '']));
    bare = await bareServer(body, headers);
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}${path}`;
    const conditional = { 'if-none-match': headers['etag'] };

    const server = app.get(calendars.FeedServer);
    for (const url of [bareUrl, `${apiUrl}${path}`]) await autocannon(url, WARMUP_SECONDS);
    const before = server.stats();
    const full = { bare: await autocannon(bareUrl, SECONDS), api: await autocannon(`${apiUrl}${path}`, SECONDS) };
    const notModified = { bare: await autocannon(bareUrl, SECONDS, conditional), api: await autocannon(`${apiUrl}${path}`, SECONDS, conditional) };
    const after = server.stats();

    const expect = (run: Run, status: string): void => {
      if (run.errors > 0 || Object.keys(run.statuses).join() !== status) throw new Error(`onverwachte antwoorden: ${JSON.stringify(run.statuses)}, ${run.errors} fouten`);
    };
    expect(full.bare, '2xx');
    expect(full.api, '2xx');
    expect(notModified.bare, '3xx');
    expect(notModified.api, '3xx');

    const ratio = (api: Run, base: Run): number => Math.round((api.rps / base.rps) * 100) / 100;
    const fullRatio = ratio(full.api, full.bare);
    const nmRatio = ratio(notModified.api, notModified.bare);
    const num = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(9);
    const row = (label: string, r: Run, rat?: number): string => `${label.padEnd(26)}${num(r.rps)}${String(r.p50Ms).padStart(9)}${String(r.p99Ms).padStart(9)}${(rat === undefined ? '' : rat.toFixed(2) + '×').padStart(9)}`;
    console.log(`Personal feed: ${diensten} diensten over a year, ${(body.length / 1024).toFixed(1)} KB, ETag ${headers['etag']}`);
    console.log(`autocannon: ${CONNECTIONS} connections, ${SECONDS} s per run, loopback; API with LOG_LEVEL=warn`);
    console.log('');
    console.log(`${''.padEnd(26)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'vs bare'.padStart(9)}`);
    console.log(row('200 full, bare node:http', full.bare));
    console.log(row('200 full, API', full.api, fullRatio));
    console.log(row('304, bare node:http', notModified.bare));
    console.log(row('304, API', notModified.api, nmRatio));
    console.log('');
    console.log(`renders during the runs: ${after.renders - before.renders}, token lookups in PostgreSQL: ${after.tokenLookups - before.tokenLookups} (goal ≥ ${GOAL}× bare: ${fullRatio >= GOAL && nmRatio >= GOAL ? 'met' : 'NOT met'})`);
    console.log(
      JSON.stringify({
        bench: 'feeds',
        feedBytes: body.length,
        diensten,
        connections: CONNECTIONS,
        seconds: SECONDS,
        full: { api: { rps: Math.round(full.api.rps), p99Ms: full.api.p99Ms }, bare: { rps: Math.round(full.bare.rps), p99Ms: full.bare.p99Ms }, ratio: fullRatio },
        notModified: { api: { rps: Math.round(notModified.api.rps), p99Ms: notModified.api.p99Ms }, bare: { rps: Math.round(notModified.bare.rps), p99Ms: notModified.bare.p99Ms }, ratio: nmRatio },
        rendersDuringRuns: after.renders - before.renders,
        goal: GOAL,
        goalMet: fullRatio >= GOAL && nmRatio >= GOAL,
      }),
    );
  } finally {
    bare?.close();
    await app?.close();
    servers.stop();
  }
}

await main();
