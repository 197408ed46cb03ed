// npm run bench:notifications — builds first; the worker runs as the compiled app in its own process.
// 1. Raw BullMQ: addBulk + a no-op worker (concurrency 50) on the same Redis: the baseline in jobs/s.
// 2. Publication: a roster of 15,000 assignments over 150 GPs, one roster.published event: time until
//    the last digest reaches the SMTP server (goal ≤ 60 s).
//    Its throughput, as the issue defines the benchmark (the publication of a roster with 15,000
//    assignments): assignments brought to their GPs per second, as a ratio of raw BullMQ jobs/s.
// 3. A harsher reading, one message per event: 10,000 assignment.added events (one e-mail each)
//    through relay, fan-out, ledger and SMTP: messages/s, and its ratio to raw BullMQ jobs/s.
// A second baseline: raw SMTP, nodemailer's pool (the worker's pool size) sending the same number of
// messages straight to the same server: what SMTP alone allows on this machine, whatever queues do.
import { Queue, Worker } from 'bullmq';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { DEFAULT_NOTIFICATION_OPTIONS } from '../libs/notifications/src/notification-options.js';
import {
  createIsolatedDatabase,
  insertEvents,
  killProcess,
  seedRoster,
  spawnWorkerProcess,
  startRedis,
  until,
} from '../test/support/notification-pipeline.js';
import { startSmtpServer } from '../test/support/smtp-server.js';
import { benchServers, onExit } from './support/servers.js';

const RAW_JOBS = 20_000;

/** nodemailer's pooled transport in a child process; returns messages/s. */
async function rawSmtp(port: number, count: number, pool: number): Promise<number> {
  const script = `
    import nodemailer from 'nodemailer';
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: ${port}, secure: false, pool: true, maxConnections: ${pool}, maxMessages: Infinity });
    const text = 'Beste collega,\\n\\nU bent ingeroosterd voor een dienst: maandag 7 december 2026 17:00–23:00, HAP Noord (AV, consult).\\n\\nMet vriendelijke groet,\\nHDS Bench\\n';
    let next = 0;
    const start = performance.now();
    await Promise.all(Array.from({ length: ${pool * 2} }, async () => {
      for (let i = next++; i < ${count}; i = next++) {
        await t.sendMail({ from: 'ANW Rooster <rooster@anw-rooster.local>', to: 'raw' + i + '@bench.test', subject: 'Nieuwe dienst: ma 7 dec 17:00', text, messageId: '<raw-' + i + '@bench.test>' });
      }
    }));
    process.stdout.write(String(performance.now() - start));
    t.close();`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd() });
  return count / (Number(stdout) / 1000);
}
const GPS = 150;
const ASSIGNMENTS = 15_000;
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);

// The PostgreSQL server: DATABASE_URL/REDIS_URL when both are set, else a throwaway one (purged
// at the end). The benchmark makes a database of its own beside DATABASE_URL's and migrates that;
// Redis for the queues is a redis-server of its own too (startRedis), so nothing else shares it.
const servers = benchServers('notifications', { migrate: false });
process.env.DATABASE_URL = servers.databaseUrl;
process.env.REDIS_URL = servers.redisUrl;
process.env.JWT_SECRET ??= 'bench-secret-bench-secret-bench-secret!!';

const db = await createIsolatedDatabase();
const redis = await startRedis();
const smtp = await startSmtpServer();
const sql = new pg.Client({ connectionString: db.url });
await sql.connect();
const rows: [string, string][] = [];
let worker: ReturnType<typeof spawnWorkerProcess> | undefined;

try {
  // 1. Raw BullMQ baseline.
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const raw = new Queue('bench-raw', { connection, prefix: '{bench}' });
  let done = 0;
  let finished: () => void = () => undefined;
  const allDone = new Promise<void>((r) => (finished = r));
  const noop = new Worker('bench-raw', async () => undefined, { connection, prefix: '{bench}', concurrency: 50 });
  noop.on('completed', () => ++done === RAW_JOBS && finished());
  await noop.waitUntilReady();
  const rawStart = performance.now();
  for (let i = 0; i < RAW_JOBS; i += 1_000) await raw.addBulk(Array.from({ length: 1_000 }, (_, k) => ({ name: 'noop', data: { i: i + k } })));
  const addSeconds = (performance.now() - rawStart) / 1000;
  await allDone;
  const rawSeconds = (performance.now() - rawStart) / 1000;
  const rawJobsPerSecond = RAW_JOBS / rawSeconds;
  await noop.close();
  await raw.obliterate({ force: true });
  await raw.close();
  rows.push(['raw BullMQ: addBulk', `${RAW_JOBS} jobs in ${addSeconds.toFixed(2)} s (${Math.round(RAW_JOBS / addSeconds)} jobs/s)`]);
  rows.push(['raw BullMQ: added + processed (no-op, c=50)', `${rawSeconds.toFixed(2)} s → ${Math.round(rawJobsPerSecond)} jobs/s`]);

  // 1b. Raw SMTP: messages of the same shape straight to the same server from a process of their own
  //     (as the worker is), as many side by side as the worker's pool allows.
  const rawSmtpPerSecond = await rawSmtp(smtp.port, EVENTS, DEFAULT_NOTIFICATION_OPTIONS.smtpPoolSize);
  rows.push([`raw SMTP: ${EVENTS} messages (pool ${DEFAULT_NOTIFICATION_OPTIONS.smtpPoolSize})`, `${Math.round(rawSmtpPerSecond)} messages/s`]);

  // The worker app, warmed up before anything is measured.
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, SMTP_URL: smtp.url, LOG_LEVEL: 'error', NODE_ENV: 'production' };
  const bootStart = performance.now();
  worker = spawnWorkerProcess(env);
  const child = worker;
  child.once('exit', onExit(() => child.kill('SIGKILL')));
  const [warm] = await insertEvents(sql, (await seedRoster(sql, { gps: 1, shifts: 1, perShift: 1, daysAhead: 30 })).hdsId, [{ type: 'bench.warmup', payload: {} }]);
  await until(async () => (await sql.query('SELECT 1 FROM notification_fanouts WHERE event_id = $1', [warm])).rowCount ?? 0, (n) => n > 0, 60_000, 'worker ready');
  rows.push(['worker start until first event handled', `${((performance.now() - bootStart) / 1000).toFixed(2)} s`]);

  // 2. Publication of 15,000 assignments → 150 digests.
  const roster = await seedRoster(sql, { gps: GPS, shifts: ASSIGNMENTS / 2, perShift: 2, daysAhead: 30 });
  // The frozen version the digest is built from, as PeriodsService.publish writes it.
  await sql.query(
    `INSERT INTO roster_versions (hds_id, period_id, version, kind, shifts)
     SELECT $1, $2, 1, 'publication', jsonb_agg(jsonb_build_object('id', s.id, 'postId', s.post_id, 'code', s.code, 'role', s.role, 'localDate', s.local_date,
              'startAt', to_char(s.start_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'endAt', to_char(s.end_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'required', s.required, 'gpIds', (SELECT jsonb_agg(a.gp_id) FROM assignments a WHERE a.shift_id = s.id)) ORDER BY s.start_at)
       FROM shifts s WHERE s.period_id = $2`,
    [roster.hdsId, roster.periodId],
  );
  const emails = new Set(roster.emails.values());
  const digests = (): number => smtp.messages.filter((m) => m.to.some((t) => emails.has(t))).length;
  const publishStart = performance.now();
  await insertEvents(sql, roster.hdsId, [{ type: 'roster.published', payload: { periodId: roster.periodId, version: 1 } }]);
  await until(async () => digests(), (n) => n >= GPS, 120_000, 'all digests');
  const publishSeconds = (performance.now() - publishStart) / 1000;
  const sample = smtp.messages.find((m) => m.to.some((t) => emails.has(t)));
  const publishPerSecond = ASSIGNMENTS / publishSeconds;
  const publishRatio = publishPerSecond / rawJobsPerSecond;
  rows.push(['publication: 15,000 assignments, 150 GPs', `last digest after ${publishSeconds.toFixed(2)} s (goal ≤ 60 s)`]);
  rows.push(['publication throughput', `${Math.round(publishPerSecond)} assignments/s → ratio to raw BullMQ ${publishRatio.toFixed(2)} (goal ≥ 0.5)`]);
  rows.push(['digest size', `${Math.round((sample?.raw.length ?? 0) / 1024)} KiB, ${(sample?.text.match(/ · /g)?.length ?? 0) / 2} diensten`]);

  // 3. Throughput: EVENTS events, one message each.
  const before = smtp.messages.length;
  const burst = roster.assignments.slice(0, EVENTS).map((a) => ({ type: 'assignment.added', payload: { periodId: roster.periodId, shiftId: a.shiftId, gpId: a.gpId } }));
  while (burst.length < EVENTS) burst.push(...burst.slice(0, EVENTS - burst.length));
  const burstStart = performance.now();
  await insertEvents(sql, roster.hdsId, burst);
  await until(async () => smtp.messages.length - before, (n) => n >= EVENTS, 600_000, 'burst delivered');
  const burstSeconds = (performance.now() - burstStart) / 1000;
  const pipelinePerSecond = EVENTS / burstSeconds;
  const ratio = pipelinePerSecond / rawJobsPerSecond;
  const counts = smtp.countsById();
  const repeats = [...counts.values()].filter((n) => n > 1).length;
  rows.push([`pipeline: ${EVENTS} events → e-mails`, `${burstSeconds.toFixed(2)} s → ${Math.round(pipelinePerSecond)} messages/s, ${repeats} repeats`]);
  rows.push(['ratio pipeline messages/s ÷ raw BullMQ jobs/s', `${ratio.toFixed(3)}`]);
  rows.push(['ratio pipeline messages/s ÷ raw SMTP messages/s', `${(pipelinePerSecond / rawSmtpPerSecond).toFixed(3)}`]);
  rows.push(['ratio raw SMTP ÷ raw BullMQ (the ceiling SMTP sets)', `${(rawSmtpPerSecond / rawJobsPerSecond).toFixed(3)}`]);

  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\nnotification pipeline (real Redis, PostgreSQL, SMTP on loopback; worker = compiled app)\n`);
  for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(width)}  ${v}\n`);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'notifications',
      rawJobsPerSecond: Math.round(rawJobsPerSecond),
      publishAssignments: ASSIGNMENTS,
      publishDigests: GPS,
      publishSeconds: Number(publishSeconds.toFixed(2)),
      publishGoalMet: publishSeconds <= 60,
      publishAssignmentsPerSecond: Math.round(publishPerSecond),
      publishRatio: Number(publishRatio.toFixed(3)),
      publishRatioGoalMet: publishRatio >= 0.5,
      events: EVENTS,
      pipelineSeconds: Number(burstSeconds.toFixed(2)),
      pipelineMessagesPerSecond: Math.round(pipelinePerSecond),
      messageRatio: Number(ratio.toFixed(3)),
      rawSmtpMessagesPerSecond: Math.round(rawSmtpPerSecond),
      ratioToRawSmtp: Number((pipelinePerSecond / rawSmtpPerSecond).toFixed(3)),
      ratioRawSmtpToRawBullmq: Number((rawSmtpPerSecond / rawJobsPerSecond).toFixed(3)),
      repeats,
    })}\n`,
  );
} finally {
  if (worker) await killProcess(worker);
  await sql.end();
  await smtp.close();
  await redis.stop();
  await db.drop();
  servers.stop();
}
