/** Tests run against the servers scripts/test.sh started; fail clearly when run without them. */
export function ensureTestEnv(): void {
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
    throw new Error('DATABASE_URL en REDIS_URL ontbreken: start de tests met `npm test` (die PostgreSQL en Redis start).');
  }
  process.env.JWT_SECRET ??= 'test-secret-that-is-long-enough-for-hs256!!';
  process.env.LOG_LEVEL ??= 'warn';
  // Every test logs in from 127.0.0.1; the per-e-mail limit is what the tests exercise.
  process.env.LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE ??= '100000';
  process.env.NODE_ENV = 'test';
}
