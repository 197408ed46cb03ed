import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

const valid = {
  DATABASE_URL: 'postgres://u@127.0.0.1:5432/anw',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'x'.repeat(32),
};

describe(loadConfig.name, () => {
  it('maps a valid environment to a frozen config with defaults', () => {
    const sut = loadConfig(valid);
    expect(sut.http.apiPort).toBe(3000);
    expect(sut.http.keepAliveMs).toBe(65_000);
    expect(sut.redis.queuePrefix).toBe('{anw}');
    expect(Object.isFrozen(sut)).toBe(true);
    expect(Object.isFrozen(sut.database)).toBe(true);
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', JWT_SECRET: 'short', API_PORT: 'abc', HTTP_KEEP_ALIVE_SECONDS: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const fields = (error as ConfigError).problems.map((p) => p.split(':')[0]).sort();
    expect(fields).toEqual(['API_PORT', 'DATABASE_URL', 'HTTP_KEEP_ALIVE_SECONDS', 'JWT_SECRET', 'REDIS_URL']);
  });
});
