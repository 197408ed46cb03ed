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

  it('leaves CORS off and trusts no proxy by default', () => {
    const sut = loadConfig(valid);
    expect(sut.http.corsOrigins).toEqual([]);
    expect(sut.http.trustProxy).toBe(false);
    expect(loadConfig({ ...valid, CORS_ORIGINS: '', TRUST_PROXY: '' }).http).toMatchObject({ corsOrigins: [], trustProxy: false });
  });

  it.each([
    ['https://rooster.example.nl', ['https://rooster.example.nl']],
    [' https://rooster.example.nl , http://localhost:5173 ', ['https://rooster.example.nl', 'http://localhost:5173']],
    ['https://Rooster.Example.NL/', ['https://rooster.example.nl']],
    ['https://rooster.example.nl:443,https://rooster.example.nl', ['https://rooster.example.nl']],
    ['http://[::1]:8080,', ['http://[::1]:8080']],
  ])('reads CORS_ORIGINS %j as the origins %j', (value, origins) => {
    const sut = loadConfig({ ...valid, CORS_ORIGINS: value });
    expect(sut.http.corsOrigins).toEqual(origins);
    expect(Object.isFrozen(sut.http.corsOrigins)).toBe(true);
  });

  it.each(['*', 'rooster.example.nl', 'https://rooster.example.nl/app', 'https://rooster.example.nl?x=1', 'ftp://rooster.example.nl', 'https://user:pw@rooster.example.nl', 'null'])(
    'refuses the CORS origin %j',
    (entry) => {
      expect(() => loadConfig({ ...valid, CORS_ORIGINS: `https://ok.example.nl,${entry}` })).toThrow(new RegExp(`CORS_ORIGINS: .*${entry.replace(/[?*.]/g, '\\$&')}`));
    },
  );

  it.each([
    ['false', false],
    ['true', true],
    ['1', 1],
    ['2', 2],
    ['0', 0],
    ['loopback', ['loopback']],
    ['loopback, linklocal,uniquelocal', ['loopback', 'linklocal', 'uniquelocal']],
    ['10.0.0.0/8,192.168.1.7,fd00::/8,::1', ['10.0.0.0/8', '192.168.1.7', 'fd00::/8', '::1']],
  ])('reads TRUST_PROXY %j as %j', (value, expected) => {
    expect(loadConfig({ ...valid, TRUST_PROXY: value }).http.trustProxy).toEqual(expected);
  });

  it.each(['yes', 'TRUE', '-1', '1.5', '10.0.0.0/33', 'fd00::/129', '300.1.1.1', 'loopback,localhost', '10.0.0.1/'])('refuses TRUST_PROXY %j', (value) => {
    expect(() => loadConfig({ ...valid, TRUST_PROXY: value })).toThrow(/TRUST_PROXY: moet true, false, een aantal hops/);
  });

  it('lists bad CORS_ORIGINS and TRUST_PROXY with the other bad variables, each bad entry named', () => {
    let error: unknown;
    try {
      loadConfig({ ...valid, API_PORT: '-1', CORS_ORIGINS: 'https://ok.example.nl,https://a.example.nl/pad,geen-origin', TRUST_PROXY: 'loopback,10.0.0.0/99' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['API_PORT', 'CORS_ORIGINS', 'TRUST_PROXY']);
    expect(problems.find((p) => p.startsWith('CORS_ORIGINS'))).toMatch(/: https:\/\/a\.example\.nl\/pad, geen-origin$/);
    expect(problems.find((p) => p.startsWith('TRUST_PROXY'))).toMatch(/ongeldig: 10\.0\.0\.0\/99$/);
  });
});
