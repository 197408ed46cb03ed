import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { TestingModule } from '@nestjs/testing';
import pg from 'pg';
import { DateTime } from 'luxon';
import { Role } from '@anw/identity';
import { messageIdFor } from '@anw/notifications';
import { GpEntity, GpKind, Qualification } from '@anw/rosters';
import { TenantFactory } from '../factories/tenant.factory.js';
import { client } from '../support/http.js';
import {
  createIsolatedDatabase,
  insertEvents,
  killProcess,
  seedRoster,
  spawnWorkerProcess,
  startNotificationWorker,
  startRedis,
  until,
  type IsolatedDatabase,
  type TestRedis,
} from '../support/notification-pipeline.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { createTenant } from '../support/tenant.js';
import { startApi } from '../support/test-app.js';

jest.setTimeout(300_000);

/** A 10,000-event publish, as the issue asks (about 30 s here); NOTIFICATIONS_RELIABILITY_EVENTS runs another size. */
const EVENTS = Number(process.env.NOTIFICATIONS_RELIABILITY_EVENTS ?? 10_000);
const GPS = 40;
const MAIL_FROM = 'ANW Rooster <rooster@anw-rooster.local>';

describe('notification pipeline reliability (int: real Redis of its own, PostgreSQL, SMTP on loopback)', () => {
  const saved = { ...process.env };
  let db: IsolatedDatabase;
  let redis: TestRedis;
  let smtp: TestSmtpServer;
  let sql: pg.Client;

  beforeAll(async () => {
    db = await createIsolatedDatabase();
    redis = await startRedis();
    smtp = await startSmtpServer();
    Object.assign(process.env, { DATABASE_URL: db.url, REDIS_URL: redis.url, SMTP_URL: smtp.url, MAIL_FROM });
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await smtp?.close();
    await redis?.stop();
    await db?.drop();
    process.env = saved;
  });

  it(`delivers each of ${EVENTS} + ${GPS} messages exactly once through a killed worker and two Redis restarts`, async () => {
    const roster = await seedRoster(sql, { gps: GPS, shifts: EVENTS / GPS, perShift: GPS, daysAhead: 30 });
    await insertEvents(sql, roster.hdsId, [
      { type: 'roster.published', payload: { periodId: roster.periodId, version: 1 } },
      ...roster.assignments.map((a) => ({ type: 'assignment.added', payload: { periodId: roster.periodId, shiftId: a.shiftId, gpId: a.gpId } })),
    ]);
    const events = (await sql.query(`SELECT id, type, payload->>'gpId' AS gp_id FROM outbox_events WHERE hds_id = $1`, [roster.hdsId])).rows as { id: string; type: string; gp_id: string | null }[];
    const expected = new Set<string>();
    for (const e of events) {
      const recipients = e.type === 'roster.published' ? roster.gpIds : [e.gp_id as string];
      for (const gp of recipients) expected.add(messageIdFor(`${e.id}|gp:${gp}|email`, MAIL_FROM));
    }
    expect(expected.size).toBe(EVENTS + GPS);
    const received = (): number => new Set(smtp.messages.map((m) => m.messageId)).size;

    // Worker A runs until a quarter is out, then dies at once (SIGKILL: no shutdown hooks, claims left behind).
    const a = spawnWorkerProcess({});
    await until(async () => received(), (n) => n >= expected.size / 4, 120_000, 'first quarter delivered');
    await killProcess(a);
    // What A had claimed but not confirmed: the only messages whose fate is unknown (sent or not).
    const unconfirmed = new Set(
      ((await sql.query(`SELECT source, recipient, channel FROM notification_deliveries WHERE status = 'sending'`)).rows as { source: string; recipient: string; channel: string }[]).map((r) =>
        messageIdFor(`${r.source}|${r.recipient}|${r.channel}`, MAIL_FROM),
      ),
    );
    const beforeRestart = await sql.query('SELECT count(*)::int AS n FROM outbox_events WHERE relayed_at IS NULL');
    // Redis dies too and comes back empty (no persistence): every queued job is gone.
    await redis.restart();

    const b = spawnWorkerProcess({});
    try {
      await until(async () => received(), (n) => n >= (expected.size * 2) / 3, 120_000, 'two thirds delivered');
      // And once more while B is busy.
      await redis.restart();
      await until(async () => received(), (n) => n >= expected.size, 120_000, 'every message delivered');
      // Give stragglers (a duplicate would be one) a moment to arrive.
      await new Promise((r) => setTimeout(r, 1_000));
    } finally {
      await killProcess(b);
    }

    const counts = smtp.countsById();
    expect([...counts.keys()].filter((id) => !expected.has(id))).toEqual([]);
    expect([...expected].filter((id) => !counts.has(id))).toEqual([]);
    const repeated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    // Exactly once, except where SMTP itself cannot tell: a message A handed over in the instant
    // before it died, unconfirmed in the ledger. Those carry the same Message-ID, so the receiving
    // MTA drops the repeat; no other message may arrive twice.
    expect(repeated.filter((id) => !unconfirmed.has(id))).toEqual([]);
    expect(smtp.messages.length).toBe(expected.size + repeated.length);
    process.stdout.write(
      `reliability: ${expected.size} messages, ${smtp.messages.length} received, ${repeated.length} repeated (of ${unconfirmed.size} unconfirmed at the kill); ${beforeRestart.rows[0].n} events still in the outbox when A died\n`,
    );

    const ledger = (await sql.query(`SELECT status, count(*)::int AS n FROM notification_deliveries GROUP BY status`)).rows;
    expect(ledger).toEqual([{ status: 'sent', n: expected.size }]);
    expect((await sql.query('SELECT count(*)::int AS n FROM notification_dead_letters')).rows[0].n).toBe(0);
    expect((await sql.query('SELECT count(*)::int AS n FROM outbox_events WHERE relayed_at IS NULL')).rows[0].n).toBe(0);
    expect((await sql.query('SELECT count(*)::int AS n FROM notification_fanouts')).rows[0].n).toBe(EVENTS + 1);
  });

  it('lets planners keep working while Redis is down; their events wait in the outbox and go out when it returns', async () => {
    const api = await startApi();
    const worker: TestingModule = await startNotificationWorker();
    const call = client(api.url);
    try {
      const tenant = await createTenant(api);
      const base = `/hds/${tenant.hds.id}`;
      const postId = (await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { code: 'HAP', name: 'HAP Noord' } })).body.id;
      const today = DateTime.now().setZone('Europe/Amsterdam').startOf('day');
      const periodId = (await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'Storing', startDate: today.plus({ days: 20 }).toISODate(), endDate: today.plus({ days: 60 }).toISODate() } })).body.id;
      const gps: GpEntity[] = [];
      for (let i = 0; i < 5; i++) {
        const gp = await api.dataSource.getRepository(GpEntity).save({ hdsId: tenant.hds.id, kind: GpKind.Locum, name: `Waarnemer ${i}`, email: `waarnemer${i}-${tenant.hds.code}@huisarts.test`, qualifications: [Qualification.Consult] });
        await TenantFactory.user(api.dataSource, [{ role: Role.Gp, hdsId: tenant.hds.id, gpId: gp.id }]);
        gps.push(gp);
      }
      expect((await call('POST', `${base}/periods/${periodId}/publish`, { token: tenant.tokens.planner })).status).toBe(200);
      const mine = (): number => smtp.messages.filter((m) => gps.some((g) => m.to.includes(g.email))).length;
      await until(async () => mine(), (n) => n === 5, 10_000, 'digests');

      await redis.stop();
      const started = Date.now();
      const writes: number[] = [];
      for (let i = 0; i < 10; i++) {
        const start = today.plus({ days: 21 + i * 2, hours: 17 }).toFormat("yyyy-MM-dd'T'HH:mm");
        const end = today.plus({ days: 21 + i * 2, hours: 23 }).toFormat("yyyy-MM-dd'T'HH:mm");
        const shift = await call('POST', `${base}/periods/${periodId}/shifts`, { token: tenant.tokens.planner, body: { postId, role: 'consult', start, end, required: 1, reason: 'storing' } });
        writes.push(shift.status);
        writes.push((await call('POST', `${base}/shifts/${shift.body.id}/assignments`, { token: tenant.tokens.planner, body: { gpId: gps[i % 5].id, reason: 'storing' } })).status);
      }
      expect(writes.every((s) => s >= 200 && s < 300)).toBe(true);
      expect(Date.now() - started).toBeLessThan(10_000);
      await new Promise((r) => setTimeout(r, 500));
      const waiting = (await sql.query('SELECT count(*)::int AS n FROM outbox_events WHERE hds_id = $1 AND relayed_at IS NULL', [tenant.hds.id])).rows[0].n;
      expect(waiting).toBe(20);
      expect(mine()).toBe(5);

      await redis.start();
      await until(async () => mine(), (n) => n === 15, 20_000, 'the ten assignment mails');
      expect((await sql.query('SELECT count(*)::int AS n FROM outbox_events WHERE hds_id = $1 AND relayed_at IS NULL', [tenant.hds.id])).rows[0].n).toBe(0);
      const subjects = smtp.messages.filter((m) => gps.some((g) => m.to.includes(g.email))).map((m) => m.subject.split(':')[0]);
      expect(subjects.filter((s) => s === 'Nieuwe dienst')).toHaveLength(10);
    } finally {
      await worker.close();
      await api.close();
    }
  });
});
