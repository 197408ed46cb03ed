// `anw classify --start 2027-03-27T23:00 --end 2027-03-28T08:00 [--evening-start 18:00] [--holidays dates.json]`
// prints {"minutes":{…}}: the real elapsed minutes of the shift per ANW category.
import { readFile } from 'node:fs/promises';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type ClassifyOptions, LocalTimeError, nzaHolidayDates, parseLocal, splitInterval } from '@anw/time';

/** Invalid input: the command prints the Dutch message on one line and exits with 2. */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';
}

export const INTERVAL_OPTIONS = {
  start: { type: 'string' },
  end: { type: 'string' },
  'evening-start': { type: 'string' },
  holidays: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export interface IntervalInput {
  startMs: number;
  endMs: number;
  classify: ClassifyOptions;
}

export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /Unknown option '([^']+)'/.exec(message);
    if (unknown) throw new CliInputError(`onbekende optie: ${unknown[1]}`);
    const positional = /Unexpected argument '([^']+)'/.exec(message);
    if (positional) throw new CliInputError(`onverwacht argument: ${positional[1]}`);
    const missing = /Option '([^']+?)(?: <value>)?' argument (?:missing|is ambiguous)/.exec(message);
    if (missing) throw new CliInputError(`optie ${missing[1].split(',').pop()?.trim()} mist een waarde`);
    throw new CliInputError(`ongeldige opties: ${message}`);
  }
}

async function readHolidays(path: string): Promise<Set<string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw new CliInputError(`feestdagenbestand "${path}" is niet te lezen of geen geldige JSON`);
  }
  const valid = (d: unknown): d is string =>
    typeof d === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(d) &&
    new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)))).toISOString().slice(0, 10) === d;
  if (!Array.isArray(parsed) || !parsed.every(valid)) {
    throw new CliInputError(`feestdagenbestand "${path}" moet een JSON-lijst van datums JJJJ-MM-DD zijn`);
  }
  return new Set(parsed);
}

/** Reads --start, --end, --evening-start and --holidays into an interval and classification options. */
export async function readInterval(values: { start?: string; end?: string; 'evening-start'?: string; holidays?: string }): Promise<IntervalInput> {
  if (values.start === undefined) throw new CliInputError('--start ontbreekt (bijv. --start 2027-03-27T23:00)');
  if (values.end === undefined) throw new CliInputError('--end ontbreekt (bijv. --end 2027-03-28T08:00)');
  const startMs = parseLocal(values.start);
  const endMs = parseLocal(values.end);
  if (endMs <= startMs) throw new CliInputError(`het einde (${values.end}) ligt niet na het begin (${values.start})`);
  // a bad --evening-start is reported by @anw/time as a LocalTimeError
  const eveningStart = values['evening-start'];
  let holidays: Set<string>;
  if (values.holidays !== undefined) {
    holidays = await readHolidays(values.holidays);
  } else {
    const first = Number(values.start.slice(0, 4));
    const last = Number(values.end.slice(0, 4)) + 1;
    holidays = nzaHolidayDates(Array.from({ length: last - first + 1 }, (_, i) => first + i));
  }
  return { startMs, endMs, classify: { holidays, ...(eveningStart !== undefined ? { eveningStart } : {}) } };
}

/** Runs a command body; input errors become one Dutch line on stderr and exit code 2. */
export async function withInputErrors(body: () => Promise<string>, inputErrors: ReadonlyArray<new (...args: never[]) => Error> = []): Promise<number> {
  try {
    const line = await body();
    process.stdout.write(`${line}\n`);
    return 0;
  } catch (error) {
    const isInput = error instanceof CliInputError || error instanceof LocalTimeError || inputErrors.some((type) => error instanceof type);
    if (isInput && error instanceof Error) {
      process.stderr.write(`${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    throw error;
  }
}

export async function run(args: string[]): Promise<number> {
  return withInputErrors(async () => {
    const { startMs, endMs, classify } = await readInterval(parseFlags(args, INTERVAL_OPTIONS));
    return JSON.stringify({ minutes: splitInterval(startMs, endMs, classify) });
  });
}
