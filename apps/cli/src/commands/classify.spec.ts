import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
// the same as `npx tsx apps/cli/src/main.ts …`, without npm's own warnings on stderr
const TSX = `${ROOT}node_modules/.bin/tsx`;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function anw(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, ['apps/cli/src/main.ts', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function expectInputError(outcome: Outcome, message: RegExp): void {
  expect(outcome.code).toBe(2);
  expect(outcome.stdout).toBe('');
  expect(outcome.stderr).toMatch(message);
  expect(outcome.stderr.trimEnd().split('\n')).toHaveLength(1);
}

describe('anw classify', () => {
  it('prints the minutes of the spring DST night as one JSON line', async () => {
    const sut = await anw('classify', '--start', '2027-03-27T23:00', '--end', '2027-03-28T08:00');
    expect(sut).toEqual({ code: 0, stdout: '{"minutes":{"dag":0,"avond":0,"nacht":420,"weekend":60,"feestdag":0}}\n', stderr: '' });
  });

  it('refuses a time in the skipped spring hour', async () => {
    expectInputError(await anw('classify', '--start', '2027-03-28T02:30', '--end', '2027-03-28T08:00'), /^lokale tijd "2027-03-28T02:30" bestaat niet/);
  });

  it('refuses an unknown flag and an end before the start', async () => {
    expectInputError(await anw('classify', '--start', '2027-03-28T08:00', '--end', '2027-03-28T09:00', '--foo', '1'), /^onbekende optie: --foo/);
    expectInputError(await anw('classify', '--start', '2027-03-28T08:00', '--end', '2027-03-28T07:00'), /ligt niet na het begin/);
  });
});

describe('anw pay', () => {
  it('prices a night across the new year at both tables', async () => {
    const sut = await anw('pay', '--start', '2023-12-31T23:00', '--end', '2024-01-01T08:00');
    expect(sut.code).toBe(0);
    expect(JSON.parse(sut.stdout)).toEqual({
      minutes: { dag: 0, avond: 0, nacht: 480, weekend: 60, feestdag: 0 },
      cents: { dag: 0, avond: 0, nacht: 112424, weekend: 11636, feestdag: 0 },
      totalCents: 124060,
      tables: ['nza-2023', 'nza-2024'],
    });
  });

  it('uses the given table for every minute', async () => {
    const sut = await anw('pay', '--start', '2025-06-03T17:00', '--end', '2025-06-03T24:00', '--table', 'nza-2026', '--evening-start', '18:00');
    expect(JSON.parse(sut.stdout)).toMatchObject({ cents: { dag: 0, avond: 6 * 11901 }, totalCents: 6 * 11901 });
  });

  it('refuses a date with no table in force and an unknown table', async () => {
    expectInputError(await anw('pay', '--start', '2025-03-01T23:00', '--end', '2025-03-02T08:00'), /^geen tarieftabel van kracht op 2025-03-01\n$/);
    expectInputError(await anw('pay', '--start', '2026-03-01T23:00', '--end', '2026-03-02T08:00', '--table', 'nza-2030'), /^onbekende tarieftabel "nza-2030"/);
  });
});
