// `npm run bench:statements`: the tariffs service on a large HDS half year in PostgreSQL
// (DATABASE_URL/REDIS_URL when both are set, else a throwaway server: bench/support/servers.ts;
// migrated either way): 3 posts, 150 GPs, 2026-01-01..06-30 with both holidays and the March
// DST change, ~2,900 assignments. Measures the statements of the period (load + price + names), the
// payroll CSV and XLSX, and a retroactive revision of nza-2026 (prices the period twice, stores two
// runs and the revision in one transaction). Baseline in the same process: the pure engine
// (buildStatements) on the same assignments already in memory. Cleans up its HDS afterwards.
// Prints a table, then ONE line of JSON with the figures.
import { randomUUID } from 'node:crypto';
import { AuditTrail } from '@anw/audit';
import { createDataSource } from '@anw/database';
import { loadConfig } from '@anw/platform';
import { RosterPeriodEntity, categoryColumns } from '@anw/rosters';
import { buildStatements } from '@anw/tariffs';
import { PayPolicyService, StatementsService, TariffRevisionsService, TariffTablesService } from '@anw/tariffs-service';
import { parseLocal } from '@anw/time';
import { BENCH_JWT_SECRET, benchServers } from './support/servers.js';

const GPS = 150;
const POSTS = 3;
const START = '2026-01-01';
const END = '2026-06-30';
const ROUNDS = 5;

interface Shape {
  code: string;
  role: string;
  from: string;
  to: string;
  overnight: boolean;
  required: number;
}

const WEEKDAY: Shape[] = [
  { code: 'AC', role: 'consult', from: '17:00', to: '23:00', overnight: false, required: 2 },
  { code: 'AV', role: 'visite', from: '16:00', to: '24:00', overnight: false, required: 1 },
  { code: 'N', role: 'consult', from: '23:00', to: '08:00', overnight: true, required: 1 },
];
const WEEKEND: Shape[] = [
  { code: 'DC', role: 'consult', from: '08:00', to: '17:00', overnight: false, required: 2 },
  { code: 'AV', role: 'visite', from: '16:00', to: '24:00', overnight: false, required: 1 },
  { code: 'N', role: 'consult', from: '23:00', to: '08:00', overnight: true, required: 1 },
];

function dates(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
}

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const servers = benchServers('statements');
  try {
    await measure(loadConfig({ JWT_SECRET: BENCH_JWT_SECRET, ...process.env, DATABASE_URL: servers.databaseUrl, REDIS_URL: servers.redisUrl }));
  } finally {
    servers.stop();
  }
}

async function measure(config: ReturnType<typeof loadConfig>): Promise<void> {
  const ds = createDataSource(config);
  await ds.initialize();
  const audit = new AuditTrail();
  const tables = new TariffTablesService(ds);
  await tables.onModuleInit();
  const policies = new PayPolicyService(ds, audit);
  const statements = new StatementsService(ds, tables, policies, audit);
  const revisions = new TariffRevisionsService(ds, tables, policies, statements, audit);

  const [region] = await ds.query(`INSERT INTO regions (name) VALUES ($1) RETURNING id`, [`Bench ${randomUUID().slice(0, 8)}`]);
  const [hds] = await ds.query(`INSERT INTO hds (region_id, code, name, evening_start) VALUES ($1, $2, 'Bench HDS', '17:00') RETURNING id`, [region.id, `BENCH-${randomUUID().slice(0, 8)}`]);
  const hdsId: string = hds.id;
  try {
    const gpIds: string[] = [];
    for (let i = 0; i < GPS; i++) {
      const [gp] = await ds.query(`INSERT INTO gps (hds_id, kind, name, email, qualifications) VALUES ($1, 'practiceHolder', $2, $3, '{consult,visite}') RETURNING id`, [hdsId, `Huisarts ${String(i).padStart(3, '0')}`, `h${i}-${hdsId}@bench.anw`]);
      gpIds.push(gp.id);
    }
    const postIds: string[] = [];
    for (let p = 0; p < POSTS; p++) {
      const [post] = await ds.query(`INSERT INTO posts (hds_id, code, name) VALUES ($1, $2, $3) RETURNING id`, [hdsId, `P${p}`, `Post ${p}`]);
      postIds.push(post.id);
    }
    const [period] = await ds.query(`INSERT INTO roster_periods (hds_id, name, start_date, end_date, status, version) VALUES ($1, '2026 H1', $2, $3, 'published', 1) RETURNING id`, [hdsId, START, END]);
    const periodId: string = period.id;

    // Shifts and assignments in bulk: round-robin over the GPs (the rules are not the point here).
    let next = 0;
    const shiftRows: unknown[][] = [];
    const assignmentRows: [string, string][] = [];
    for (const date of dates(START, END)) {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      const shapes = weekday === 0 || weekday === 6 ? WEEKEND : WEEKDAY;
      for (const postId of postIds) {
        for (const s of shapes) {
          const startMs = parseLocal(`${date}T${s.from}`);
          const endMs = parseLocal(`${s.overnight || s.to === '24:00' ? nextDate(date) : date}T${s.to === '24:00' ? '00:00' : s.to}`);
          const id = randomUUID();
          const m = categoryColumns(startMs, endMs, '17:00');
          shiftRows.push([id, hdsId, periodId, postId, s.code, s.role, date, new Date(startMs), new Date(endMs), s.required, m.minutesDag, m.minutesAvond, m.minutesNacht, m.minutesWeekend, m.minutesFeestdag]);
          for (let k = 0; k < s.required; k++) assignmentRows.push([id, gpIds[next++ % GPS]]);
        }
      }
    }
    for (let i = 0; i < shiftRows.length; i += 500) {
      const chunk = shiftRows.slice(i, i + 500);
      const values = chunk.map((_, r) => `(${Array.from({ length: 15 }, (_, c) => `$${r * 15 + c + 1}`).join(', ')})`).join(', ');
      await ds.query(
        `INSERT INTO shifts (id, hds_id, period_id, post_id, code, role, local_date, start_at, end_at, required, minutes_dag, minutes_avond, minutes_nacht, minutes_weekend, minutes_feestdag) VALUES ${values}`,
        chunk.flat(),
      );
    }
    for (let i = 0; i < assignmentRows.length; i += 1000) {
      const chunk = assignmentRows.slice(i, i + 1000);
      const values = chunk.map((_, r) => `($1, $${r * 2 + 2}, $${r * 2 + 3}, 'engine')`).join(', ');
      await ds.query(`INSERT INTO assignments (hds_id, shift_id, gp_id, source) VALUES ${values}`, [hdsId, ...chunk.flat()]);
    }
    const periodEntity = await ds.getRepository(RosterPeriodEntity).findOneByOrFail({ id: periodId });

    // Baseline: the pure engine on assignments already in memory.
    const inputs = await statements.inputs(ds.manager, hdsId, periodEntity);
    const { inForce } = await tables.forHds(hdsId);
    const baseline: number[] = [];
    let engineTotal = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      engineTotal = buildStatements(inputs.assignments, inputs.period, { ...inputs.context, tables: inForce }).reduce((s, x) => s + x.totalCents, 0);
      baseline.push(performance.now() - t0);
    }
    const list: number[] = [];
    const csv: number[] = [];
    const xlsx: number[] = [];
    const revise: number[] = [];
    let serviceTotal = 0;
    let xlsxBytes = 0;
    let difference = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const l = await time(() => statements.list(hdsId, periodEntity, { page: 1, pageSize: 50 }));
      list.push(l.ms);
      serviceTotal = l.result.totalCents;
      csv.push((await time(() => statements.payrollCsv(hdsId, periodEntity))).ms);
      const x = await time(() => statements.payrollXlsx(hdsId, periodEntity));
      xlsx.push(x.ms);
      xlsxBytes = x.result.length;
      const rev = await time(() =>
        revisions.revise(
          { hdsId, actorUserId: null },
          {
            table: { id: 'nza-2026', version: r + 2, source: 'bench', effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31', centsPerHour: { avond: 11901, nacht: 15563 + (r + 1) * 100, weekend: 13732, feestdag: 15563 } },
            reason: 'bench',
          },
        ),
      );
      revise.push(rev.ms);
      difference = rev.result.totalDifferenceCents;
    }
    if (serviceTotal === 0 || engineTotal === 0) throw new Error('nothing priced');

    const figures = {
      gps: GPS,
      shifts: shiftRows.length,
      assignments: assignmentRows.length,
      baselineEngineMs: +median(baseline).toFixed(1),
      statementsMs: +median(list).toFixed(1),
      payrollCsvMs: +median(csv).toFixed(1),
      payrollXlsxMs: +median(xlsx).toFixed(1),
      revisionMs: +median(revise).toFixed(1),
      xlsxBytes,
      lastRevisionDifferenceCents: difference,
      ratioStatementsToBaseline: +(median(list) / median(baseline)).toFixed(2),
      ratioRevisionToBaseline: +(median(revise) / median(baseline)).toFixed(2),
    };
    const rows: [string, number][] = [
      ['engine only (baseline), in memory', figures.baselineEngineMs],
      ['GET statements (load + price + names)', figures.statementsMs],
      ['payroll.csv', figures.payrollCsvMs],
      ['payroll.xlsx', figures.payrollXlsxMs],
      ['tariff revision (2× price, 2 runs, audit)', figures.revisionMs],
    ];
    process.stdout.write(`tariffs service, ${GPS} GPs, ${shiftRows.length} shifts, ${assignmentRows.length} assignments, ${START}..${END}; median of ${ROUNDS}\n`);
    for (const [label, ms] of rows) process.stdout.write(`${label.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms\n`);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    for (const table of ['statement_runs', 'tariff_revisions', 'pay_policies', 'audit_records', 'outbox_events', 'assignments', 'shifts', 'roster_periods', 'posts', 'gps']) {
      await ds.query(`DELETE FROM ${table} WHERE hds_id = $1`, [hdsId]);
    }
    await ds.query('DELETE FROM hds WHERE id = $1', [hdsId]);
    await ds.query('DELETE FROM regions WHERE id = $1', [region.id]);
    await ds.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
