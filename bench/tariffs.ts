// `npm run bench:tariffs`: a year (2026) of ANW shifts for 1,000 GPs (~190 h each, ~25k
// assignments of realistic shapes across both DST changes and the holidays), classified, priced
// and summed into statements. Baseline in the same process: the naive way, a luxon DateTime per
// minute, on a sample. Prints a table, then ONE line of JSON with the figures.
import { fileURLToPath } from 'node:url';
import { type Category, type ClassifyOptions, type Minutes, nzaHolidayDates, parseLocal, splitInterval } from '@anw/time';
import { type PayPolicy, type StatementAssignment, buildStatements, loadTariffTables, priceAssignment, validatePayPolicy } from '@anw/tariffs';
import { DateTime } from 'luxon';

const GPS = 1_000;
const TARGET_MINUTES_PER_GP = 190 * 60;
const YEAR = 2026;
const BASELINE_SAMPLE = 500;

// deterministic PRNG (mulberry32), so every run prices the same roster
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Shape {
  code: string;
  role: string;
  from: string;
  to: string;
  /** the end is on the next date */
  overnight: boolean;
}

const WEEKDAY_SHAPES: Shape[] = [
  { code: 'AC', role: 'consult', from: '17:00', to: '24:00', overnight: false },
  { code: 'AV', role: 'visite', from: '16:00', to: '24:00', overnight: false },
  { code: 'N', role: 'consult', from: '23:00', to: '08:00', overnight: true },
  { code: 'RAA', role: 'regiearts', from: '17:00', to: '24:00', overnight: false },
  { code: 'AW', role: 'achterwacht', from: '18:00', to: '08:00', overnight: true },
];
const OPEN_DAY_SHAPES: Shape[] = [
  { code: 'DC', role: 'consult', from: '08:00', to: '17:00', overnight: false },
  { code: 'AV', role: 'visite', from: '16:00', to: '24:00', overnight: false },
  { code: 'N', role: 'consult', from: '23:00', to: '08:00', overnight: true },
  { code: 'RAD', role: 'regiearts', from: '08:00', to: '17:00', overnight: false },
];

const pad = (n: number): string => String(n).padStart(2, '0');

interface RawShift {
  id: string;
  gpId: string;
  start: string;
  end: string;
  role: string;
  templateCode: string;
  claimedShortNotice: boolean;
}

function generate(holidays: ReadonlySet<string>): RawShift[] {
  const next = random(20260101);
  const days = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(YEAR, 0, 1 + i)));
  const shifts: RawShift[] = [];
  for (let g = 0; g < GPS; g++) {
    const gpId = `gp-${String(g + 1).padStart(4, '0')}`;
    let minutes = 0;
    while (minutes < TARGET_MINUTES_PER_GP) {
      const day = days[Math.floor(next() * days.length)];
      const date = day.toISOString().slice(0, 10);
      const open = day.getUTCDay() === 0 || day.getUTCDay() === 6 || holidays.has(date);
      const shapes = open ? OPEN_DAY_SHAPES : WEEKDAY_SHAPES;
      const shape = shapes[Math.floor(next() * shapes.length)];
      const endDay = shape.overnight ? new Date(day.getTime() + 86_400_000) : day;
      const endDate = endDay.toISOString().slice(0, 10);
      if (endDate > `${YEAR}-12-31`) continue;
      const [fh, fm] = shape.from.split(':').map(Number);
      const [th, tm] = shape.to.split(':').map(Number);
      minutes += ((shape.overnight ? 24 * 60 : 0) + th * 60 + tm - fh * 60 - fm);
      shifts.push({
        id: `a-${shifts.length + 1}`,
        gpId,
        start: `${date}T${pad(fh)}:${pad(fm)}`,
        end: `${endDate}T${pad(th)}:${pad(tm)}`,
        role: shape.role,
        templateCode: shape.code,
        claimedShortNotice: next() < 0.03,
      });
    }
  }
  // make sure both DST nights are in, however the dice fell
  shifts.push(
    { id: 'a-dst-spring', gpId: 'gp-0001', start: '2026-03-28T23:00', end: '2026-03-29T08:00', role: 'consult', templateCode: 'N', claimedShortNotice: false },
    { id: 'a-dst-autumn', gpId: 'gp-0002', start: '2026-10-24T23:00', end: '2026-10-25T08:00', role: 'consult', templateCode: 'N', claimedShortNotice: false },
  );
  return shifts;
}

// the baseline: a luxon DateTime for every minute, classified by its wall-clock reading
function naiveSplit(startMs: number, endMs: number, options: ClassifyOptions): Minutes {
  const result: Minutes = { dag: 0, avond: 0, nacht: 0, weekend: 0, feestdag: 0 };
  for (let ms = startMs; ms < endMs; ms += 60_000) {
    const local = DateTime.fromMillis(ms, { zone: 'Europe/Amsterdam' });
    const minute = local.hour * 60 + local.minute;
    let category: Category;
    if (minute < 480) category = 'nacht';
    else if (options.holidays.has(local.toISODate() ?? '')) category = 'feestdag';
    else if (local.weekday >= 6) category = 'weekend';
    else if (minute >= 17 * 60) category = 'avond';
    else category = 'dag';
    result[category] += 1;
  }
  return result;
}

function time<T>(body: () => T): [T, number] {
  const started = performance.now();
  const value = body();
  return [value, performance.now() - started];
}

async function main(): Promise<void> {
  const tables = await loadTariffTables(fileURLToPath(new URL('../config/tariffs/', import.meta.url)));
  const holidays = nzaHolidayDates([YEAR, YEAR + 1]);
  const classify: ClassifyOptions = { holidays };
  const policy: PayPolicy = validatePayPolicy({
    percentOfMaximumBp: 10_000,
    surcharges: [
      { kind: 'role', role: 'regiearts', centsPerHour: 500, effectiveFrom: `${YEAR}-01-01` },
      { kind: 'shortNotice', percentBp: 1_000, effectiveFrom: `${YEAR}-07-01` },
    ],
  });

  const [raw, generateMs] = time(() => generate(holidays));
  const [parsed, parseMs] = time(() =>
    raw.map((s): StatementAssignment => ({ ...s, startMs: parseLocal(s.start), endMs: parseLocal(s.end) })),
  );
  const [minutes, classifyMs] = time(() => parsed.map((a) => splitInterval(a.startMs, a.endMs, classify)));
  const [prices, priceMs] = time(() => parsed.map((a) => priceAssignment(a, { tables, classify, policy })));
  // the same work again: a long-running engine or service runs warm (JIT compiled, caches filled)
  const [, classifyWarmMs] = time(() => parsed.map((a) => splitInterval(a.startMs, a.endMs, classify)));
  const [, priceWarmMs] = time(() => parsed.map((a) => priceAssignment(a, { tables, classify, policy })));
  const [statements, statementMs] = time(() => buildStatements(parsed, { start: `${YEAR}-01-01`, end: `${YEAR}-12-31` }, { tables, classify, policy }));

  const sample = parsed.filter((_, i) => i % Math.floor(parsed.length / BASELINE_SAMPLE) === 0).slice(0, BASELINE_SAMPLE);
  const [naive, baselineMs] = time(() => sample.map((a) => naiveSplit(a.startMs, a.endMs, classify)));
  const mismatches = sample.filter((a, i) => JSON.stringify(naive[i]) !== JSON.stringify(splitInterval(a.startMs, a.endMs, classify))).length;

  const n = parsed.length;
  const totalMinutes = minutes.reduce((sum, m) => sum + m.dag + m.avond + m.nacht + m.weekend + m.feestdag, 0);
  const totalCents = prices.reduce((sum, p) => sum + p.totalCents, 0);
  const statementCents = statements.reduce((sum, s) => sum + s.totalCents, 0);
  const perItem = (ms: number, count: number): number => Math.round((ms * 1000 * 100) / count) / 100;
  const phases = [
    { phase: 'generate', count: n, ms: generateMs },
    { phase: 'parse (2 per shift)', count: 2 * n, ms: parseMs },
    { phase: 'classify', count: n, ms: classifyMs },
    { phase: 'price', count: n, ms: priceMs },
    { phase: 'classifyWarm (second pass)', count: n, ms: classifyWarmMs },
    { phase: 'priceWarm (second pass)', count: n, ms: priceWarmMs },
    { phase: 'statements (price + sum)', count: n, ms: statementMs },
    { phase: `baseline per-minute luxon (sample)`, count: sample.length, ms: baselineMs },
  ];
  // first-pass figures: parse, classify, price, then statements (which price again)
  const pipelineMs = parseMs + classifyMs + priceMs + statementMs;
  const baselinePerItemUs = perItem(baselineMs, sample.length);
  const classifyPerItemUs = perItem(classifyMs, n);

  process.stdout.write(`${GPS} GPs, ${n} assignments, ${(totalMinutes / 60 / GPS).toFixed(1)} h per GP, ${YEAR}, total €${(totalCents / 100).toFixed(2)}\n\n`);
  process.stdout.write(`${'phase'.padEnd(38)}${'count'.padStart(8)}${'ms'.padStart(10)}${'µs/item'.padStart(10)}\n`);
  for (const p of phases) {
    process.stdout.write(`${p.phase.padEnd(38)}${String(p.count).padStart(8)}${p.ms.toFixed(1).padStart(10)}${perItem(p.ms, p.count).toFixed(2).padStart(10)}\n`);
  }
  process.stdout.write(
    `\nparse+classify+price+statements: ${pipelineMs.toFixed(1)} ms; baseline classify would take ~${((baselinePerItemUs * n) / 1000).toFixed(0)} ms for all ` +
      `(${(baselinePerItemUs / classifyPerItemUs).toFixed(0)}× slower); baseline disagreements: ${mismatches}\n`,
  );
  process.stdout.write(
    `${JSON.stringify({
      bench: 'tariffs',
      year: YEAR,
      gps: GPS,
      assignments: n,
      hoursPerGp: Math.round((totalMinutes / 60 / GPS) * 10) / 10,
      totalCents,
      statementsTotalCents: statementCents,
      phases: Object.fromEntries(phases.map((p) => [p.phase.split(' ')[0], { count: p.count, ms: Math.round(p.ms * 10) / 10, perItemUs: perItem(p.ms, p.count) }])),
      pipelineMs: Math.round(pipelineMs * 10) / 10,
      baseline: { method: 'luxon DateTime per minute', sample: sample.length, perItemUs: baselinePerItemUs, projectedMs: Math.round((baselinePerItemUs * n) / 1000), mismatches },
      classifySpeedup: Math.round((baselinePerItemUs / classifyPerItemUs) * 10) / 10,
    })}\n`,
  );
}

await main();
