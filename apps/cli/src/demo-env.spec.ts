import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { demoEnvironment } from './demo-env.js';

describe(demoEnvironment.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'anw-demo-env-'));
  const file = join(dir, 'env');
  writeFileSync(file, 'DATABASE_URL=postgres://postgres@127.0.0.1:41234/anw\nREDIS_URL=redis://127.0.0.1:41235\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['no DATABASE_URL and a running demo: the demo servers', {}, file, { DATABASE_URL: 'postgres://postgres@127.0.0.1:41234/anw', REDIS_URL: 'redis://127.0.0.1:41235' }],
    ['DATABASE_URL set: nothing from the demo', { DATABASE_URL: 'postgres://elsewhere/anw' }, file, {}],
    ['no demo running: nothing', {}, join(dir, 'missing'), {}],
  ])('%s', (_label, env, path, expected) => {
    expect(demoEnvironment(env, path)).toEqual(expected);
  });
});
