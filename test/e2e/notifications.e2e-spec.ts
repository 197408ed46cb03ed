import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { TestingModule } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { Locale, Role } from '@anw/identity';
import { NotificationQueues, reminderJobId } from '@anw/notifications';
import { GpEntity, GpKind, Qualification } from '@anw/rosters';
import { TenantFactory, TEST_PASSWORD } from '../factories/tenant.factory.js';
import { client, login } from '../support/http.js';
import { createIsolatedDatabase, startNotificationWorker, until, type IsolatedDatabase } from '../support/notification-pipeline.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../support/smtp-server.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';

jest.setTimeout(30_000);

const ZONE = 'Europe/Amsterdam';
const local = (dt: DateTime): string => dt.setZone(ZONE).toFormat("yyyy-MM-dd'T'HH:mm");

interface Doctor {
  gp: GpEntity;
  token: string;
}

interface Hook {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('notifications (e2e: API + worker + SMTP on loopback)', () => {
  const saved = { ...process.env };
  let db: IsolatedDatabase;
  let smtp: TestSmtpServer;
  let sut: TestApp;
  let worker: TestingModule;
  let call: ReturnType<typeof client>;
  let tenant: TestTenant;
  let base: string;
  let postId: string;
  let periodId: string;
  let anna: Doctor;
  let bob: Doctor;
  const prefix = `{anwt${randomUUID().slice(0, 8)}}`;
  const today = DateTime.now().setZone(ZONE).startOf('day');

  async function doctor(name: string, locale: Locale, phone: string | null = null): Promise<Doctor> {
    const gp = await sut.dataSource.getRepository(GpEntity).save({
      hdsId: tenant.hds.id, kind: GpKind.PracticeHolder, name, email: `${name.toLowerCase().replace(/\W/g, '')}-${randomUUID().slice(0, 6)}@huisarts.test`, phone, qualifications: [Qualification.Consult],
    });
    const user = await TenantFactory.user(sut.dataSource, [{ role: Role.Gp, hdsId: tenant.hds.id, gpId: gp.id }], { locale, displayName: name });
    return { gp, token: await login(sut.url, user.email, TEST_PASSWORD) };
  }

  async function shift(start: DateTime, hours = 6): Promise<string> {
    const res = await call('POST', `${base}/periods/${periodId}/shifts`, {
      token: tenant.tokens.planner,
      body: { postId, role: 'consult', code: 'AC', start: local(start), end: local(start.plus({ hours })), required: 1, reason: 'extra dienst' },
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function assign(shiftId: string, gpId: string): Promise<void> {
    const res = await call('POST', `${base}/shifts/${shiftId}/assignments`, { token: tenant.tokens.planner, body: { gpId, reason: 'planner' } });
    expect(res.status).toBe(201);
  }

  const mailsTo = (address: string): ReceivedMail[] => smtp.messages.filter((m) => m.to.includes(address));

  /** Every outbox event so far has been turned into deliveries. */
  async function settled(): Promise<void> {
    await until(
      async () => Number((await sut.dataSource.query('SELECT count(*) FROM outbox_events o WHERE NOT EXISTS (SELECT 1 FROM notification_fanouts f WHERE f.event_id = o.id)'))[0].count),
      (n) => n === 0,
      10_000,
      'all events fanned out',
    );
  }

  beforeAll(async () => {
    db = await createIsolatedDatabase();
    smtp = await startSmtpServer();
    Object.assign(process.env, { DATABASE_URL: db.url, SMTP_URL: smtp.url, QUEUE_PREFIX: prefix, PUBLIC_BASE_URL: 'https://rooster.example.nl' });
    sut = await startApi();
    worker = await startNotificationWorker();
    call = client(sut.url);
    tenant = await createTenant(sut);
    base = `/hds/${tenant.hds.id}`;
    postId = (await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { code: 'HAP-Z', name: 'HAP Zaandam' } })).body.id;
    const period = await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'Testkwartaal', startDate: today.toISODate(), endDate: today.plus({ days: 40 }).toISODate() } });
    periodId = period.body.id;
    anna = await doctor('Anna de Vries', Locale.Nl);
    bob = await doctor('Bob Smith', Locale.En);
  });

  afterAll(async () => {
    await worker?.close();
    await sut?.close();
    await smtp?.close();
    await db?.drop();
    const redis = new Redis(saved.REDIS_URL as string);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    process.env = saved;
  });

  it('sends no mail for draft changes, then one digest per GP at publication, in their language', async () => {
    const a1 = await shift(today.plus({ days: 20, hours: 17 }));
    const a2 = await shift(today.plus({ days: 22, hours: 23 }), 9);
    const b1 = await shift(today.plus({ days: 21, hours: 17 }));
    await assign(a1, anna.gp.id);
    await assign(a2, anna.gp.id);
    await assign(b1, bob.gp.id);
    await settled();
    expect(smtp.messages).toHaveLength(0);

    expect((await call('POST', `${base}/periods/${periodId}/publish`, { token: tenant.tokens.planner })).status).toBe(200);
    await smtp.waitFor(() => mailsTo(anna.gp.email).length === 1 && mailsTo(bob.gp.email).length === 1);
    const [nl] = mailsTo(anna.gp.email);
    expect(nl.subject).toBe('Rooster Testkwartaal gepubliceerd: uw diensten');
    expect(nl.text).toContain('Beste Anna de Vries,');
    expect(nl.text).toContain('U heeft 2 diensten (15 uur):');
    const night = today.plus({ days: 22, hours: 23 }).setLocale('nl');
    expect(nl.text).toContain(`${night.toFormat('ccc dd-MM-yyyy')} 23:00–${night.plus({ days: 1 }).toFormat('ccc')} 08:00 · HAP Zaandam · AC (consult)`);
    expect(nl.text).toContain(`https://rooster.example.nl/hds/${tenant.hds.id}/feeds`);
    const [en] = mailsTo(bob.gp.email);
    expect(en.subject).toBe('Roster Testkwartaal published: your shifts');
    expect(en.text).toContain('You have 1 shift (6 hours):');
    expect(nl.messageId).toMatch(/^<[0-9a-f]{40}@anw-rooster\.local>$/);
    expect(nl.messageId).not.toBe(en.messageId);
    expect(nl.headers['x-anw-delivery']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('tells the GPs on a dienst when a planner adds, moves or removes them after publication', async () => {
    const s = await shift(today.plus({ days: 25, hours: 17 }));
    await assign(s, bob.gp.id);
    await smtp.waitFor(() => mailsTo(bob.gp.email).some((m) => m.subject.startsWith('New shift')));
    const moved = await call('PATCH', `${base}/shifts/${s}`, { token: tenant.tokens.planner, body: { start: local(today.plus({ days: 25, hours: 18 })), end: local(today.plus({ days: 26 })), reason: 'later begin' } });
    expect(moved.status).toBe(200);
    await smtp.waitFor(() => mailsTo(bob.gp.email).some((m) => m.subject.startsWith('Shift changed')));
    const change = mailsTo(bob.gp.email).find((m) => m.subject.startsWith('Shift changed')) as ReceivedMail;
    expect(change.text).toContain('18:00–');
    expect(change.text).toMatch(/was: .* 17:00–23:00/);
    expect(change.text).toContain('Reason: later begin');
    expect((await call('DELETE', `${base}/shifts/${s}/assignments/${bob.gp.id}?reason=ziek`, { token: tenant.tokens.planner })).status).toBe(200);
    await smtp.waitFor(() => mailsTo(bob.gp.email).some((m) => m.subject.startsWith('Shift removed')));
  });

  it('signs webhook calls with HMAC-SHA256 over timestamp.body', async () => {
    const received: Hook[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
    try {
      expect((await call('PUT', `${base}/notifications/webhook`, { token: tenant.tokens.planner, body: { url, active: true } })).status).toBe(403);
      expect((await call('PUT', `${base}/notifications/webhook`, { token: tenant.tokens.admin, body: { url: 'ftp://x', active: true } })).status).toBe(400);
      const put = await call('PUT', `${base}/notifications/webhook`, { token: tenant.tokens.admin, body: { url, active: true } });
      expect(put.status).toBe(200);
      const secret: string = put.body.secret;
      expect(secret.length).toBeGreaterThanOrEqual(40);
      const s = await shift(today.plus({ days: 27, hours: 17 }));
      await until(async () => received.length, (n) => n >= 1, 10_000, 'webhook call');
      const hook = received[0];
      const ts = hook.headers['x-anw-timestamp'] as string;
      expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
      expect(hook.headers['x-anw-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`${ts}.${hook.body}`).digest('hex')}`);
      const event = JSON.parse(hook.body);
      expect(event).toMatchObject({ type: 'shift.added', hdsId: tenant.hds.id, payload: { shiftId: s, periodId } });
      expect(hook.headers['x-anw-event']).toBe('shift.added');
    } finally {
      await call('PUT', `${base}/notifications/webhook`, { token: tenant.tokens.admin, body: { url, active: false } });
      server.close();
    }
  });

  it('keeps each GP to their own preferences: channels, kinds and validation', async () => {
    const carla = await doctor('Carla Bakker', Locale.Nl, '+31612345678');
    const defaults = await call('GET', `${base}/notifications/preferences`, { token: carla.token });
    expect(defaults.status).toBe(200);
    expect(defaults.body).toMatchObject({ gpId: carla.gp.id, channels: { email: true, sms: false }, reminderLeadMinutes: 1440, saved: false });
    expect(defaults.body.kinds).toContain('assignment');

    const bad = await call('PUT', `${base}/notifications/preferences`, { token: carla.token, body: { channels: { email: 'ja', sms: false }, kinds: ['assignment', 'spam'], reminderLeadMinutes: 5 } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.code).toBe('validation_failed');
    expect(JSON.stringify(bad.body.errors)).toContain('kinds mag bevatten');
    expect((await call('GET', `${base}/notifications/preferences`, { token: tenant.tokens.planner })).status).toBe(403);
    const noRecord = await call('GET', `${base}/notifications/preferences`, { token: tenant.tokens.gp });
    expect(noRecord.status).toBe(404);
    expect(noRecord.body.code).toBe('no_gp_record');

    const put = await call('PUT', `${base}/notifications/preferences`, { token: carla.token, body: { channels: { email: false, sms: true }, kinds: ['assignment', 'roster'], reminderLeadMinutes: 120 } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ channels: { email: false, sms: true }, kinds: ['roster', 'assignment'], reminderLeadMinutes: 120, saved: true });
    const s = await shift(today.plus({ days: 29, hours: 17 }));
    await assign(s, carla.gp.id);
    const rows = await until(
      () => sut.dataSource.query(`SELECT channel, status, address FROM notification_deliveries WHERE recipient = $1`, [`gp:${carla.gp.id}`]) as Promise<{ channel: string; status: string; address: string }[]>,
      (r) => r.length > 0 && r.every((x) => x.status === 'sent'),
      10_000,
      'sms sent',
    );
    expect(rows).toEqual([{ channel: 'sms', status: 'sent', address: '+31612345678' }]);
    expect(mailsTo(carla.gp.email)).toHaveLength(0);
  });

  it('dead-letters a message after the last attempt; an hds-admin sees and retries it', async () => {
    const dirk = await doctor('Dirk Jansen', Locale.Nl);
    smtp.reject.add(dirk.gp.email.toLowerCase());
    const s = await shift(today.plus({ days: 31, hours: 17 }));
    await assign(s, dirk.gp.id);
    const list = await until(
      () => call('GET', `${base}/notifications/dead-letters`, { token: tenant.tokens.admin }),
      (r) => r.status === 200 && r.body.items.some((d: { recipient: string }) => d.recipient === `gp:${dirk.gp.id}`),
      15_000,
      'dead letter',
    );
    const dead = list.body.items.find((d: { recipient: string }) => d.recipient === `gp:${dirk.gp.id}`);
    expect(dead).toMatchObject({ kind: 'assignment.added', channel: 'email', address: dirk.gp.email, attempts: 2, retriedAt: null });
    expect(dead.error).toContain('550');
    expect(list.body).toMatchObject({ page: 1, pageSize: 50 });
    expect((await call('GET', `${base}/notifications/dead-letters`, { token: tenant.tokens.planner })).status).toBe(403);
    const other = await createTenant(sut);
    expect((await call('POST', `${base}/notifications/dead-letters/${dead.id}/retry`, { token: other.tokens.admin })).status).toBe(403);
    expect((await call('POST', `/hds/${other.hds.id}/notifications/dead-letters/${dead.id}/retry`, { token: other.tokens.admin })).status).toBe(404);

    smtp.reject.delete(dirk.gp.email.toLowerCase());
    const retry = await call('POST', `${base}/notifications/dead-letters/${dead.id}/retry`, { token: tenant.tokens.admin });
    expect(retry.status).toBe(202);
    expect(retry.body.retriedAt).not.toBeNull();
    await smtp.waitFor(() => mailsTo(dirk.gp.email).length === 1);
    expect(mailsTo(dirk.gp.email)[0].subject).toMatch(/^Nieuwe dienst: /);
    expect((await call('POST', `${base}/notifications/dead-letters/${dead.id}/retry`, { token: tenant.tokens.admin })).status).toBe(409);
    const after = await call('GET', `${base}/notifications/dead-letters`, { token: tenant.tokens.admin });
    expect(after.body.items.some((d: { id: string }) => d.id === dead.id)).toBe(false);
    const all = await call('GET', `${base}/notifications/dead-letters?includeRetried=true`, { token: tenant.tokens.admin });
    expect(all.body.items.some((d: { id: string }) => d.id === dead.id)).toBe(true);
  });

  it('reminds before a dienst, moves the reminder with the dienst and drops it when the GP is taken off', async () => {
    const queues = worker.get(NotificationQueues);
    const soon = DateTime.now().setZone(ZONE).plus({ hours: 3 }).startOf('hour');
    const s1 = await shift(soon, 2);
    await assign(s1, anna.gp.id);
    // Due already (24 h lead, the dienst is in 3 h): the reminder goes out at once.
    await smtp.waitFor(() => mailsTo(anna.gp.email).some((m) => m.subject.startsWith('Herinnering dienst')));

    const later = today.plus({ days: 4, hours: 17 });
    const s2 = await shift(later);
    await assign(s2, bob.gp.id);
    const id = reminderJobId(s2, bob.gp.id);
    const job = await until(() => queues.notifications.getJob(id), (j) => j !== undefined, 10_000, 'reminder job');
    expect(job?.data.fireAt).toBe(later.minus({ hours: 24 }).toUTC().toISO({ suppressMilliseconds: false }));
    expect(await job?.getState()).toBe('delayed');

    const moved = later.plus({ hours: 2 });
    expect((await call('PATCH', `${base}/shifts/${s2}`, { token: tenant.tokens.planner, body: { start: local(moved), end: local(moved.plus({ hours: 5 })), reason: 'later' } })).status).toBe(200);
    await until(() => queues.notifications.getJob(id), (j) => j?.data.startAt === moved.toUTC().toISO(), 10_000, 'reminder moved');

    expect((await call('DELETE', `${base}/shifts/${s2}/assignments/${bob.gp.id}?reason=ruil`, { token: tenant.tokens.planner })).status).toBe(200);
    await until(() => queues.notifications.getJob(id), (j) => j === undefined, 10_000, 'reminder removed');
  });
  it('brings the marketplace to people: a swap proposed, accepted and undone, a dienst offered and claimed', async () => {
    const a = await shift(today.plus({ days: 30, hours: 17 }));
    const b = await shift(today.plus({ days: 33, hours: 17 }));
    const c = await shift(today.plus({ days: 36, hours: 17 }));
    await assign(a, anna.gp.id);
    await assign(b, bob.gp.id);
    await assign(c, anna.gp.id);
    await settled();
    const before = { anna: mailsTo(anna.gp.email).length, bob: mailsTo(bob.gp.email).length };
    const since = (address: string, n: number): ReceivedMail[] => mailsTo(address).slice(n);

    const proposed = await call('POST', `${base}/marketplace/swaps`, { token: anna.token, body: { shiftId: a, otherShiftId: b, toGpId: bob.gp.id } });
    expect(proposed.status).toBe(201);
    await smtp.waitFor(() => since(bob.gp.email, before.bob).some((m) => m.subject.startsWith('Swap request')));
    expect(since(bob.gp.email, before.bob).find((m) => m.subject.startsWith('Swap request'))?.text).toContain('Anna de Vries proposes a swap with you:');

    expect((await call('POST', `${base}/marketplace/swaps/${proposed.body.id}/accept`, { token: bob.token, body: {} })).body.status).toBe('completed');
    await smtp.waitFor(() => since(anna.gp.email, before.anna).some((m) => m.subject.startsWith('Ruil geaccepteerd')));
    expect(since(anna.gp.email, before.anna).find((m) => m.subject.startsWith('Ruil geaccepteerd'))?.text).toContain('Bob Smith heeft uw ruilverzoek geaccepteerd:');

    expect((await call('POST', `${base}/marketplace/swaps/${proposed.body.id}/undo`, { token: anna.token, body: {} })).body.status).toBe('undone');
    await smtp.waitFor(() => since(anna.gp.email, before.anna).some((m) => m.subject.startsWith('Ruil of overname teruggedraaid')) && since(bob.gp.email, before.bob).some((m) => m.subject.startsWith('Trade undone')));

    // Anna offers her dienst to everyone eligible: Bob (qualified, free) hears of it, claims it and is told he has it.
    const offered = await call('POST', `${base}/marketplace/offers`, { token: anna.token, body: { shiftId: c } });
    expect(offered.status).toBe(201);
    await smtp.waitFor(() => since(bob.gp.email, before.bob).some((m) => m.subject.startsWith('Shift offered')));
    expect(since(anna.gp.email, before.anna).some((m) => m.subject.startsWith('Dienst aangeboden'))).toBe(false);
    const claimed = await call('POST', `${base}/marketplace/claims`, { token: bob.token, body: { offerId: offered.body.id } });
    expect([claimed.status, claimed.body.detail]).toEqual([201, undefined]);
    await smtp.waitFor(() => since(bob.gp.email, before.bob).some((m) => m.subject.startsWith('Shift won')));
    await settled();
    // The ledger settles with every marketplace message sent, each once per recipient and channel.
    const ledger = async (): Promise<{ kind: string; status: string; n: number }[]> =>
      sut.dataSource.query(
        `SELECT kind, status, count(*)::int AS n FROM notification_deliveries
          WHERE hds_id = $1 AND channel = 'email' AND split_part(kind, '.', 1) IN ('swap', 'offer', 'claim', 'trade') GROUP BY 1, 2 ORDER BY 1, 2`,
        [tenant.hds.id],
      );
    const rows = await until(ledger, (r) => r.every((x) => x.status === 'sent'), 10_000, 'marketplace messages sent');
    expect(rows.map((r) => r.kind)).toEqual(expect.arrayContaining(['claim.won', 'offer.created', 'swap.accepted', 'swap.proposed', 'trade.undone']));
  });
});
