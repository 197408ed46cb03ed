// The servers the benchmarks need, in one place. `benchServers(name)` uses DATABASE_URL and
// REDIS_URL when both are set (and leaves those servers running); otherwise it starts a throwaway
// PostgreSQL and Redis of its own in a temp folder through scripts/services.sh (free ports, on
// loopback; PostgreSQL and Redis are installed with apt-get when absent) and purges them, data
// and all, when the benchmark ends: normally, on a thrown error, or on SIGINT/SIGTERM/SIGHUP.
// Either way the database is migrated (idempotent) unless `migrate: false`.
// `onExit(fn)` registers more clean-up (child processes) for the same moments; `freePort()` is a
// free TCP port on 127.0.0.1 for a server the benchmark starts itself.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** loadConfig needs one; the benchmarks that sign no tokens get this stand-in. */
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret!';

export interface BenchServers {
  databaseUrl: string;
  redisUrl: string;
  /** True when this process started them (and stop() purges them). */
  own: boolean;
  /** Purges servers this process started (idempotent); servers from the environment are left alone. */
  stop(): void;
}

// ---- clean-up on every way out ----------------------------------------------------------------

const cleanups: (() => void)[] = [];
let handlersInstalled = false;

function runCleanups(): void {
  // Last registered first: child processes before the servers they talk to.
  while (cleanups.length > 0) {
    const fn = cleanups.pop() as () => void;
    try {
      fn();
    } catch (error) {
      process.stderr.write(`opruimen mislukte: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // 'exit' also follows an uncaught exception or a rejected top-level await; only synchronous work runs there.
  process.once('exit', runCleanups);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: opruimen…\n`);
      runCleanups();
      process.exit(code);
    });
  }
}

/** Runs fn (synchronous: a child's kill, a purge) when the process ends, however it ends. Returns a function that unregisters it. */
export function onExit(fn: () => void): () => void {
  installHandlers();
  cleanups.push(fn);
  return () => {
    const at = cleanups.indexOf(fn);
    if (at >= 0) cleanups.splice(at, 1);
  };
}

// ---- ports ---------------------------------------------------------------------------------------

/** A TCP port on 127.0.0.1 that was free a moment ago (the kernel's choice for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// ---- PostgreSQL and Redis ----------------------------------------------------------------------

function services(command: string, dir: string, stdout: 'pipe' | 'ignore'): string {
  return execFileSync('bash', ['-c', `. scripts/services.sh && ${command}`, '_', dir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', stdout, 'inherit'] }) ?? '';
}

/** Applies every pending migration (from source through tsx: no build needed). Idempotent. */
export function migrate(databaseUrl: string, redisUrl: string): void {
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'libs/database/src/migrate.ts'), 'run'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, JWT_SECRET: process.env.JWT_SECRET ?? BENCH_JWT_SECRET, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * The servers of benchmark `name`: DATABASE_URL/REDIS_URL when both are set, else a throwaway
 * pair on free ports, purged by stop() and on every way out of the process.
 */
export function benchServers(name: string, options: { migrate?: boolean } = {}): BenchServers {
  const { DATABASE_URL: envDb, REDIS_URL: envRedis } = process.env;
  let servers: BenchServers;
  if (envDb && envRedis) {
    servers = { databaseUrl: envDb, redisUrl: envRedis, own: false, stop: () => undefined };
    process.stderr.write(`bench:${name}: servers from DATABASE_URL/REDIS_URL\n`);
  } else {
    if (envDb || envRedis) process.stderr.write(`bench:${name}: only ${envDb ? 'DATABASE_URL' : 'REDIS_URL'} is set; starting a throwaway PostgreSQL and Redis instead\n`);
    const dir = mkdtempSync(join(tmpdir(), `anw-bench-${name}-`));
    let stopped = false;
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      unregister();
      services('services_purge "$1"', dir, 'ignore');
    };
    // Registered before the start, so a start that fails halfway or is interrupted is purged too.
    const unregister = onExit(stop);
    try {
      const out = services('services_start "$1" && printf "%s\\n%s\\n" "$DATABASE_URL" "$REDIS_URL"', dir, 'pipe');
      const [databaseUrl, redisUrl] = out.trim().split('\n');
      if (!databaseUrl?.startsWith('postgres') || !redisUrl?.startsWith('redis')) throw new Error(`services_start gaf geen DATABASE_URL/REDIS_URL: ${out}`);
      servers = { databaseUrl, redisUrl, own: true, stop };
      process.stderr.write(`bench:${name}: throwaway PostgreSQL ${new URL(databaseUrl).host} and Redis ${new URL(redisUrl).host} (${dir}), purged afterwards\n`);
    } catch (error) {
      stop();
      throw error;
    }
  }
  if (options.migrate !== false) {
    try {
      migrate(servers.databaseUrl, servers.redisUrl);
    } catch (error) {
      servers.stop();
      throw error;
    }
  }
  return servers;
}
