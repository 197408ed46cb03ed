// `npm run bench:audit [-- --keep]`: a year of a 1,000-GP HDS (the distribution engine's L instance,
// rostered by the engine's greedy baseline: every position filled lawfully), published as four
// quarterly periods in a region with two more such HDS'en, in the database of DATABASE_URL when
// DATABASE_URL and REDIS_URL are set, else in a throwaway PostgreSQL (bench/support/servers.ts),
// migrated either way.
// Times the full per-GP workload report (the year, and Q4 with carry-over from Q1–Q3), the region
// view and the chain verification, against a naive baseline that loads every row into the app and
// sums there, in the same run; shows the query plans; prints a table and one JSON line. The data
// is deleted afterwards unless --keep.
import { randomUUID } from 'node:crypto';
import { chainHash, GENESIS_HASH } from '@anw/audit';
import {
  AuditChainService,
  type DateRange,
  DEMAND_SQL,
  fairShares,
  GP_HOURS_SQL,
  type GpWorkload,
  PeriodReportsService,
  perCategory,
  presence,
  WorkloadService,
} from '@anw/audit-reports';
import { createDataSource } from '@anw/database';
import { greedyBaseline, parseInstance } from '@anw/distribution';
import { loadConfig } from '@anw/platform';
import { categoryColumns, gpWeights } from '@anw/rosters';
import { ANW_CATEGORIES, parseLocal } from '@anw/time';
import type { DataSource } from 'typeorm';
import { generateInstance } from './distribution/generate-instance.js';
import { BENCH_JWT_SECRET, benchServers } from './support/servers.js';

const KEEP = process.argv.includes('--keep');
const HDS_IN_REGION = 3;
const CHAIN_RECORDS = 50_000;
const RUNS = 5;
const YEAR: DateRange = { from: '2027-01-01', to: '2027-12-31' };
const Q4: DateRange = { from: '2027-10-01', to: '2027-12-31' };
const QUARTERS = [
  { name: '2027 Q1', start: '2027-01-01', end: '2027-03-31' },
  { name: '2027 Q2', start: '2027-04-01', end: '2027-06-30' },
  { name: '2027 Q3', start: '2027-07-01', end: '2027-09-30' },
  { name: '2027 Q4', start: '2027-10-01', end: '2027-12-31' },
];

const ms = (t0: number): number => performance.now() - t0;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed<T>(runs: number, body: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await body(); // warm-up: plans and caches
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await body();
    times.push(ms(t0));
  }
  return { ms: median(times), result };
}

interface Seeded {
  hdsId: string;
  gps: number;
  shifts: number;
  assignments: number;
}

/** One HDS: the L instance of a seed, rostered by the greedy baseline, as four published quarters. */
async function seedHds(ds: DataSource, regionId: string, seed: number, tag: string): Promise<Seeded> {
  const raw = generateInstance('L', seed);
  const roster = greedyBaseline(parseInstance(raw));
  const [{ id: hdsId }] = (await ds.query(
    `INSERT INTO hds (region_id, code, name, evening_start, quota_policy) VALUES ($1, $2, $3, '17:00', 'fte') RETURNING id`,
    [regionId, `BENCH-${tag}-${seed}`, `Bench HDS ${seed}`],
  )) as { id: string }[];
  const postIds = new Map<string, string>();
  for (const post of [...new Set(raw.shifts.map((s) => s.post))]) {
    const [{ id }] = (await ds.query('INSERT INTO posts (hds_id, code, name) VALUES ($1, $2, $2) RETURNING id', [hdsId, post])) as { id: string }[];
    postIds.set(post, id);
  }
  // The instance's weights become FTE under the FTE policy, so the service weighs as the engine did.
  const gpIds = new Map(raw.gps.map((g) => [g.id, randomUUID()]));
  await ds.query(
    `INSERT INTO gps (id, hds_id, kind, name, email, qualifications, fte)
     SELECT id, $1, kind, name, email, '{consult,visite,regiearts,achterwacht}', fte
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::numeric[]) AS t(id, kind, name, email, fte)`,
    [hdsId, raw.gps.map((g) => gpIds.get(g.id)), raw.gps.map((g) => g.kind), raw.gps.map((g) => `Dr. ${g.id}`), raw.gps.map((g) => `${g.id}-${tag}-${seed}@bench.anw`), raw.gps.map((g) => g.weight)],
  );
  const noNights = raw.gps.filter((g) => g.noNights);
  await ds.query(
    `INSERT INTO gp_exemptions (hds_id, gp_id, kind, from_date, to_date) SELECT $1, unnest($2::uuid[]), 'no_nights', '2027-01-01', '2027-12-31'`,
    [hdsId, noNights.map((g) => gpIds.get(g.id))],
  );
  const periodIds: string[] = [];
  for (const q of QUARTERS) {
    const [{ id }] = (await ds.query(
      `INSERT INTO roster_periods (hds_id, name, start_date, end_date, status, version, published_at) VALUES ($1, $2, $3, $4, 'published', 1, $5) RETURNING id`,
      [hdsId, q.name, q.start, q.end, new Date(`${q.start}T00:00:00Z`)],
    )) as { id: string }[];
    periodIds.push(id);
  }
  const shiftIds = new Map(raw.shifts.map((s) => [s.id, randomUUID()]));
  const rows = raw.shifts.map((s) => {
    const startMs = parseLocal(s.start);
    const endMs = parseLocal(s.end);
    const date = s.start.slice(0, 10);
    const minutes = categoryColumns(startMs, endMs, '17:00');
    return { s, startMs, endMs, date, minutes, period: periodIds[QUARTERS.findIndex((q) => date >= q.start && date <= q.end)] };
  });
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    await ds.query(
      `INSERT INTO shifts (id, hds_id, period_id, post_id, code, role, local_date, start_at, end_at, required, minutes_dag, minutes_avond, minutes_nacht, minutes_weekend, minutes_feestdag)
       SELECT id, $1, period_id, post_id, code, role, local_date, start_at, end_at, required, d, a, n, w, f
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::date[], $8::timestamptz[], $9::timestamptz[], $10::int[], $11::int[], $12::int[], $13::int[], $14::int[], $15::int[])
           AS t(id, period_id, post_id, code, role, local_date, start_at, end_at, required, d, a, n, w, f)`,
      [
        hdsId,
        chunk.map((r) => shiftIds.get(r.s.id)),
        chunk.map((r) => r.period),
        chunk.map((r) => postIds.get(r.s.post)),
        chunk.map((r) => r.s.id.split('-').pop()),
        chunk.map((r) => r.s.role),
        chunk.map((r) => r.date),
        chunk.map((r) => new Date(r.startMs).toISOString()),
        chunk.map((r) => new Date(r.endMs).toISOString()),
        chunk.map((r) => r.s.required),
        chunk.map((r) => r.minutes.minutesDag),
        chunk.map((r) => r.minutes.minutesAvond),
        chunk.map((r) => r.minutes.minutesNacht),
        chunk.map((r) => r.minutes.minutesWeekend),
        chunk.map((r) => r.minutes.minutesFeestdag),
      ],
    );
  }
  const assignments = roster.assignments;
  for (let i = 0; i < assignments.length; i += 5000) {
    const chunk = assignments.slice(i, i + 5000);
    await ds.query(`INSERT INTO assignments (hds_id, shift_id, gp_id, source) SELECT $1, s, g, 'engine' FROM unnest($2::uuid[], $3::uuid[]) AS t(s, g)`, [
      hdsId,
      chunk.map((a) => shiftIds.get(a.shift)),
      chunk.map((a) => gpIds.get(a.gp)),
    ]);
  }
  return { hdsId, gps: raw.gps.length, shifts: raw.shifts.length, assignments: assignments.length };
}

/** A long hash chain for one HDS: the shape the trail has after years of changes. */
async function seedChain(ds: DataSource, hdsId: string, n: number): Promise<void> {
  let prev = GENESIS_HASH;
  const base = Date.UTC(2027, 0, 1);
  for (let from = 1; from <= n; from += 5000) {
    const seqs: number[] = [];
    const afters: string[] = [];
    const ats: string[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (let seq = from; seq < Math.min(n + 1, from + 5000); seq++) {
      const content = { hdsId, seq, actorUserId: null, action: 'assignment.added', entityType: 'shift', entityId: `s-${seq}`, before: null, after: { gpId: `g-${seq % 1000}`, source: 'planner' }, reason: null, at: new Date(base + seq * 60_000) };
      const hash = chainHash(prev, content);
      seqs.push(seq);
      afters.push(JSON.stringify(content.after));
      ats.push(content.at.toISOString());
      prevs.push(prev);
      hashes.push(hash);
      prev = hash;
    }
    await ds.query(
      `INSERT INTO audit_records (hds_id, seq, actor_user_id, action, entity_type, entity_id, before, after, reason, at, prev_hash, hash)
       SELECT $1, seq, NULL, 'assignment.added', 'shift', 's-' || seq, NULL, after, NULL, at, p, h
         FROM unnest($2::int[], $3::jsonb[], $4::timestamptz[], $5::text[], $6::text[]) AS t(seq, after, at, p, h)`,
      [hdsId, seqs, afters, ats, prevs, hashes],
    );
  }
}

/** The naive way: every assignment and dienst row into the app, summed there; then the same fair shares. */
async function naiveWorkload(ds: DataSource, hdsId: string, range: DateRange): Promise<Map<string, Record<string, number>>> {
  const periods = (await ds.query(`SELECT id FROM roster_periods WHERE hds_id = $1 AND status <> 'draft' AND start_date <= $2`, [hdsId, range.to])) as { id: string }[];
  const ids = new Set(periods.map((p) => p.id));
  const shifts = (await ds.query('SELECT * FROM shifts WHERE hds_id = $1 AND removed_at IS NULL', [hdsId])) as {
    id: string;
    period_id: string;
    local_date: string;
    required: number;
    minutes_avond: number;
    minutes_nacht: number;
    minutes_weekend: number;
    minutes_feestdag: number;
  }[];
  const assignments = (await ds.query('SELECT * FROM assignments WHERE hds_id = $1 AND removed_at IS NULL', [hdsId])) as { shift_id: string; gp_id: string }[];
  const gps = (await ds.query('SELECT * FROM gps WHERE hds_id = $1', [hdsId])) as { id: string; kind: 'practiceHolder' | 'employed' | 'locum'; fte: string | null; joined_on: string | null; left_on: string | null }[];
  const inRange = new Map(shifts.filter((s) => ids.has(s.period_id) && s.local_date >= range.from && s.local_date <= range.to).map((s) => [s.id, s]));
  const demand = perCategory(() => 0);
  for (const s of inRange.values()) for (const c of ANW_CATEGORIES) demand[c] += (s.required * s[`minutes_${c}`]) / 60;
  const hours = new Map<string, Record<string, number>>();
  for (const a of assignments) {
    const s = inRange.get(a.shift_id);
    if (!s) continue;
    const h = hours.get(a.gp_id) ?? perCategory(() => 0);
    for (const c of ANW_CATEGORIES) h[c] += s[`minutes_${c}`] / 60;
    hours.set(a.gp_id, h);
  }
  const weights = gpWeights(
    gps.map((g) => ({ id: g.id, kind: g.kind, employerGpId: null, practicePatients: null, fte: g.fte === null ? null : Number(g.fte), fixedMinimumHours: null, carveOutPercent: null, presence: presence(range, g.joined_on, g.left_on) })),
    'fte',
  );
  fairShares(demand, gps.map((g) => ({ weight: weights.get(g.id) ?? 0, noNights: false, balance: perCategory(() => 0) })));
  return hours;
}

/** Node types and index names of a plan, and its execution time. */
async function explain(ds: DataSource, sql: string, params: unknown[]): Promise<{ ms: number; nodes: string[] }> {
  const [{ 'QUERY PLAN': plan }] = (await ds.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params)) as { 'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number }[] }[];
  const nodes: string[] = [];
  const walk = (n: PlanNode): void => {
    nodes.push(n['Index Name'] ? `${n['Node Type']} using ${n['Index Name']}` : n['Relation Name'] ? `${n['Node Type']} on ${n['Relation Name']}` : n['Node Type']);
    for (const child of n.Plans ?? []) walk(child);
  };
  walk(plan[0].Plan);
  return { ms: plan[0]['Execution Time'], nodes: nodes.filter((n) => /Scan|Join|Aggregate|Nested/.test(n)) };
}
interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

async function cleanup(ds: DataSource, regionId: string): Promise<void> {
  const hds = `(SELECT id FROM hds WHERE region_id = $1)`;
  await ds.query(`DELETE FROM assignments WHERE hds_id IN ${hds}`, [regionId]);
  await ds.query(`DELETE FROM shifts WHERE hds_id IN ${hds}`, [regionId]);
  await ds.query(`DELETE FROM roster_periods WHERE hds_id IN ${hds}`, [regionId]);
  await ds.query(`DELETE FROM gp_exemptions WHERE hds_id IN ${hds}`, [regionId]);
  await ds.query(`DELETE FROM gps WHERE hds_id IN ${hds}`, [regionId]);
  await ds.query(`DELETE FROM posts WHERE hds_id IN ${hds}`, [regionId]);
  await ds.query(`DELETE FROM audit_records WHERE hds_id IN ${hds}`, [regionId]);
  await ds.query('DELETE FROM hds WHERE region_id = $1', [regionId]);
  await ds.query('DELETE FROM regions WHERE id = $1', [regionId]);
}

async function main(): Promise<void> {
  const servers = benchServers('audit');
  if (KEEP && servers.own) process.stderr.write('--keep: the data goes with the throwaway server all the same; set DATABASE_URL and REDIS_URL to keep it\n');
  try {
    // The bench opens only the database (and signs no tokens).
    await measure(loadConfig({ JWT_SECRET: BENCH_JWT_SECRET, ...process.env, DATABASE_URL: servers.databaseUrl, REDIS_URL: servers.redisUrl }));
  } finally {
    servers.stop();
  }
}

async function measure(config: ReturnType<typeof loadConfig>): Promise<void> {
  const ds = createDataSource(config);
  await ds.initialize();
  const tag = randomUUID().slice(0, 8);
  const [{ id: regionId }] = (await ds.query('INSERT INTO regions (name) VALUES ($1) RETURNING id', [`Bench-regio ${tag}`])) as { id: string }[];
  try {
    let t0 = performance.now();
    const seeded: Seeded[] = [];
    for (let seed = 1; seed <= HDS_IN_REGION; seed++) seeded.push(await seedHds(ds, regionId, seed, tag));
    const [main] = seeded;
    await seedChain(ds, main.hdsId, CHAIN_RECORDS);
    // As autovacuum leaves a table in steady state: statistics and a visibility map for index-only scans.
    for (const table of ['shifts', 'assignments', 'gps', 'audit_records', 'roster_periods']) await ds.query(`VACUUM ANALYZE ${table}`);
    const seedMs = ms(t0);

    const workload = new WorkloadService(ds);
    const periods = new PeriodReportsService(ds);
    const chain = new AuditChainService(ds);
    const year = await timed(RUNS, () => workload.workload(main.hdsId, YEAR));
    const q4 = await timed(RUNS, () => workload.workload(main.hdsId, Q4));
    const region = await timed(RUNS, () => workload.region(regionId, YEAR));
    const q4Period = q4.result.periods[0].id;
    const closing = await timed(RUNS, () => periods.closingPlan(main.hdsId, q4Period));
    const naiveYear = await timed(RUNS, () => naiveWorkload(ds, main.hdsId, YEAR));
    const naiveRegion = await timed(RUNS, async () => {
      for (const h of seeded) await naiveWorkload(ds, h.hdsId, YEAR);
    });
    t0 = performance.now();
    const verdict = await chain.verify(main.hdsId);
    const verifyMs = ms(t0);

    // Both ways must agree on every GP's hours.
    let mismatches = 0;
    const byGp = new Map<string, GpWorkload>(year.result.gpRows.map((g) => [g.gpId, g]));
    for (const [gpId, h] of naiveYear.result) {
      const row = byGp.get(gpId);
      if (!row || ANW_CATEGORIES.some((c) => Math.abs(row.hours[c] - h[c]) > 0.01)) mismatches++;
    }

    const allPeriods = ((await ds.query('SELECT id FROM roster_periods WHERE hds_id = $1', [main.hdsId])) as { id: string }[]).map((p) => p.id);
    const plans = {
      gpHours: await explain(ds, GP_HOURS_SQL, [main.hdsId, YEAR.from, YEAR.to, allPeriods]),
      demand: await explain(ds, DEMAND_SQL, [main.hdsId, YEAR.from, YEAR.to, allPeriods]),
      verifyBatch: await explain(ds, 'SELECT * FROM audit_records WHERE hds_id = $1 AND seq > $2 ORDER BY seq LIMIT 2000', [main.hdsId, 24_000]),
    };

    const f = year.result.fairness;
    const rows: [string, string, number, number | null][] = [
      ['per-GP workload report, year', `${main.gps} GPs, ${main.assignments} bezettingen`, year.ms, naiveYear.ms],
      ['per-GP workload report, Q4 (+ carry-over Q1–Q3)', `${q4.result.gpRows.length} GPs`, q4.ms, null],
      ['region view, year', `${HDS_IN_REGION} HDS'en, ${seeded.reduce((s, h) => s + h.gps, 0)} GPs`, region.ms, naiveRegion.ms],
      ['closing plan, Q4', `${closing.result.positions} plaatsen`, closing.ms, null],
      ['chain verification', `${verdict.checked} records`, verifyMs, null],
    ];
    process.stdout.write(`\nseeded ${HDS_IN_REGION} HDS'en (L instance, greedy roster, 4 published quarters) + ${CHAIN_RECORDS} chained records in ${(seedMs / 1000).toFixed(1)} s\n\n`);
    process.stdout.write(`${'report'.padEnd(50)}${'size'.padEnd(34)}${'SQL ms'.padStart(10)}${'naive ms'.padStart(10)}${'ratio'.padStart(8)}\n`);
    for (const [name, size, sqlMs, naiveMs] of rows) {
      process.stdout.write(`${name.padEnd(50)}${size.padEnd(34)}${sqlMs.toFixed(1).padStart(10)}${(naiveMs === null ? '–' : naiveMs.toFixed(1)).padStart(10)}${(naiveMs === null ? '–' : `${(naiveMs / sqlMs).toFixed(1)}×`).padStart(8)}\n`);
    }
    process.stdout.write(
      `\nyear: ${year.result.shifts} diensten, ${year.result.positions} plaatsen, ${year.result.open} open; within ±1 dienst ${(f.withinTolerance.share * 100).toFixed(1)} %, Gini ${f.gini.total}, ` +
        `largest deviation (diensten) ${ANW_CATEGORIES.map((c) => `${c} ${f.largestDeviation[c]?.diensten ?? '–'}`).join(', ')}; naive/SQL mismatches: ${mismatches}\n`,
    );
    for (const [name, plan] of Object.entries(plans)) process.stdout.write(`plan ${name} (${plan.ms.toFixed(1)} ms): ${plan.nodes.join(' → ')}\n`);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'audit',
        hds: { gps: main.gps, shifts: main.shifts, assignments: main.assignments, periods: QUARTERS.length },
        region: { hds: HDS_IN_REGION, gps: seeded.reduce((s, h) => s + h.gps, 0), assignments: seeded.reduce((s, h) => s + h.assignments, 0) },
        ms: {
          gpReportYear: Math.round(year.ms * 10) / 10,
          gpReportQ4WithCarryOver: Math.round(q4.ms * 10) / 10,
          regionView: Math.round(region.ms * 10) / 10,
          closingPlanQ4: Math.round(closing.ms * 10) / 10,
          verifyChain: Math.round(verifyMs * 10) / 10,
        },
        baseline: { method: 'load every row into the app and sum', gpReportYearMs: Math.round(naiveYear.ms * 10) / 10, regionViewMs: Math.round(naiveRegion.ms * 10) / 10, mismatches },
        ratio: { gpReportYear: Math.round((naiveYear.ms / year.ms) * 10) / 10, regionView: Math.round((naiveRegion.ms / region.ms) * 10) / 10 },
        goalMet: year.ms <= 1000 && region.ms <= 1000,
        chain: { records: verdict.checked, ok: verdict.ok, recordsPerSecond: Math.round(verdict.checked / (verifyMs / 1000)) },
        plans: Object.fromEntries(Object.entries(plans).map(([k, v]) => [k, { ms: Math.round(v.ms * 10) / 10, indexes: v.nodes.filter((n) => n.includes(' using ')) }])),
      })}\n`,
    );
  } finally {
    if (!KEEP) await cleanup(ds, regionId);
    else process.stderr.write(`kept: region ${regionId}\n`);
    await ds.destroy();
  }
}

await main();
