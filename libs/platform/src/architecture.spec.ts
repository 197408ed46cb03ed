import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const PURE_LIBS = ['time', 'tariffs', 'distribution'];
const FORBIDDEN = /from\s+'(@nestjs\/[^']*|typeorm|bullmq|ioredis)'/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('architecture', () => {
  it.each(PURE_LIBS)('the pure library %s imports no framework', (lib) => {
    const dir = join(process.cwd(), 'libs', lib, 'src');
    const offenders = files(dir).filter((f) => FORBIDDEN.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
