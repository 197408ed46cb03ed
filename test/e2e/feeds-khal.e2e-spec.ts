import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@anw/identity';
import { GpEntity, GpKind, Qualification } from '@anw/rosters';
import { TenantFactory, TEST_PASSWORD } from '../factories/tenant.factory.js';
import { client, login } from '../support/http.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';

/** khal is a real command-line calendar client (Debian package `khal`; scripts/test.sh installs it). */
function khalPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v khal'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('khal ontbreekt: installeer het met `apt-get install -y khal` (npm test doet dat als root zelf).');
  }
}

/** A throwaway khal setup: its own config and data folders, one calendar, a chosen local zone. */
function khal(dir: string, zone: string): (...args: string[]) => string {
  const config = join(dir, zone.replace('/', '-'), 'config');
  const data = join(dir, zone.replace('/', '-'), 'data');
  mkdirSync(join(config, 'khal'), { recursive: true });
  mkdirSync(join(data, 'khal', 'calendars', 'anw'), { recursive: true });
  writeFileSync(
    join(config, 'khal', 'config'),
    [
      '[calendars]',
      '[[anw]]',
      `path = ${join(data, 'khal', 'calendars', 'anw')}`,
      'type = calendar',
      '[locale]',
      'timeformat = %H:%M',
      'dateformat = %Y-%m-%d',
      'longdateformat = %Y-%m-%d',
      'datetimeformat = %Y-%m-%d %H:%M',
      'longdatetimeformat = %Y-%m-%d %H:%M',
      `local_timezone = ${zone}`,
      `default_timezone = ${zone}`,
      '[default]',
      'default_calendar = anw',
      '',
    ].join('\n'),
  );
  const bin = khalPath();
  return (...args) => execFileSync(bin, args, { encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: config, XDG_DATA_HOME: data, LC_ALL: 'C.UTF-8', TZ: 'UTC' } });
}

/** khal lists an event under every day it touches; one line per event is enough. */
function listed(run: (...args: string[]) => string): string[] {
  const out = run('list', '--format', '{start}|{end}|{status}|{title}', '--day-format', '', '2027-03-01', '2027-12-31');
  return [...new Set(out.split('\n').filter((l) => l.trim()).map((l) => l.split('|').map((part) => part.trim()).join('|')))];
}

describe('a personal feed in khal (e2e)', () => {
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let tenant: TestTenant;
  let dir: string;

  beforeAll(async () => {
    khalPath();
    sut = await startApi();
    call = client(sut.url);
    tenant = await createTenant(sut);
    dir = mkdtempSync(join(tmpdir(), 'anw-khal-'));
  }, 30_000);
  afterAll(async () => {
    await sut.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the DST nights as 23:00–08:00 local, 8 h and 10 h real, and takes a cancellation', async () => {
    const base = `/hds/${tenant.hds.id}`;
    const post = await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { code: 'HAP-K', name: 'HAP Krommenie' } });
    await call('POST', `${base}/posts/${post.body.id}/templates`, {
      token: tenant.tokens.planner,
      body: { code: 'N', role: 'consult', startTime: '23:00', endTime: '08:00', days: { weekdays: true, saturday: true, sunday: true, holidays: true }, required: 1 },
    });
    const gp = await sut.dataSource.getRepository(GpEntity).save({ hdsId: tenant.hds.id, kind: GpKind.Locum, name: 'Dr. K', email: `${randomUUID()}@test.anw`, qualifications: [Qualification.Consult] });
    const user = await TenantFactory.user(sut.dataSource, [{ role: Role.Gp, hdsId: tenant.hds.id, gpId: gp.id }]);
    const gpToken = await login(sut.url, user.email, TEST_PASSWORD);
    const nights: Record<string, string> = {};
    for (const [name, start, end, date] of [['lente', '2027-03-27', '2027-03-27', '2027-03-27'], ['herfst', '2027-10-30', '2027-10-30', '2027-10-30']]) {
      const period = await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name, startDate: start, endDate: end } });
      await call('POST', `${base}/periods/${period.body.id}/generate`, { token: tenant.tokens.planner });
      const shifts = await call('GET', `${base}/periods/${period.body.id}/shifts`, { token: tenant.tokens.planner });
      nights[date] = shifts.body.items[0].id;
      expect((await call('POST', `${base}/shifts/${nights[date]}/assignments`, { token: tenant.tokens.planner, body: { gpId: gp.id } })).status).toBe(201);
      expect((await call('POST', `${base}/periods/${period.body.id}/publish`, { token: tenant.tokens.planner })).status).toBe(200);
    }
    const feed = await call('POST', `${base}/feeds`, { token: gpToken, body: { kind: 'gp' } });
    const path = new URL(feed.body.url).pathname;
    const file = join(dir, 'feed.ics');
    writeFileSync(file, (await call('GET', path)).text);

    const amsterdam = khal(dir, 'Europe/Amsterdam');
    const utc = khal(dir, 'UTC');
    for (const run of [amsterdam, utc]) run('import', '--batch', '-a', 'anw', file);
    const title = 'Nachtdienst consult — HAP Krommenie';
    expect(listed(amsterdam)).toEqual([
      `2027-03-27 23:00|2027-03-28 08:00|CONFIRMED|${title}`,
      `2027-10-30 23:00|2027-10-31 08:00|CONFIRMED|${title}`,
    ]);
    // The same events in UTC: the spring night lasts 8 h, the autumn night 10 h.
    expect(listed(utc)).toEqual([
      `2027-03-27 22:00|2027-03-28 06:00|CONFIRMED|${title}`,
      `2027-10-30 21:00|2027-10-31 07:00|CONFIRMED|${title}`,
    ]);

    // Traded away: the refreshed feed cancels the dienst under the same UID, and khal follows.
    expect((await call('DELETE', `${base}/shifts/${nights['2027-10-30']}/assignments/${gp.id}?reason=ruil`, { token: tenant.tokens.planner })).status).toBe(200);
    const until = Date.now() + 5_000;
    let text = (await call('GET', path)).text;
    while (!text.includes('STATUS:CANCELLED') && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
      text = (await call('GET', path)).text;
    }
    writeFileSync(file, text);
    amsterdam('import', '--batch', '-a', 'anw', file);
    expect(listed(amsterdam)).toEqual([
      `2027-03-27 23:00|2027-03-28 08:00|CONFIRMED|${title}`,
      `2027-10-30 23:00|2027-10-31 08:00|CANCELLED|Vervallen: ${title}`,
    ]);
  });
});
