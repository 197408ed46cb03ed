// `anw solve --in instance.json --out result.json [--seconds 20] [--seed 1]` distributes the positions
// of a roster instance (anw-roster-instance/1 or /1.1) and writes the result (anw-roster-result/1, or
// /1.1 with each GP's wishes granted and hit); prints a one-line JSON summary. Invalid input names the
// field on one line of stderr (exit 2), writes nothing.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { type GpReport, InstanceError, type PreferenceCounts, parseInstance, solve } from '@anw/distribution';
import { CliInputError, parseFlags, withInputErrors } from './classify.js';

const SOLVE_OPTIONS = {
  in: { type: 'string' },
  out: { type: 'string' },
  seconds: { type: 'string' },
  seed: { type: 'string' },
} as const;

const DEFAULT_SECONDS = 20;

function positiveNumber(text: string | undefined, flag: string, fallback: number, whole: boolean): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (whole && !Number.isInteger(value)) || (!whole && value <= 0)) {
    throw new CliInputError(`${flag}: ongeldige waarde "${text}" (verwacht ${whole ? 'een geheel getal ≥ 0' : 'een getal > 0'})`);
  }
  return value;
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new CliInputError(`invoerbestand "${path}" is niet te lezen`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliInputError(`invoerbestand "${path}" is geen geldige JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function preferenceTotals(perGp: readonly GpReport[]): PreferenceCounts {
  const total = { wantsGranted: 0, wantsTotal: 0, avoidsHit: 0, avoidsTotal: 0 };
  for (const p of perGp) for (const key of Object.keys(total) as (keyof PreferenceCounts)[]) total[key] += p.preferences?.[key] ?? 0;
  return total;
}

export async function run(args: string[]): Promise<number> {
  return withInputErrors(async () => {
    const values = parseFlags(args, SOLVE_OPTIONS);
    if (values.in === undefined) throw new CliInputError('--in ontbreekt (bijv. --in instantie.json)');
    if (values.out === undefined) throw new CliInputError('--out ontbreekt (bijv. --out rooster.json)');
    const seconds = positiveNumber(values.seconds, '--seconds', DEFAULT_SECONDS, false);
    const seed = positiveNumber(values.seed, '--seed', 1, true);
    const instance = parseInstance(await readJson(values.in));
    const result = solve(instance, { seed, timeBudgetMs: seconds * 1000 });
    // write beside the target and rename, so a reader never sees half a file
    const temporary = `${values.out}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(result, null, 2)}\n`);
    await rename(temporary, values.out);
    const { report } = result;
    const wishes = report.perGp.some((p) => p.preferences) ? { preferences: preferenceTotals(report.perGp) } : {};
    return JSON.stringify({
      out: values.out,
      format: result.format,
      assignments: result.assignments.length,
      unfilled: result.unfilled.reduce((n, u) => n + u.missing, 0),
      maxDeviationShifts: report.maxDeviationShifts,
      lowerBound: report.lowerBound.maxDeviationShifts,
      seconds: report.seconds,
      ...wishes,
    });
  }, [InstanceError]);
}
