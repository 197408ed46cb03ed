import { isIP } from 'node:net';
import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

function listFromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** `https://rooster.example.nl` (a trailing slash is dropped); null when the entry is no origin. */
function toOrigin(entry: string): string | null {
  if (!URL.canParse(entry) || /[?#]/.test(entry)) return null;
  const url = new URL(entry);
  const plain = (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && url.username === '' && url.password === '';
  return plain && url.pathname === '/' ? url.origin : null;
}

const corsOrigins = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const entries = listFromEnv(value);
    const origins = entries.map(toOrigin);
    const bad = entries.filter((_, i) => origins[i] === null);
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `geen origin (http(s)://host[:poort], zonder pad): ${bad.join(', ')}` });
      return z.NEVER;
    }
    return [...new Set(origins.filter((origin) => origin !== null))];
  });

const TRUST_PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (TRUST_PROXY_NAMES.has(entry) || isIP(entry) !== 0) return true;
  const cidr = /^([^/]+)\/(\d{1,3})$/.exec(entry);
  if (!cidr) return false;
  const family = isIP(cidr[1]);
  return family !== 0 && Number(cidr[2]) <= (family === 4 ? 32 : 128);
}

/** Express's `trust proxy`: false, true, a hop count, or addresses, subnets and Express's names. */
const trustProxy = z
  .string()
  .optional()
  .transform((value, ctx): boolean | number | string[] => {
    const trimmed = (value ?? '').trim();
    if (trimmed === '' || trimmed === 'false') return false;
    if (trimmed === 'true') return true;
    // Digits are a hop count, never a boolean: `1` trusts only the nearest proxy, `true` every
    // address in X-Forwarded-For (which a client can forge).
    if (/^\d+$/.test(trimmed)) return Number(trimmed);
    const entries = listFromEnv(trimmed);
    const bad = entries.filter((entry) => !isProxyAddress(entry));
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `moet true, false, een aantal hops of een lijst van IP-adressen, subnetten (CIDR), loopback, linklocal of uniquelocal zijn; ongeldig: ${bad.join(', ')}` });
      return z.NEVER;
    }
    return entries;
  });

/** Every environment variable the apps read; nothing else reads process.env. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'moet een postgres:// URL zijn'),
  DATABASE_READ_URL: z.string().regex(/^postgres(ql)?:\/\//, 'moet een postgres:// URL zijn').optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  DATABASE_POOL_MIN: z.coerce.number().int().min(0).max(500).default(8),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'moet een redis:// URL zijn'),
  QUEUE_PREFIX: z.string().min(1).default('{anw}'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  PUBLIC_BASE_URL: z.string().url().default('http://localhost:3000'),
  // Longer than the idle timeout of the load balancer in front (60 s: AWS ALB, GCP, ingress-nginx
  // upstream keepalive): otherwise it reuses a connection the API has just closed (a 502).
  HTTP_KEEP_ALIVE_SECONDS: z.coerce.number().int().min(1).max(3600).default(65),
  CORS_ORIGINS: corsOrigins,
  TRUST_PROXY: trustProxy,
  JWT_SECRET: z.string().min(32, 'moet minstens 32 tekens lang zijn'),
  // Short-lived: a session continues through POST /auth/refresh (rotating refresh tokens).
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  PASSWORD_RESET_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(5),
  PASSWORD_RESET_RATE_LIMIT_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(30),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'moet een smtp:// URL zijn').default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().default('ANW Rooster <rooster@anw-rooster.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SWAGGER_ENABLED: booleanFromEnv.default(true),
});

export type AppConfig = Readonly<{
  env: 'development' | 'test' | 'production';
  database: Readonly<{ url: string; readUrl: string | undefined; poolSize: number; poolMin?: number }>;
  redis: Readonly<{ url: string; queuePrefix: string }>;
  http: Readonly<{
    apiPort: number;
    workerPort: number;
    publicBaseUrl: string;
    swagger: boolean;
    keepAliveMs: number;
    /** Browser origins allowed to call the API; empty: no CORS headers at all. */
    corsOrigins: readonly string[];
    /** Express's `trust proxy` setting, which decides `req.ip`. */
    trustProxy: boolean | number | readonly string[];
  }>;
  auth: Readonly<{
    jwtSecret: string;
    jwtTtlSeconds: number;
    refreshTokenTtlDays: number;
    loginRateLimitPerMinute: number;
    loginRateLimitPerIpPerMinute: number;
    resetRateLimitPerHour: number;
    resetRateLimitPerIpPerHour: number;
  }>;
  mail: Readonly<{ smtpUrl: string; from: string }>;
  logLevel: string;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Ongeldige configuratie (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment and lists every bad variable at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return Object.freeze({
    env: e.NODE_ENV,
    database: Object.freeze({ url: e.DATABASE_URL, readUrl: e.DATABASE_READ_URL, poolSize: e.DATABASE_POOL_SIZE, poolMin: Math.min(e.DATABASE_POOL_MIN, e.DATABASE_POOL_SIZE) }),
    redis: Object.freeze({ url: e.REDIS_URL, queuePrefix: e.QUEUE_PREFIX }),
    http: Object.freeze({
      apiPort: e.API_PORT,
      workerPort: e.WORKER_PORT,
      publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/$/, ''),
      swagger: e.SWAGGER_ENABLED,
      keepAliveMs: e.HTTP_KEEP_ALIVE_SECONDS * 1000,
      corsOrigins: Object.freeze(e.CORS_ORIGINS),
      trustProxy: Array.isArray(e.TRUST_PROXY) ? Object.freeze(e.TRUST_PROXY) : e.TRUST_PROXY,
    }),
    auth: Object.freeze({
      jwtSecret: e.JWT_SECRET,
      jwtTtlSeconds: e.JWT_TTL_SECONDS,
      loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
      loginRateLimitPerIpPerMinute: e.LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE,
      refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
      resetRateLimitPerHour: e.PASSWORD_RESET_RATE_LIMIT_PER_HOUR,
      resetRateLimitPerIpPerHour: e.PASSWORD_RESET_RATE_LIMIT_PER_IP_PER_HOUR,
    }),
    mail: Object.freeze({ smtpUrl: e.SMTP_URL, from: e.MAIL_FROM }),
    logLevel: e.LOG_LEVEL,
  });
}

export const APP_CONFIG = Symbol('APP_CONFIG');
