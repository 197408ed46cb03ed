import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';

export interface HealthReport {
  status: 'ok' | 'error';
  checks: Record<string, { status: 'up' | 'down'; ms: number; error?: string }>;
}

async function timed(check: () => Promise<unknown>): Promise<{ status: 'up' | 'down'; ms: number; error?: string }> {
  const t0 = performance.now();
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref())]);
    return { status: 'up', ms: Math.round(performance.now() - t0) };
  } catch (error) {
    return { status: 'down', ms: Math.round(performance.now() - t0), error: error instanceof Error ? error.message : String(error) };
  }
}

/** PostgreSQL and Redis reachability, for /health on both apps. */
export async function checkHealth(dataSource: DataSource, redis: Redis): Promise<HealthReport> {
  const [postgres, redisCheck] = await Promise.all([timed(() => dataSource.query('SELECT 1')), timed(() => redis.ping())]);
  const checks = { postgres, redis: redisCheck };
  return { status: Object.values(checks).every((c) => c.status === 'up') ? 'ok' : 'error', checks };
}
