// `npm run bench:marketplace`: 200 concurrent GPs claiming open diensten and accepting swaps over
// HTTP against the real API (dist/apps/api, started as its own processes on loopback: one replica
// per core as deployed (deploy/k8s: replicas of one CPU each), every client kept on one replica as a
// load balancer keeps a connection; and the paced trades once more on ONE process), beside a
// baseline through the same stack in the same run (GET /health; and an authenticated one-query
// read). Two load shapes: closed loop (every client fires its next request as soon as the last
// returns: the capacity, where latency is just clients ÷ throughput) and paced (every GP acts
// about once every few seconds: latency under a heavy but sustainable load). Afterwards the invariants are checked in SQL. Uses DATABASE_URL/REDIS_URL when both are set, else
// a throwaway PostgreSQL and Redis on free ports (bench/support/servers.ts), migrated either way. Prints a table (with the CPU the API processes and the whole PostgreSQL server spent per request), then ONE line of JSON.
// Options: --seconds N (per closed-loop run, default 8), --paced-seconds N (per paced trade run, default 60), --clients N (default 200), --pace-ms N (default 4000),
// --replicas N (API processes, default: one per core, at most 4), --api-url URL[,URL…] (APIs already running on the same database, instead of starting them),
// --only health,policy,trades,healthPaced,tradesPaced,tradesPacedOne (just these runs, e.g. to profile one; the goal is judged on a full run),
// --competing-load F (0–0.95: a process keeps that share of every core busy throughout, as a busier or slower host would: the goal's margin).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import pg from 'pg';
import { API_NODE_FLAGS } from '../apps/api/src/node-flags.js';
import { BENCH_JWT_SECRET, benchServers, freePort, onExit, ROOT } from './support/servers.js';

const ZONE = 'Europe/Amsterdam';
const option = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const CLIENTS = option('--clients', 200);
const SECONDS = option('--seconds', 8);
// The paced trade runs longer: their p99 is the figure judged. Its tail is set by rare events (a
// full collection of an API's heap comes every minute or two of trading; it slows the requests of a
// few hundred ms): in a 20 s window (~1,000 samples) one such event, or none, decides the p99, so
// its estimate swung from 25 to 75 ms between identical runs. 60 s (~3,000 samples) holds these
// events about as often as they come; the p99 of each 20 s third is printed beside it.
const PACED_SECONDS = option('--paced-seconds', 60);
// The paced /health baseline needs no such length.
const HEALTH_PACED_SECONDS = Math.min(20, PACED_SECONDS);
const WINDOW_SECONDS = 20;
// Paced: every GP acts about once per PACE_MS (uniformly 0.5–1.5×): 200 GPs every 4 s offer 50 actions/s.
const PACE_MS = option('--pace-ms', 4000);
// As deployed: one API process per core (deploy/k8s runs replicas of one CPU each).
const REPLICAS = Math.max(1, option('--replicas', Math.min(4, availableParallelism())));
const SWAP_SHARE = 0.25;
// Five swap proposals to accept per GP per trade run (a paced GP accepts ~4 in 60 s), each over two
// diensten of its own (one of each GP): 2 × 5 × 3 runs = thirty diensten held per GP.
const PROPOSALS_PER_RUN = 5;
const HELD_PER_GP = 2 * PROPOSALS_PER_RUN * 3; // × TRADE_RUNS
// Trade runs, each with its own open diensten and proposals: closed loop, paced, paced on one process.
const TRADE_RUNS = 3;
// Open diensten from day 3 to this day: eight a day, ~3,200 per trade run (a paced run of 60 s wins ~1,700).
const OPEN_DAYS = 1200;
const GOAL_P99_MS = 50;
const COMPETING_LOAD = Math.min(0.95, Math.max(0, option('--competing-load', 0)));

interface Sample {
  kind: string;
  status: number;
  code: string | null;
  ms: number;
  /** When it was sent (performance.now()). */
  at: number;
  /** Which API process served it (trades). */
  replica?: number;
}

interface RunStats {
  label: string;
  /** CPU the API process spent per request (Linux /proc), a figure the machine's other load does not inflate much. */
  apiCpuMs: number | null;
  /** CPU the whole PostgreSQL server spent per request (Linux /proc; when it runs on this machine). */
  pgCpuMs: number | null;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  conflict: number;
  unprocessable: number;
  other: number;
  serverErrors: number;
  codes: Record<string, number>;
}

// ---- servers and the API process -------------------------------------------------------------

async function startApi(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const main = join(ROOT, 'dist/apps/api/src/main.js');
  if (!existsSync(main)) throw new Error(`${main} ontbreekt: draai eerst npm run build.`);
  const port = await freePort();
  const child = spawn(process.execPath, [...API_NODE_FLAGS, main], { cwd: ROOT, env: { ...env, API_PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  // Not left running when the benchmark ends early (an error, Ctrl-C): it would hold the servers' ports.
  child.once('exit', onExit(() => child.kill('SIGTERM')));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`de API stopte bij het starten (${child.exitCode})`);
    try {
      if ((await fetch(`${url}/health`)).status === 200) return { url, child };
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error('de API kwam niet op binnen 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** An HS256 token as the API's login issues it. */
function token(sub: string, secret: string): string {
  const b64 = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, iat: now, exp: now + 3600 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

// ---- HTTP with keep-alive, latency per request -------------------------------------------------

const agent = new Agent({ keepAlive: true, maxSockets: 1024 });

function send(base: URL, kind: string, method: string, path: string, auth?: string, body?: unknown, retried = false): Promise<Sample> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const started = process.hrtime.bigint();
  const at = performance.now();
  return new Promise((resolve) => {
    const req = request(
      { host: base.hostname, port: base.port, method, path, agent, headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          const status = res.statusCode ?? 0;
          let code: string | null = null;
          if (status >= 400) {
            try {
              code = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code?: string }).code ?? null;
            } catch {
              code = 'unparsable';
            }
          }
          resolve({ kind, status, code, ms, at });
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the server had just closed: the request never reached it (Node's advice: retry once).
      if (req.reusedSocket && error.code === 'ECONNRESET' && !retried) return resolve(send(base, kind, method, path, auth, body, true));
      resolve({ kind, status: 0, code: error.message, ms: Number(process.hrtime.bigint() - started) / 1e6, at });
    });
    if (payload) req.write(payload);
    req.end();
  });
}

// ---- the data ----------------------------------------------------------------------------------

interface World {
  hdsId: string;
  plannerToken: string;
  gps: { id: string; token: string }[];
  /** Open diensten to claim: one pool per trade run (closed, paced, paced on one process), so no run is a mop-up of another. */
  pools: string[][];
  /** Per GP, the swap proposals they were asked to accept: one list per trade run. */
  proposals: string[][][];
  heldShiftIds: string[];
}

async function seed(db: pg.Pool, api: string, secret: string): Promise<World> {
  const one = async (sql: string, params: unknown[]): Promise<string> => ((await db.query(sql, params)).rows as { id: string }[])[0].id;
  const ids = async (sql: string, params: unknown[]): Promise<string[]> => ((await db.query(sql, params)).rows as { id: string }[]).map((r) => r.id);
  const tag = randomUUID().slice(0, 8);
  const regionId = await one('INSERT INTO regions (name) VALUES ($1) RETURNING id', [`Bench ${tag}`]);
  const hdsId = await one('INSERT INTO hds (region_id, code, name) VALUES ($1, $2, $3) RETURNING id', [regionId, `MARKET-${tag}`, `Bench-HDS ${tag}`]);
  const plannerId = await one("INSERT INTO users (email, display_name, password_hash) VALUES ($1, 'Planner', 'x') RETURNING id", [`planner-${tag}@bench.anw`]);
  await db.query("INSERT INTO memberships (user_id, role, hds_id) VALUES ($1, 'planner', $2)", [plannerId, hdsId]);
  const posts = await ids("INSERT INTO posts (hds_id, code, name) SELECT $1, 'P' || i, 'Post ' || i FROM generate_series(1, 4) i RETURNING id", [hdsId]);
  const gpIds = await ids("INSERT INTO gps (hds_id, kind, name, email, qualifications) SELECT $1, 'locum', 'Huisarts ' || i, 'gp' || i || '-' || $2 || '@bench.anw', '{consult}' FROM generate_series(1, $3) i RETURNING id", [hdsId, tag, CLIENTS]);
  const userIds = await ids("INSERT INTO users (email, display_name, password_hash) SELECT 'u' || i || '-' || $1 || '@bench.anw', 'GP', 'x' FROM generate_series(1, $2) i RETURNING id", [tag, CLIENTS]);
  await db.query("INSERT INTO memberships (user_id, role, hds_id, gp_id) SELECT u, 'gp', $1, g FROM unnest($2::uuid[], $3::uuid[]) AS t(u, g)", [hdsId, userIds, gpIds]);

  const today = DateTime.now().setZone(ZONE).startOf('day');
  const periodId = await one("INSERT INTO roster_periods (hds_id, name, start_date, end_date) VALUES ($1, 'Bench', $2, $3) RETURNING id", [hdsId, today.toISODate(), today.plus({ days: OPEN_DAYS + 10 }).toISODate()]);
  // Open diensten from day 3 on (past the 48-hour approval limit), eight a day over four shapes.
  const shapes = [
    { post: 0, from: 17, hours: 6 },
    { post: 1, from: 16, hours: 8 },
    { post: 2, from: 23, hours: 9 },
    { post: 1, from: 8, hours: 9 },
  ];
  const rows: unknown[][] = [];
  for (let d = 3; d < OPEN_DAYS; d++) {
    const date = today.plus({ days: d });
    for (const [k, shape] of [...shapes, ...shapes].entries()) {
      const start = date.set({ hour: shape.from });
      rows.push([posts[shape.post], date.toISODate(), start.toJSDate(), start.plus({ hours: shape.hours }).toJSDate(), k % 5 === 0 ? 2 : 1]);
    }
  }
  const insertShifts = async (list: unknown[][]): Promise<string[]> =>
    ids(
      `INSERT INTO shifts (hds_id, period_id, post_id, code, role, local_date, start_at, end_at, required)
       SELECT $1, $2, p, 'B', 'consult', d, s, e, r FROM unnest($3::uuid[], $4::date[], $5::timestamptz[], $6::timestamptz[], $7::int[]) AS t(p, d, s, e, r) RETURNING id`,
      [hdsId, periodId, ...[0, 1, 2, 3, 4].map((c) => list.map((row) => row[c]))],
    );
  const open = await insertShifts(rows);
  // Every GP holds HELD_PER_GP (30) evening diensten at post 4 on days of their own.
  const held: unknown[][] = [];
  for (let i = 0; i < CLIENTS; i++) {
    for (let j = 0; j < HELD_PER_GP; j++) {
      // Spread over 840 days: as rarely on a day the GP already works as nine over 280 were.
      const date = today.plus({ days: 3 + ((i * 7 + j * 47) % 840) });
      const start = date.set({ hour: 17 });
      held.push([posts[3], date.toISODate(), start.toJSDate(), start.plus({ hours: 6 }).toJSDate(), 1]);
    }
  }
  const heldIds = await insertShifts(held);
  const holderOf = (i: number, j: number): [string, string] => [gpIds[i], heldIds[i * HELD_PER_GP + j]];
  await db.query("INSERT INTO assignments (hds_id, shift_id, gp_id, source) SELECT $1, s, g, 'planner' FROM unnest($2::uuid[], $3::uuid[]) AS t(s, g)", [
    hdsId,
    heldIds,
    heldIds.map((_, n) => gpIds[Math.floor(n / HELD_PER_GP)]),
  ]);
  const plannerToken = token(plannerId, secret);
  const published = await fetch(`${api}/hds/${hdsId}/periods/${periodId}/publish`, { method: 'POST', headers: { authorization: `Bearer ${plannerToken}` } });
  if (published.status !== 200) throw new Error(`publiceren mislukte: ${published.status} ${await published.text()}`);
  // Each GP proposes PROPOSALS_PER_RUN swaps per trade run to colleagues, each of their dienst j
  // (even) for the colleague's dienst j + 1: every dienst is in exactly one proposal, so a completed
  // swap cancels no other (settle cancels the proposals that counted on the diensten it moved), and
  // the share of swaps that can complete stays the same however long a run lasts.
  const proposalRows: string[][] = [];
  const runOf: number[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    for (let r = 0; r < TRADE_RUNS; r++) {
      for (let m = 0; m < PROPOSALS_PER_RUN; m++) {
        const j = r * 2 * PROPOSALS_PER_RUN + 2 * m;
        const k = (i + 1 + m) % CLIENTS;
        const [fromGp, fromShift] = holderOf(i, j);
        const [toGp, toShift] = holderOf(k, j + 1);
        proposalRows.push([fromGp, fromShift, toGp, toShift]);
        runOf.push(r);
      }
    }
  }
  const proposalIds = await ids(
    `INSERT INTO market_swaps (hds_id, from_gp_id, from_shift_id, to_gp_id, to_shift_id, status)
     SELECT $1, fg, fs, tg, ts, 'proposed' FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[]) AS t(fg, fs, tg, ts) RETURNING id`,
    [hdsId, ...[0, 1, 2, 3].map((c) => proposalRows.map((r) => r[c]))],
  );
  const received: string[][][] = Array.from({ length: TRADE_RUNS }, () => gpIds.map(() => []));
  const gpIndex = new Map(gpIds.map((id, i) => [id, i]));
  proposalRows.forEach((r, n) => received[runOf[n]][gpIndex.get(r[2]) as number].push(proposalIds[n]));
  return {
    hdsId,
    plannerToken,
    gps: gpIds.map((id, i) => ({ id, token: token(userIds[i], secret) })),
    pools: Array.from({ length: TRADE_RUNS }, (_, k) => open.filter((_, n) => n % TRADE_RUNS === k)),
    proposals: received,
    heldShiftIds: heldIds,
  };
}

// ---- load ---------------------------------------------------------------------------------------

/** `clients` loops for `seconds`: closed (next request when the last returns) or paced (one per PACE_MS, jittered). */
async function load(clients: number, seconds: number, paced: boolean, next: (client: number) => Promise<Sample>): Promise<Sample[]> {
  const samples: Sample[] = [];
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      // Paced clients start spread over one interval, like people do.
      if (paced) await new Promise((r) => setTimeout(r, Math.random() * PACE_MS));
      while (Date.now() < until) {
        const started = Date.now();
        samples.push(await next(c));
        if (paced) await new Promise((r) => setTimeout(r, Math.max(0, PACE_MS * (0.5 + Math.random()) - (Date.now() - started))));
      }
    }),
  );
  return samples;
}

/** utime + stime of the API processes together in ms, from /proc (Linux); null elsewhere or for APIs not started here. */
function cpuMs(pids: readonly (number | undefined)[]): number | null {
  let total = 0;
  for (const pid of pids) {
    if (pid === undefined) return null;
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      return null;
    }
  }
  return pids.length === 0 ? null : total;
}

/**
 * CPU of the whole PostgreSQL server in ms (Linux /proc): the postmaster, its exited children
 * (cutime/cstime) and its live ones (backends, autovacuum, walwriter…); null when it is not local.
 */
function pgCpuMs(postmaster: number | null): number | null {
  if (postmaster === null) return null;
  const ticks = (pid: string | number): { ppid: number; own: number; children: number } | null => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
    } catch {
      return null;
    }
  };
  const main = ticks(postmaster);
  if (!main) return null;
  let total = main.own + main.children;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const t = ticks(entry);
    if (t && t.ppid === postmaster) total += t.own;
  }
  return (total * 1000) / 100;
}

/** The postmaster's pid, when PostgreSQL runs on this machine: the parent of this connection's backend. */
async function postmasterPid(db: pg.Pool): Promise<number | null> {
  const backend = Number(((await db.query('SELECT pg_backend_pid() AS pid')).rows as { pid: number }[])[0].pid);
  try {
    return Number(readFileSync(`/proc/${backend}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
  } catch {
    return null;
  }
}

let POSTMASTER: number | null = null;

async function measured(pids: readonly (number | undefined)[], run: () => Promise<Sample[]>): Promise<{ samples: Sample[]; cpu: number | null; pgCpu: number | null }> {
  const before = cpuMs(pids);
  const pgBefore = pgCpuMs(POSTMASTER);
  const samples = await run();
  const after = cpuMs(pids);
  const pgAfter = pgCpuMs(POSTMASTER);
  return { samples, cpu: before === null || after === null ? null : after - before, pgCpu: pgBefore === null || pgAfter === null ? null : pgAfter - pgBefore };
}

function stats(label: string, run: { samples: Sample[]; cpu: number | null; pgCpu?: number | null }, seconds: number): RunStats {
  const samples = run.samples;
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const at = (q: number): number => (ms.length === 0 ? 0 : Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] * 10) / 10);
  const codes: Record<string, number> = {};
  for (const s of samples) if (s.code) codes[`${s.status} ${s.code}`] = (codes[`${s.status} ${s.code}`] ?? 0) + 1;
  return {
    label,
    apiCpuMs: run.cpu === null || samples.length === 0 ? null : Math.round((run.cpu / samples.length) * 100) / 100,
    pgCpuMs: run.pgCpu === undefined || run.pgCpu === null || samples.length === 0 ? null : Math.round((run.pgCpu / samples.length) * 100) / 100,
    requests: samples.length,
    rps: Math.round(samples.length / seconds),
    p50: at(0.5),
    p99: at(0.99),
    ok: samples.filter((s) => s.status >= 200 && s.status < 300).length,
    conflict: samples.filter((s) => s.status === 409).length,
    unprocessable: samples.filter((s) => s.status === 422).length,
    other: samples.filter((s) => s.status !== 409 && s.status !== 422 && (s.status < 200 || s.status >= 300)).length,
    serverErrors: samples.filter((s) => s.status >= 500 || s.status === 0).length,
    codes,
  };
}

/** Client c's API: every client keeps to one replica, as a load balancer keeps a connection. */
const replicaOf = (bases: readonly URL[], c: number): URL => bases[c % bases.length];

function trades(bases: readonly URL[], world: World, run: number): (c: number) => Promise<Sample> {
  const pool = world.pools[run];
  const queues = world.proposals[run].map((list) => [...list]);
  return (c) => {
    const gp = world.gps[c];
    const base = replicaOf(bases, c);
    const replica = c % bases.length;
    const swapId = Math.random() < SWAP_SHARE ? queues[c].shift() : undefined;
    const sent = swapId
      ? send(base, 'swap', 'POST', `/hds/${world.hdsId}/marketplace/swaps/${swapId}/accept`, gp.token, {})
      : send(base, 'claim', 'POST', `/hds/${world.hdsId}/marketplace/claims`, gp.token, { shiftId: pool[Math.floor(Math.random() * pool.length)] });
    return sent.then((s) => ({ ...s, replica }));
  };
}

/**
 * VACUUM ANALYZE of the tables the trades write, before the paced runs: the closed-loop run leaves
 * thousands of changed rows, and autovacuum's pass over them (~150 ms of a core, plus re-planning)
 * would otherwise land inside the paced window one run in three, measuring that maintenance debt
 * rather than the steady state a server whose autovacuum keeps up is in. Nothing else is tuned:
 * autovacuum still runs during the paced run for what that run itself changes.
 */
async function settle(db: pg.Pool): Promise<void> {
  await db.query('VACUUM (ANALYZE) shifts, assignments, gps, audit_records, outbox_events, market_claims, market_swaps, market_offers');
}

/** What one API process reported about itself over a run (its /metrics, read before and after). */
interface ProcessReport {
  /** Longest and 99th-percentile event-loop delay (prom-client samples it every 10 ms; reset by each read). */
  loopMaxMs: number;
  loopP99Ms: number;
  /** Garbage collections during the run: how many, their time together, and how many paused 10 ms or more. */
  gcCount: number;
  gcMs: number;
  gcOver10Ms: number;
  /** The same by kind (minor = scavenge, major = mark-compact, incremental = a marking step, weakcb). */
  gcOver10MsByKind: Record<string, number>;
  /** Resident memory and V8 heap in use at the end of the run. */
  rssMb: number;
  heapUsedMb: number;
}

async function scrape(base: URL): Promise<Map<string, number>> {
  const text = await (await fetch(new URL('/metrics', base))).text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!/^anw_(nodejs_eventloop_lag_|nodejs_gc_duration_seconds|process_resident_memory_bytes|nodejs_heap_size_used_bytes)/.test(line)) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return values;
}

/**
 * Each API process's own view of a run: a slow trade while its event loop was held up (a
 * collection, a burst of work) sits in that process; a slow trade while every loop ran freely
 * waited elsewhere (PostgreSQL, the kernel's scheduler, the load generator).
 */
async function processes<T>(bases: readonly URL[], work: () => Promise<T>): Promise<T & { processes: ProcessReport[] }> {
  const sum = (m: Map<string, number>, prefix: string): number => [...m].filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);
  const gc = (m: Map<string, number>) => ({
    count: sum(m, 'anw_nodejs_gc_duration_seconds_count'),
    seconds: sum(m, 'anw_nodejs_gc_duration_seconds_sum'),
    under10: sum(m, 'anw_nodejs_gc_duration_seconds_bucket{le="0.01"'),
    over10ByKind: Object.fromEntries(
      ['minor', 'major', 'incremental', 'weakcb'].map((kind) => [
        kind,
        (m.get(`anw_nodejs_gc_duration_seconds_count{kind="${kind}"}`) ?? 0) - (m.get(`anw_nodejs_gc_duration_seconds_bucket{le="0.01",kind="${kind}"}`) ?? 0),
      ]),
    ) as Record<string, number>,
  });
  // The first read resets the event-loop histogram, so the second covers the run alone.
  const before = await Promise.all(bases.map((b) => scrape(b).then(gc)));
  const result = await work();
  const after = await Promise.all(bases.map((b) => scrape(b)));
  const reports = after.map((m, i) => {
    const g = gc(m);
    return {
      loopMaxMs: Math.round((m.get('anw_nodejs_eventloop_lag_max_seconds') ?? 0) * 10_000) / 10,
      loopP99Ms: Math.round((m.get('anw_nodejs_eventloop_lag_p99_seconds') ?? 0) * 10_000) / 10,
      gcCount: g.count - before[i].count,
      gcMs: Math.round((g.seconds - before[i].seconds) * 1000),
      gcOver10Ms: g.count - before[i].count - (g.under10 - before[i].under10),
      gcOver10MsByKind: Object.fromEntries(Object.entries(g.over10ByKind).map(([kind, n]) => [kind, n - (before[i].over10ByKind[kind] ?? 0)]).filter(([, n]) => n !== 0)),
      rssMb: Math.round((m.get('anw_process_resident_memory_bytes') ?? 0) / 1048576),
      heapUsedMb: Math.round((m.get('anw_nodejs_heap_size_used_bytes') ?? 0) / 1048576),
    };
  });
  return { ...result, processes: reports };
}

/**
 * PostgreSQL's own maintenance that ran in a window (autovacuum and autoanalyze passes, checkpoints):
 * a cluster of slow trades at the same moment points there rather than at the trade path.
 */
async function maintenance<R extends { samples: Sample[]; cpu: number | null }>(db: pg.Pool, work: () => Promise<R>): Promise<R & { maintenance: string[] }> {
  const checkpoints = async (): Promise<number> => Number(((await db.query('SELECT checkpoints_timed + checkpoints_req AS n FROM pg_stat_bgwriter')).rows as { n: string }[])[0].n);
  const from = new Date();
  const before = await checkpoints();
  const result = await work();
  const passes = (
    await db.query(
      `SELECT relname, kind, at FROM pg_stat_user_tables, LATERAL (VALUES ('autovacuum', last_autovacuum), ('autoanalyze', last_autoanalyze)) AS m(kind, at)
        WHERE at >= $1 ORDER BY at`,
      [from],
    )
  ).rows as { relname: string; kind: string; at: Date }[];
  const notes = passes.map((p) => `${p.kind} ${p.relname} done at ${((p.at.getTime() - from.getTime()) / 1000).toFixed(2)} s`);
  const more = (await checkpoints()) - before;
  if (more > 0) notes.push(`${more} checkpoint(s)`);
  return { ...result, maintenance: notes };
}

// ---- invariants -----------------------------------------------------------------------------------

async function invariants(db: pg.Pool, world: World, samples: Sample[]): Promise<{ name: string; violations: number }[]> {
  const count = async (sql: string, params: unknown[]): Promise<number> => Number(((await db.query(sql, params)).rows as { n: string | number }[])[0].n);
  const hds = [world.hdsId];
  const claimed = samples.filter((s) => s.kind === 'claim' && s.status === 201).length;
  const swapped = samples.filter((s) => s.kind === 'swap' && s.status === 200).length;
  const completedClaims = await count("SELECT count(*) AS n FROM market_claims WHERE hds_id = $1 AND status = 'completed'", hds);
  const completedSwaps = await count("SELECT count(*) AS n FROM market_swaps WHERE hds_id = $1 AND status = 'completed'", hds);
  const wonEvents = await count("SELECT count(*) AS n FROM outbox_events WHERE hds_id = $1 AND type = 'claim.won'", hds);
  const swapEvents = await count("SELECT count(*) AS n FROM outbox_events WHERE hds_id = $1 AND type = 'swap.accepted'", hds);
  return [
    { name: 'diensten above required', violations: await count('SELECT count(*) AS n FROM (SELECT s.id FROM shifts s JOIN assignments a ON a.shift_id = s.id AND a.removed_at IS NULL WHERE s.hds_id = $1 GROUP BY s.id HAVING count(*) > max(s.required)) x', hds) },
    {
      name: 'GPs on overlapping diensten',
      violations: await count(
        `SELECT count(*) AS n FROM assignments a1 JOIN shifts s1 ON s1.id = a1.shift_id
           JOIN assignments a2 ON a2.gp_id = a1.gp_id AND a2.id < a1.id AND a2.removed_at IS NULL JOIN shifts s2 ON s2.id = a2.shift_id
          WHERE a1.hds_id = $1 AND a1.removed_at IS NULL AND s1.start_at < s2.end_at AND s2.start_at < s1.end_at`,
        hds,
      ),
    },
    { name: 'swap diensten not held by exactly one GP', violations: await count('SELECT count(*) AS n FROM (SELECT s FROM unnest($1::uuid[]) s LEFT JOIN assignments a ON a.shift_id = s AND a.removed_at IS NULL GROUP BY s HAVING count(a.id) <> 1) x', [world.heldShiftIds]) },
    { name: 'claims won (201) ≠ completed claims ≠ claim.won events', violations: Math.abs(claimed - completedClaims) + Math.abs(claimed - wonEvents) },
    { name: 'swaps accepted (200) ≠ completed swaps ≠ swap.accepted events', violations: Math.abs(swapped - completedSwaps) + Math.abs(swapped - swapEvents) },
    { name: 'audit chain gaps', violations: await count('SELECT (max(seq) - count(*)) + (count(*) - count(DISTINCT seq)) AS n FROM audit_records WHERE hds_id = $1', hds) },
    { name: 'server errors (5xx, resets)', violations: samples.filter((s) => s.status >= 500 || s.status === 0).length },
  ];
}

/**
 * --competing-load: one process with a thread per core, each busy for `share` of every 20 ms and
 * asleep for the rest; the scheduler then gives the API, PostgreSQL and the load generator less
 * of every core, and later.
 */
function competingLoad(share: number): ChildProcess | undefined {
  if (share <= 0) return undefined;
  const worker = `const busy = 20 * ${share}; const tick = () => { const end = performance.now() + busy; let x = 0; while (performance.now() < end) x += Math.sqrt(x + 1); setTimeout(tick, 20 - busy); }; tick();`;
  const parent = `const { Worker } = require('node:worker_threads'); for (let i = 0; i < ${availableParallelism()}; i++) new Worker(${JSON.stringify(worker)}, { eval: true });`;
  const child = spawn(process.execPath, ['-e', parent], { stdio: 'ignore' });
  child.once('exit', onExit(() => child.kill('SIGTERM')));
  return child;
}

// ---- main ----------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const servers = benchServers('marketplace');
  const secret = process.env.JWT_SECRET ?? BENCH_JWT_SECRET;
  const env = { ...process.env, DATABASE_URL: servers.databaseUrl, REDIS_URL: servers.redisUrl, JWT_SECRET: secret, LOG_LEVEL: 'warn', NODE_ENV: 'production' as const, SWAGGER_ENABLED: 'false' };
  const db = new pg.Pool({ connectionString: servers.databaseUrl, max: 4 });
  const apis: ChildProcess[] = [];
  const competing = competingLoad(COMPETING_LOAD);
  try {
    const apiUrlAt = process.argv.indexOf('--api-url');
    const started =
      apiUrlAt > 0
        ? process.argv[apiUrlAt + 1].split(',').map((url) => ({ url, child: undefined }))
        : await Promise.all(Array.from({ length: REPLICAS }, () => startApi(env)));
    for (const s of started) if (s.child) apis.push(s.child);
    const bases = started.map((s) => new URL(s.url));
    const pids = started.map((s) => s.child?.pid);
    const world = await seed(db, started[0].url, secret);
    POSTMASTER = await postmasterPid(db);
    const health = (c: number): Promise<Sample> => send(replicaOf(bases, c), 'health', 'GET', '/health');
    const policy = (c: number): Promise<Sample> => send(replicaOf(bases, c), 'policy', 'GET', `/hds/${world.hdsId}/marketplace/policy`, world.gps[c].token);

    await load(CLIENTS, 1, false, health);
    await load(CLIENTS, 1, false, policy);
    // Trades too, so every measured run meets warm APIs (compiled code paths, prepared statements
    // on their connections): claims on the closed loop's diensten, which that run then finds taken.
    const pool0 = world.pools[0];
    const warmTrades = await load(CLIENTS, 1, false, (c) =>
      send(replicaOf(bases, c), 'claim', 'POST', `/hds/${world.hdsId}/marketplace/claims`, world.gps[c].token, { shiftId: pool0[Math.floor(Math.random() * pool0.length)] }),
    );
    const onlyAt = process.argv.indexOf('--only');
    const only = onlyAt > 0 ? process.argv[onlyAt + 1].split(',') : null;
    const skipped = (name: string): boolean => only !== null && !only.includes(name);
    const run = (name: string, paced: boolean, next: (c: number) => Promise<Sample>, on = pids, seconds = paced ? PACED_SECONDS : SECONDS): Promise<{ samples: Sample[]; cpu: number | null; pgCpu: number | null }> =>
      skipped(name) ? Promise.resolve({ samples: [], cpu: null, pgCpu: null }) : measured(on, () => load(CLIENTS, seconds, paced, next));
    const clientLag = monitorEventLoopDelay({ resolution: 5 });
    // The load generator's own stalls show up as latency too: its event-loop delay is reported.
    const lagged = async <T>(work: () => Promise<T>): Promise<T> => {
      clientLag.enable();
      try {
        return await work();
      } finally {
        clientLag.disable();
      }
    };
    const runs = {
      // (settle() before every paced run: see there.)
      health: stats('GET /health (baseline)', await run('health', false, health), SECONDS),
      policy: stats('GET policy (auth + 1 query)', await run('policy', false, policy), SECONDS),
      trades: await run('trades', false, trades(bases, world, 0)),
      healthPaced: stats('GET /health, paced', await settle(db).then(() => run('healthPaced', true, health, pids, HEALTH_PACED_SECONDS)), HEALTH_PACED_SECONDS),
      tradesPaced: await settle(db).then(() => processes(bases, () => maintenance(db, () => lagged(() => run('tradesPaced', true, trades(bases, world, 1)))))),
      // The same load on one API process (the others idle): what a single process carries.
      tradesPacedOne: await settle(db).then(() => processes(bases.slice(0, 1), () => maintenance(db, () => run('tradesPacedOne', true, trades(bases.slice(0, 1), world, 2), pids.slice(0, 1))))),
    };
    const tradesClosed = stats('claims + swaps, closed loop', runs.trades, SECONDS);
    const tradesPaced = stats('claims + swaps, paced', runs.tradesPaced, PACED_SECONDS);
    const tradesPacedOne = stats('  paced on ONE API process', runs.tradesPacedOne, PACED_SECONDS);
    const all = [...warmTrades, ...runs.trades.samples, ...runs.tradesPaced.samples, ...runs.tradesPacedOne.samples];
    const checks = await invariants(db, world, all);
    const violations = checks.reduce((n, c) => n + c.violations, 0);

    const pad = (v: string | number, w: number): string => String(v).padStart(w);
    console.log(`bench:marketplace: ${CLIENTS} clients (one GP each) on loopback, ${SECONDS} s per closed-loop run, ${PACED_SECONDS} s per paced run; API = ${bases.length} × node ${API_NODE_FLAGS.join(' ')} dist/apps/api/src/main.js (LOG_LEVEL=warn, pool ${process.env.DATABASE_POOL_SIZE ?? 20} each), every client on one of them; ${availableParallelism()} cores`);
    if (COMPETING_LOAD > 0) console.log(`competing load: a process kept ${Math.round(COMPETING_LOAD * 100)}% of each of the ${availableParallelism()} cores busy throughout (--competing-load)`);
    console.log('before every paced run: VACUUM (ANALYZE) of the tables the trades write (the previous run\'s maintenance debt settled; autovacuum stays on)');
    console.log(`claims on ${world.pools.reduce((n, p) => n + p.length, 0)} open diensten (a third per trade run); ${Math.round(SWAP_SHARE * 100)}% of actions accept one of ${CLIENTS * PROPOSALS_PER_RUN * TRADE_RUNS} swap proposals; paced = one action per GP per ~${PACE_MS} ms (${Math.round((CLIENTS * 1000) / PACE_MS)} actions/s offered)`);
    console.log('');
    console.log(`${'run'.padEnd(30)}${pad('requests', 9)}${pad('req/s', 8)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('2xx', 7)}${pad('409', 7)}${pad('422', 6)}${pad('other', 6)}${pad('API cpu ms/req', 16)}${pad('PG cpu ms/req', 15)}`);
    // The paced trades by kind and outcome too: which of them make the tail.
    const pacedBy = (label: string, keep: (s: Sample) => boolean): RunStats => stats(`  · ${label}`, { samples: runs.tradesPaced.samples.filter(keep), cpu: null }, PACED_SECONDS);
    const pacedParts = [
      pacedBy('claims won (201)', (s) => s.kind === 'claim' && s.status === 201),
      pacedBy('swaps accepted (200)', (s) => s.kind === 'swap' && s.status === 200),
      pacedBy('refused (409, 422)', (s) => s.status === 409 || s.status === 422),
    ];
    for (const r of [runs.health, runs.policy, tradesClosed, runs.healthPaced, tradesPaced, ...pacedParts, tradesPacedOne]) {
      console.log(`${r.label.padEnd(30)}${pad(r.requests, 9)}${pad(r.rps, 8)}${pad(r.p50, 8)}${pad(r.p99, 8)}${pad(r.ok, 7)}${pad(r.conflict, 7)}${pad(r.unprocessable, 6)}${pad(r.other, 6)}${pad(r.apiCpuMs ?? '-', 16)}${pad(r.pgCpuMs ?? '-', 15)}`);
    }
    console.log('');
    // Where the tail sits in time (seconds into the paced run): clustered = a stall, spread = queueing.
    if (runs.tradesPaced.samples.length > 0) console.log(`load generator's event-loop delay during the paced trades: p99 ${(clientLag.percentile(99) / 1e6).toFixed(1)} ms, max ${(clientLag.max / 1e6).toFixed(1)} ms`);
    for (const [label, samples, replicas] of [['paced trades', runs.tradesPaced.samples, bases.length], ['paced trades on one process', runs.tradesPacedOne.samples, 1]] as const) {
      if (samples.length === 0) continue;
      const t0 = Math.min(...samples.map((x) => x.at));
      const slowest = [...samples].sort((a, b) => b.ms - a.ms).slice(0, 8);
      console.log(`slowest ${label}: ${slowest.map((x) => `${Math.round(x.ms)} ms (${x.kind} ${x.status}${replicas > 1 ? `, API ${(x.replica ?? 0) + 1}` : ''}) at ${((x.at - t0) / 1000).toFixed(2)} s (${new Date(performance.timeOrigin + x.at).toISOString().slice(11, 23)})`).join('; ')}`);
    }
    for (const [label, r] of [['the paced run', runs.tradesPaced], ['the paced run on one process', runs.tradesPacedOne]] as const) {
      if (r.samples.length === 0) continue;
      for (const [i, p] of r.processes.entries()) {
        console.log(`API ${i + 1} during ${label}: event-loop delay p99 ${p.loopP99Ms} ms, max ${p.loopMaxMs} ms; ${p.gcCount} collections, ${p.gcMs} ms together, ${p.gcOver10Ms} of them ≥ 10 ms${p.gcOver10Ms > 0 ? ` (${Object.entries(p.gcOver10MsByKind).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}; afterwards ${p.rssMb} MB resident, ${p.heapUsedMb} MB heap in use`);
      }
    }
    for (const [label, r] of [['paced', runs.tradesPaced], ['paced on one process', runs.tradesPacedOne]] as const) {
      if (r.samples.length > 0) console.log(`PostgreSQL maintenance during the ${label} run: ${r.maintenance.join('; ') || 'none'}`);
    }
    const outcomes = stats('', { samples: all, cpu: null }, 1).codes;
    console.log(`refusals by code: ${Object.entries(outcomes).map(([k, v]) => `${k} ×${v}`).join(', ') || 'none'}`);
    for (const c of checks) console.log(`invariant: ${c.name.padEnd(62)} ${c.violations === 0 ? 'ok' : `${c.violations} VIOLATIONS`}`);
    const goalMet = tradesPaced.requests > 0 && tradesPaced.p99 <= GOAL_P99_MS && violations === 0;
    const windows = (samples: readonly Sample[]): number[] => {
      if (samples.length === 0) return [];
      const t0 = Math.min(...samples.map((x) => x.at));
      const parts = Array.from({ length: Math.max(1, Math.round(PACED_SECONDS / WINDOW_SECONDS)) }, (_, w) => samples.filter((x) => Math.min(Math.floor((x.at - t0) / 1000 / WINDOW_SECONDS), Math.round(PACED_SECONDS / WINDOW_SECONDS) - 1) === w));
      return parts.map((part) => stats('', { samples: part, cpu: null }, WINDOW_SECONDS).p99);
    };
    const pacedWindows = windows(runs.tradesPaced.samples);
    const pacedOneWindows = windows(runs.tradesPacedOne.samples);
    if (pacedWindows.length > 1) console.log(`p99 of the paced trades per ${WINDOW_SECONDS} s: ${pacedWindows.join(' / ')} ms; on one process: ${pacedOneWindows.join(' / ') || '-'} ms`);
    console.log(`goal: p99 ≤ ${GOAL_P99_MS} ms under the paced load of ${CLIENTS} GPs (API as deployed: ${bases.length} replica(s)), zero violations: ${goalMet ? 'met' : 'NOT met'}`);
    if (tradesPacedOne.requests > 0) console.log(`the same paced load on one API process: p99 ${tradesPacedOne.p99} ms (${tradesPacedOne.p99 <= GOAL_P99_MS ? 'within' : 'over'} the goal)`);
    const brief = (r: RunStats) => ({ requests: r.requests, rps: r.rps, p50Ms: r.p50, p99Ms: r.p99, ok: r.ok, conflict409: r.conflict, refused422: r.unprocessable, other: r.other, apiCpuMsPerRequest: r.apiCpuMs, pgCpuMsPerRequest: r.pgCpuMs });
    console.log(
      JSON.stringify({
        bench: 'marketplace',
        clients: CLIENTS,
        seconds: SECONDS,
        pacedSeconds: PACED_SECONDS,
        competingLoad: COMPETING_LOAD,
        paceMs: PACE_MS,
        closedLoop: { trades: brief(tradesClosed), baselineHealth: brief(runs.health), baselineAuthRead: brief(runs.policy), rpsRatioToHealth: Math.round((tradesClosed.rps / runs.health.rps) * 100) / 100, p99RatioToHealth: Math.round((tradesClosed.p99 / runs.health.p99) * 100) / 100 },
        apiReplicas: bases.length,
        paced: { trades: brief(tradesPaced), p99MsPerWindow: pacedWindows, windowSeconds: WINDOW_SECONDS, baselineHealth: brief(runs.healthPaced), p99RatioToHealth: Math.round((tradesPaced.p99 / Math.max(0.1, runs.healthPaced.p99)) * 100) / 100, apiProcesses: runs.tradesPaced.processes },
        pacedOneProcess: { trades: brief(tradesPacedOne), p99MsPerWindow: pacedOneWindows, p99RatioToReplicas: Math.round((tradesPacedOne.p99 / Math.max(0.1, tradesPaced.p99)) * 100) / 100, apiProcesses: runs.tradesPacedOne.processes },
        claimsWon: all.filter((s) => s.kind === 'claim' && s.status === 201).length,
        swapsCompleted: all.filter((s) => s.kind === 'swap' && s.status === 200).length,
        violations,
        goalP99Ms: GOAL_P99_MS,
        goalMet,
      }),
    );
    if (violations > 0) process.exitCode = 1;
  } finally {
    for (const api of apis) api.kill('SIGTERM');
    competing?.kill('SIGTERM');
    await db.end();
    agent.destroy();
    servers.stop();
  }
}

await main();
