import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseInstance, validateRoster } from '@anw/distribution';

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

const INSTANCE = {
  format: 'anw-roster-instance/1',
  gps: [
    { id: 'gp-a', weight: 1, qualifications: ['consult'] },
    { id: 'gp-b', weight: 1, qualifications: ['consult'], noNights: true },
  ],
  shifts: [
    { id: 'night', role: 'consult', start: '2027-03-27T23:00', end: '2027-03-28T08:00', required: 1 },
    { id: 'evening', role: 'consult', start: '2027-03-29T17:00', end: '2027-03-29T24:00', required: 2 },
    { id: 'regie', role: 'regiearts', start: '2027-03-30T17:00', end: '2027-03-30T24:00', required: 1 },
  ],
};

const INSTANCE_1_1 = {
  format: 'anw-roster-instance/1.1',
  gps: [
    { id: 'gp-a', weight: 1, qualifications: ['consult'], limits: { total: 1 } },
    {
      id: 'gp-b',
      weight: 1,
      qualifications: ['consult'],
      preferences: [
        { kind: 'avoid', start: '2027-04-05T00:00', end: '2027-04-06T00:00', weight: 3 },
        { kind: 'want', start: '2027-04-07T00:00', end: '2027-04-07T24:00' },
      ],
    },
  ],
  shifts: [
    { id: 'mon', role: 'consult', start: '2027-04-05T17:00', end: '2027-04-05T24:00', required: 1 },
    { id: 'wed', role: 'consult', start: '2027-04-07T17:00', end: '2027-04-07T24:00', required: 1 },
  ],
};

describe('anw solve', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'anw-solve-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a lawful result and prints a one-line summary', async () => {
    const input = join(dir, 'instance.json');
    const output = join(dir, 'result.json');
    await writeFile(input, JSON.stringify(INSTANCE));
    const sut = await anw('solve', '--in', input, '--out', output, '--seconds', '1', '--seed', '4');
    expect(sut.code).toBe(0);
    expect(sut.stderr).toBe('');
    expect(JSON.parse(sut.stdout)).toMatchObject({ out: output, assignments: 3, unfilled: 1 });
    const result = JSON.parse(await readFile(output, 'utf8'));
    expect(result.format).toBe('anw-roster-result/1');
    expect(result.assignments).toContainEqual({ shift: 'night', gp: 'gp-a' });
    expect(result.unfilled).toEqual([{ shift: 'regie', missing: 1, reason: 'geen huisarts bevoegd voor de rol regiearts' }]);
    expect(validateRoster(parseInstance(INSTANCE), result.assignments)).toEqual([]);
  });

  it('reads a 1.1 instance: limits kept, wishes counted in the result and the summary', async () => {
    const input = join(dir, 'instance-1.1.json');
    const output = join(dir, 'result-1.1.json');
    await writeFile(input, JSON.stringify(INSTANCE_1_1));
    const sut = await anw('solve', '--in', input, '--out', output, '--seconds', '1', '--seed', '4');
    expect(sut.code).toBe(0);
    expect(sut.stderr).toBe('');
    expect(JSON.parse(sut.stdout)).toMatchObject({
      format: 'anw-roster-result/1.1',
      preferences: { wantsGranted: 1, wantsTotal: 1, avoidsHit: 0, avoidsTotal: 1 },
    });
    const result = JSON.parse(await readFile(output, 'utf8'));
    expect(result.format).toBe('anw-roster-result/1.1');
    // gp-b avoids the first evening, wants the second; gp-a has a total limit of 1
    expect(result.assignments).toEqual(expect.arrayContaining([{ shift: 'mon', gp: 'gp-a' }, { shift: 'wed', gp: 'gp-b' }]));
    expect(result.report.perGp[1].preferences).toEqual({ wantsGranted: 1, wantsTotal: 1, avoidsHit: 0, avoidsTotal: 1 });
    expect(validateRoster(parseInstance(INSTANCE_1_1), result.assignments)).toEqual([]);
  });

  it('refuses an inconsistent instance: the field on one line of stderr, exit 2, no output file', async () => {
    const cases: [unknown, RegExp][] = [
      [{ ...INSTANCE, shifts: [{ ...INSTANCE.shifts[0], end: '2027-03-27T22:00' }] }, /^shifts\[0\]\.end: /],
      [{ ...INSTANCE, shifts: [{ ...INSTANCE.shifts[0], fixed: ['gp-z'] }] }, /^shifts\[0\]\.fixed\[0\]: onbekende huisarts "gp-z"/],
      [{ ...INSTANCE, gps: [{ ...INSTANCE.gps[0], weight: -1 }] }, /^gps\[0\]\.weight: /],
      [{ ...INSTANCE, shifts: [{ ...INSTANCE.shifts[0], start: '2027-03-28T02:15' }] }, /^shifts\[0\]\.start: lokale tijd/],
      [
        { ...INSTANCE_1_1, gps: [INSTANCE_1_1.gps[0], { ...INSTANCE_1_1.gps[1], preferences: [{ kind: 'avoid', start: '2027-04-05T00:00', end: '2027-04-06T00:00', weight: 5 }] }] },
        /^gps\[1\]\.preferences\[0\]\.weight: /,
      ],
      [
        { ...INSTANCE_1_1, shifts: INSTANCE_1_1.shifts.map((s) => ({ ...s, fixed: ['gp-a'] })) },
        /^gps\[0\]\.limits\.total: de vaste bezetting breekt al de limiet/,
      ],
    ];
    // child processes are slow to start: run them side by side
    await Promise.all(
      cases.map(async ([instance, message], i) => {
        const input = join(dir, `bad-${i}.json`);
        const output = join(dir, `never-${i}.json`);
        await writeFile(input, JSON.stringify(instance));
        const sut = await anw('solve', '--in', input, '--out', output, '--seconds', '1');
        expect(sut.code).toBe(2);
        expect(sut.stdout).toBe('');
        expect(sut.stderr).toMatch(message);
        expect(sut.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(existsSync(output)).toBe(false);
      }),
    );
  });

  it('refuses broken JSON, a missing file and missing flags', async () => {
    const input = join(dir, 'broken.json');
    await writeFile(input, '{"format": ');
    const out = join(dir, 'x.json');
    const outcomes = await Promise.all([
      anw('solve', '--in', input, '--out', out),
      anw('solve', '--in', join(dir, 'absent.json'), '--out', out),
      anw('solve', '--out', out),
      anw('solve', '--in', input, '--out', out, '--seconds', 'nul'),
    ]);
    const messages = [/geen geldige JSON/, /niet te lezen/, /^--in ontbreekt/, /^--seconds: ongeldige waarde/];
    outcomes.forEach((outcome, i) => {
      expect(outcome).toMatchObject({ code: 2, stdout: '' });
      expect(outcome.stderr).toMatch(messages[i]);
    });
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });
});
