import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { HdsEntity, Role } from '@anw/identity';
import { GpEntity, GpKind, Qualification } from '@anw/rosters';
import { PAYROLL_COLUMNS } from '@anw/tariffs-service';
import { TEST_PASSWORD, TenantFactory } from '../factories/tenant.factory.js';
import { client, login } from '../support/http.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';

/*
 * Hand-computed figures, 2026 NZa table (ct/h: avond 11901, nacht 15563, weekend 13732, feestdag 15563),
 * the HDS's evening starting at 18:00:
 *  S1 'N'  Sat 28 Mar 23:00 → Sun 29 Mar 08:00, the spring DST night (8 real hours):
 *          weekend 60 min = 13732, nacht 420 min = 7 × 15563 = 108941                  → 122673 (Dr. Aalders)
 *  S4 'N'  Tue 31 Mar 23:30 → Wed 1 Apr 08:00: avond 30 min = 5950.5, nacht 8 h = 124504 → 130454.5 → 130455
 *          (rounded half-up once per assignment; the avond line shows 5951, rounding 0)   (Dr. Aalders)
 *  S3 'AC' Wed 1 Apr 17:00 → 23:00: dag 60 min (not ANW, evening from 18:00), avond 5 h = 59505 (Dr. Bakker)
 *  S2 'D'  Goede Vrijdag 3 Apr 08:00 → 17:00: feestdag 9 h = 140067                   (Dr. Bakker)
 * Aalders 253128, Bakker 199572, together 452700.
 */
const AALDERS_TOTAL = 253128;
const BAKKER_TOTAL = 199572;

describe('tariffs: statements, payroll, policy and revisions (e2e)', () => {
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let tenant: TestTenant;
  let base: string;
  let postId: string;
  let periodId: string;
  let aalders: GpEntity;
  let bakker: GpEntity;
  let cornelis: GpEntity;
  let aaldersToken: string;
  const shiftIds: Record<string, string> = {};

  async function gp(name: string): Promise<GpEntity> {
    return sut.dataSource.getRepository(GpEntity).save({
      hdsId: tenant.hds.id, kind: GpKind.PracticeHolder, name, email: `${name.replace(/\W/g, '')}-${randomUUID()}@test.anw`, qualifications: [Qualification.Consult],
    });
  }

  async function shift(period: string, code: string, start: string, end: string, gpId: string): Promise<string> {
    const res = await call('POST', `${base}/periods/${period}/shifts`, { token: tenant.tokens.planner, body: { postId, role: 'consult', code, start, end, required: 1 } });
    expect(res.status).toBe(201);
    const assigned = await call('POST', `${base}/shifts/${res.body.id}/assignments`, { token: tenant.tokens.planner, body: { gpId } });
    expect(assigned.status).toBe(201);
    return res.body.id;
  }

  async function download(path: string, token: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
    const res = await fetch(`${sut.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  }

  beforeAll(async () => {
    sut = await startApi();
    call = client(sut.url);
    tenant = await createTenant(sut);
    base = `/hds/${tenant.hds.id}`;
    await sut.dataSource.getRepository(HdsEntity).update({ id: tenant.hds.id }, { eveningStart: '18:00' });
    const post = await call('POST', `${base}/posts`, { token: tenant.tokens.admin, body: { code: 'HAP-T', name: 'HAP Tarief' } });
    postId = post.body.id;
    [aalders, bakker, cornelis] = [await gp('Dr. Aalders'), await gp('Dr. Bakker'), await gp('Dr. Cornelis')];
    const user = await TenantFactory.user(sut.dataSource, [{ role: Role.Gp, hdsId: tenant.hds.id, gpId: aalders.id }]);
    aaldersToken = await login(sut.url, user.email, TEST_PASSWORD);

    const period = await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'Pasen 2026', startDate: '2026-03-27', endDate: '2026-04-06' } });
    periodId = period.body.id;
    shiftIds.S1 = await shift(periodId, 'N', '2026-03-28T23:00', '2026-03-29T08:00', aalders.id);
    shiftIds.S4 = await shift(periodId, 'N', '2026-03-31T23:30', '2026-04-01T08:00', aalders.id);
    shiftIds.S3 = await shift(periodId, 'AC', '2026-04-01T17:00', '2026-04-01T23:00', bakker.id);
    shiftIds.S2 = await shift(periodId, 'D', '2026-04-03T08:00', '2026-04-03T17:00', bakker.id);
    expect((await call('POST', `${base}/periods/${periodId}/publish`, { token: tenant.tokens.planner })).status).toBe(200);
  });
  afterAll(async () => {
    await sut.close();
  });

  it('reads the NZa tables as any logged-in user and the HDS tables as its members', async () => {
    const nza = await call('GET', '/tariffs/tables', { token: aaldersToken });
    expect(nza.status).toBe(200);
    expect(nza.body.map((t: { id: string }) => t.id)).toEqual(['nza-2023', 'nza-2024', 'nza-2026']);
    expect(nza.body[2]).toMatchObject({ version: 1, effectiveFrom: '2026-01-01', centsPerHour: { avond: 11901, nacht: 15563, weekend: 13732, feestdag: 15563 } });
    expect((await call('GET', '/tariffs/tables')).status).toBe(401);
    const hds = await call('GET', `${base}/tariffs/tables`, { token: tenant.tokens.auditor });
    expect(hds.status).toBe(200);
    expect(hds.body.inForce.map((t: { id: string; version: number }) => `${t.id}@${t.version}`)).toEqual(['nza-2023@1', 'nza-2024@1', 'nza-2026@1']);
  });

  it('prices a published period with a DST night and Goede Vrijdag to the cent', async () => {
    const res = await call('GET', `${base}/periods/${periodId}/statements`, { token: tenant.tokens.planner });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 2, page: 1, totalCents: AALDERS_TOTAL + BAKKER_TOTAL });
    const [a, b] = res.body.items;
    expect(a).toMatchObject({
      gpId: aalders.id, name: 'Dr. Aalders', kind: 'practiceHolder', assignments: 2,
      minutes: { dag: 0, avond: 30, nacht: 900, weekend: 60, feestdag: 0 },
      cents: { dag: 0, avond: 5951, nacht: 108941 + 124504, weekend: 13732, feestdag: 0 },
      surchargeCents: 0, roundingCents: 0, totalCents: AALDERS_TOTAL,
      tables: [{ id: 'nza-2026', version: 1 }], policyVersion: 0,
    });
    expect(b).toMatchObject({
      gpId: bakker.id, minutes: { dag: 60, avond: 300, nacht: 0, weekend: 0, feestdag: 540 },
      cents: { avond: 59505, feestdag: 140067, nacht: 0, weekend: 0 }, totalCents: BAKKER_TOTAL,
    });
    expect(b.hours.feestdag).toBe(9);
    const paged = await call('GET', `${base}/periods/${periodId}/statements?page=2&pageSize=1`, { token: tenant.tokens.admin });
    expect(paged.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(paged.body.items.map((s: { gpId: string }) => s.gpId)).toEqual([bakker.id]);
  });

  it('lets a GP read only their own statement, with a line per dienst; auditors read all', async () => {
    const own = await call('GET', `${base}/periods/${periodId}/statements/${aalders.id}`, { token: aaldersToken });
    expect(own.status).toBe(200);
    expect(own.body.totalCents).toBe(AALDERS_TOTAL);
    const dst = own.body.lines.find((l: { shiftId: string }) => l.shiftId === shiftIds.S1);
    expect(dst).toMatchObject({
      start: '2026-03-28T23:00', end: '2026-03-29T08:00', startAt: '2026-03-28T22:00:00.000Z', endAt: '2026-03-29T06:00:00.000Z',
      minutes: { weekend: 60, nacht: 420 }, totalCents: 122673, tableIds: ['nza-2026'], shortNotice: false,
    });
    const odd = own.body.lines.find((l: { shiftId: string }) => l.shiftId === shiftIds.S4);
    expect(odd).toMatchObject({ centsByCategory: { avond: 5951, nacht: 124504 }, roundingCents: 0, totalCents: 130455 });

    const other = await call('GET', `${base}/periods/${periodId}/statements/${bakker.id}`, { token: aaldersToken });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('not_your_statement');
    expect((await call('GET', `${base}/periods/${periodId}/statements/${aalders.id}`, { token: tenant.tokens.gp })).status).toBe(403);
    expect((await call('GET', `${base}/periods/${periodId}/statements`, { token: aaldersToken })).status).toBe(403);
    expect((await call('GET', `${base}/periods/${periodId}/payroll.csv`, { token: aaldersToken })).status).toBe(403);

    const audited = await call('GET', `${base}/periods/${periodId}/statements/${bakker.id}`, { token: tenant.tokens.auditor });
    expect(audited.status).toBe(200);
    expect(audited.body.totalCents).toBe(BAKKER_TOTAL);
    expect((await call('GET', `${base}/periods/${periodId}/statements`, { token: tenant.tokens.auditor })).status).toBe(200);
    // A GP without diensten has an empty statement; an unknown GP is 404.
    const none = await call('GET', `${base}/periods/${periodId}/statements/${cornelis.id}`, { token: tenant.tokens.planner });
    expect(none.body).toMatchObject({ assignments: 0, totalCents: 0, lines: [] });
    expect((await call('GET', `${base}/periods/${periodId}/statements/${randomUUID()}`, { token: tenant.tokens.planner })).status).toBe(404);
  });

  it('exports the payroll as CSV and XLSX that parse back to the same cents', async () => {
    const csv = await call('GET', `${base}/periods/${periodId}/payroll.csv`, { token: tenant.tokens.auditor });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('afrekening-2026-03-27-2026-04-06.csv');
    const rows = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual([...PAYROLL_COLUMNS]);
    expect(rows.map((r) => r.naam)).toEqual(['Dr. Aalders', 'Dr. Bakker']);
    expect(rows[0]).toMatchObject({ soort: 'praktijkhouder', diensten: '2', uren_nacht: '15.00', uren_avond: '0.50', nacht_eur: '2334.45', nacht_cent: '233445', totaal_eur: '2531.28', totaal_cent: String(AALDERS_TOTAL) });
    expect(rows[1]).toMatchObject({ uren_dag: '1.00', feestdag_eur: '1400.67', totaal_cent: String(BAKKER_TOTAL) });

    const xlsx = await download(`${base}/periods/${periodId}/payroll.xlsx`, tenant.tokens.planner);
    expect(xlsx.status).toBe(200);
    expect(xlsx.type).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Afrekening');
    if (!sheet) throw new Error('no sheet Afrekening');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...PAYROLL_COLUMNS]);
    const col = (name: string): number => PAYROLL_COLUMNS.indexOf(name as (typeof PAYROLL_COLUMNS)[number]) + 1;
    expect(sheet.getRow(2).getCell(col('naam')).value).toBe('Dr. Aalders');
    expect(sheet.getRow(2).getCell(col('totaal_cent')).value).toBe(AALDERS_TOTAL);
    expect(sheet.getRow(2).getCell(col('totaal_eur')).value).toBe(2531.28);
    expect(sheet.getRow(2).getCell(col('totaal_eur')).numFmt).toBe('#,##0.00');
    const totals = sheet.getRow(4);
    expect(totals.getCell(col('naam')).value).toBe('Totaal');
    expect(totals.getCell(col('totaal_cent')).value).toBe(AALDERS_TOTAL + BAKKER_TOTAL);
    expect(totals.getCell(col('uren_feestdag')).value).toBe(9);
    expect(workbook.getWorksheet('Toelichting')?.getRow(6).getCell(2).value).toBe('nza-2026 versie 1');
  });

  it('answers 422 naming the date when no table is in force (2025)', async () => {
    const period = await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'juni 2025', startDate: '2025-06-02', endDate: '2025-06-08' } });
    await shift(period.body.id, 'AC', '2025-06-03T18:00', '2025-06-03T23:00', cornelis.id);
    const res = await call('GET', `${base}/periods/${period.body.id}/statements`, { token: tenant.tokens.planner });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('no_tariff_in_force');
    expect(res.body.detail).toMatch(/^Geen tarieftabel van kracht op 2025-06-03/);
    expect((await call('GET', `${base}/periods/${period.body.id}/payroll.csv`, { token: tenant.tokens.planner })).status).toBe(422);
  });

  it('revises nza-2026 retroactively: recomputes, keeps the earlier figures and shows the difference per GP', async () => {
    const table = {
      id: 'nza-2026', version: 2, source: 'NZa-besluit op bezwaar: nachttarief 2026', effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31',
      centsPerHour: { avond: 11901, nacht: 16000, weekend: 13732, feestdag: 15563 },
    };
    const reason = 'NZa herziet het nachttarief 2026 na bezwaar';
    expect((await call('POST', `${base}/tariffs/revisions`, { token: tenant.tokens.planner, body: { table, reason } })).status).toBe(403);
    const sameVersion = await call('POST', `${base}/tariffs/revisions`, { token: tenant.tokens.admin, body: { table: { ...table, version: 1 }, reason } });
    expect(sameVersion.status).toBe(409);
    expect(sameVersion.body.code).toBe('revision_version_not_higher');
    const negative = await call('POST', `${base}/tariffs/revisions`, { token: tenant.tokens.admin, body: { table: { ...table, centsPerHour: { ...table.centsPerHour, nacht: -1 } }, reason } });
    expect(negative.status).toBe(400);
    expect(negative.body.code).toBe('invalid_table');
    const overlapping = await call('POST', `${base}/tariffs/revisions`, {
      token: tenant.tokens.admin, body: { table: { ...table, id: 'nza-2026-zomer', version: 1, effectiveFrom: '2026-06-01', effectiveTo: '2026-08-31' }, reason },
    });
    expect(overlapping.status).toBe(409);
    expect(overlapping.body.code).toBe('overlapping_tables');
    const longer = await call('POST', `${base}/tariffs/revisions`, { token: tenant.tokens.admin, body: { table: { ...table, effectiveTo: '2027-01-31' }, reason } });
    expect(longer.status).toBe(201); // no 2027 table yet: a longer validity is allowed
    // …and undone by a version 3 with the proper dates, so both revisions are in the history.
    const res = await call('POST', `${base}/tariffs/revisions`, { token: tenant.tokens.admin, body: { table: { ...table, version: 3 }, reason } });
    expect(res.status).toBe(201);
    // Only the validity changed back: the same pay, nothing to pay back or out.
    expect(res.body).toMatchObject({ tableId: 'nza-2026', version: 3, previousVersion: 2, totalDifferenceCents: 0, affectedGps: 0 });
    expect(res.body.periods).toEqual([
      expect.objectContaining({ periodId, previousTotalCents: AALDERS_TOTAL + BAKKER_TOTAL + 6555, revisedTotalCents: AALDERS_TOTAL + BAKKER_TOTAL + 6555, totalDifferenceCents: 0 }),
    ]);
    // The first revision carried the difference. Night minutes: Aalders 420 + 480 = 15 h × (16000 − 15563) = 6555 ct; Bakker has none.
    const list = await call('GET', `${base}/tariffs/revisions`, { token: tenant.tokens.auditor });
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { version: number }) => r.version)).toEqual([3, 2]);
    const first = await call('GET', `${base}/tariffs/revisions/${list.body.items[1].id}`, { token: tenant.tokens.planner });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ previousVersion: 1, totalDifferenceCents: 6555, affectedGps: 1, reason });
    expect(first.body.gps.items).toEqual([
      expect.objectContaining({
        gpId: aalders.id, name: 'Dr. Aalders', oldTotalCents: AALDERS_TOTAL, revisedTotalCents: AALDERS_TOTAL + 6555, differenceCents: 6555,
        differenceByCategory: { dag: 0, avond: 0, nacht: 6555, weekend: 0, feestdag: 0 },
      }),
      expect.objectContaining({ gpId: bakker.id, oldTotalCents: BAKKER_TOTAL, revisedTotalCents: BAKKER_TOTAL, differenceCents: 0 }),
    ]);

    // The statements now use version 3; every earlier figure is still there as a run.
    const now = await call('GET', `${base}/periods/${periodId}/statements/${aalders.id}`, { token: aaldersToken });
    expect(now.body).toMatchObject({ totalCents: AALDERS_TOTAL + 6555, tables: [{ id: 'nza-2026', version: 3 }] });
    expect(now.body.lines.find((l: { shiftId: string }) => l.shiftId === shiftIds.S1).totalCents).toBe(13732 + 7 * 16000);
    const runs = await call('GET', `${base}/periods/${periodId}/statement-runs`, { token: tenant.tokens.auditor });
    expect(runs.status).toBe(200);
    expect(runs.body.total).toBe(4);
    const before = runs.body.items.find((r: { kind: string; revisionId: string }) => r.kind === 'before_revision' && r.revisionId === first.body.id);
    expect(before).toMatchObject({ totalCents: AALDERS_TOTAL + BAKKER_TOTAL, tableVersions: [{ id: 'nza-2026', version: 1 }], gpCount: 2 });
    const kept = await call('GET', `${base}/periods/${periodId}/statement-runs/${before.id}`, { token: tenant.tokens.planner });
    expect(kept.body.figures.find((f: { gpId: string }) => f.gpId === aalders.id)).toMatchObject({ name: 'Dr. Aalders', totalCents: AALDERS_TOTAL });

    const tables = await call('GET', `${base}/tariffs/tables`, { token: aaldersToken });
    expect(tables.body.inForce.find((t: { id: string }) => t.id === 'nza-2026')).toMatchObject({ version: 3, centsPerHour: { nacht: 16000 } });
    expect(tables.body.versions.filter((t: { id: string }) => t.id === 'nza-2026').map((t: { version: number; inForce: boolean; origin: string }) => [t.version, t.inForce, t.origin])).toEqual([
      [1, false, 'nza'], [2, false, 'revision'], [3, true, 'revision'],
    ]);
    // Audited, with an outbox event naming the GPs whose pay changed.
    const [audit] = await sut.dataSource.query(`SELECT reason FROM audit_records WHERE hds_id = $1 AND action = 'tariffs.revised' AND entity_id = $2`, [tenant.hds.id, first.body.id]);
    expect(audit.reason).toBe(reason);
    const [event] = await sut.dataSource.query(`SELECT payload FROM outbox_events WHERE hds_id = $1 AND type = 'tariffs.revised' AND payload->>'revisionId' = $2`, [tenant.hds.id, first.body.id]);
    expect(event.payload).toMatchObject({ tableId: 'nza-2026', version: 2, periodIds: [periodId], affectedGpIds: [aalders.id], totalDifferenceCents: 6555 });
  });

  it('adds a missing 2025 table by revision: the period becomes priceable and all of it is difference', async () => {
    const period = await call('POST', `${base}/periods`, { token: tenant.tokens.planner, body: { name: 'sept 2025', startDate: '2025-09-01', endDate: '2025-09-07' } });
    await shift(period.body.id, 'AC', '2025-09-02T18:00', '2025-09-02T23:00', cornelis.id);
    await call('POST', `${base}/periods/${period.body.id}/publish`, { token: tenant.tokens.planner });
    const res = await call('POST', `${base}/tariffs/revisions`, {
      token: tenant.tokens.admin,
      body: { table: { id: 'nza-2025', version: 1, source: 'NZa-besluit 2025 (testcijfers)', effectiveFrom: '2025-01-01', effectiveTo: '2025-12-31', centsPerHour: { avond: 11000, nacht: 14500, weekend: 12800, feestdag: 14500 } }, reason: 'tarief 2025 vastgesteld' },
    });
    expect(res.status).toBe(201);
    // 5 h avond × 11000. The June draft period is not recomputed (drafts have no statements yet).
    expect(res.body).toMatchObject({ previousVersion: null, totalDifferenceCents: 55000 });
    expect(res.body.periods).toEqual([expect.objectContaining({ periodId: period.body.id, previousRunId: null, previousTotalCents: 0, revisedTotalCents: 55000 })]);
    expect(res.body.periods[0].note).toMatch(/voor de herziening niet te berekenen/);
    const statements = await call('GET', `${base}/periods/${period.body.id}/statements`, { token: tenant.tokens.planner });
    expect(statements.body.totalCents).toBe(55000);
  });

  it('validates, versions and audits the pay policy, and prices with it', async () => {
    const initial = await call('GET', `${base}/tariffs/policy`, { token: tenant.tokens.auditor });
    expect(initial.body).toMatchObject({ version: 0, percentOfMaximumBp: 10000, surcharges: [] });
    expect((await call('PUT', `${base}/tariffs/policy`, { token: tenant.tokens.planner, body: { percentOfMaximumBp: 9000, surcharges: [] } })).status).toBe(403);
    expect((await call('PUT', `${base}/tariffs/policy`, { token: tenant.tokens.auditor, body: { percentOfMaximumBp: 9000, surcharges: [] } })).status).toBe(403);

    const invalid = await call('PUT', `${base}/tariffs/policy`, {
      token: tenant.tokens.admin,
      body: { percentOfMaximumBp: 12000, surcharges: [{ kind: 'role', role: 'chirurg', centsPerHour: 100, percentBp: 100, effectiveFrom: '2026-01-01' }] },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('invalid_policy');
    expect(invalid.body.detail).toContain('percentOfMaximumBp');
    expect(invalid.body.detail).toContain('óf centsPerHour óf percentBp');
    expect(invalid.body.detail).toContain('onbekende rol "chirurg"');
    const dates = await call('PUT', `${base}/tariffs/policy`, {
      token: tenant.tokens.admin, body: { percentOfMaximumBp: 10000, surcharges: [{ kind: 'template', templateCode: 'N', percentBp: 500, effectiveFrom: '2026-05-01', effectiveTo: '2026-04-01' }] },
    });
    expect(dates.status).toBe(400);
    expect(dates.body.code).toBe('invalid_policy');
    const shape = await call('PUT', `${base}/tariffs/policy`, { token: tenant.tokens.admin, body: { percentOfMaximumBp: 'veel', surcharges: [{ kind: 'bonus', effectiveFrom: 'morgen' }] } });
    expect(shape.status).toBe(400);
    expect(shape.body.code).toBe('validation_failed');
    expect(shape.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['percentOfMaximumBp', 'surcharges.0.kind', 'surcharges.0.effectiveFrom']));
    expect((await call('GET', `${base}/tariffs/policy`, { token: tenant.tokens.planner })).body.version).toBe(0);

    // Bakker's evening S3 becomes a short-notice claim: taken over 2 hours before it started.
    await sut.dataSource.query(`UPDATE assignments SET source = 'trade', created_at = '2026-04-01T13:00:00Z' WHERE shift_id = $1`, [shiftIds.S3]);
    const policy = {
      percentOfMaximumBp: 9550,
      surcharges: [
        { kind: 'template', templateCode: 'N', percentBp: 1000, categories: ['nacht'], effectiveFrom: '2026-01-01' },
        { kind: 'shortNotice', centsPerHour: 2000, effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31' },
      ],
      shortNoticeHours: 24,
      reason: 'nachten moeilijk te vullen',
    };
    const saved = await call('PUT', `${base}/tariffs/policy`, { token: tenant.tokens.admin, body: policy });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, percentOfMaximumBp: 9550, shortNoticeHours: 24 });
    expect((await call('PUT', `${base}/tariffs/policy`, { token: tenant.tokens.admin, body: { ...policy, percentOfMaximumBp: 9600 } })).body.version).toBe(2);
    expect((await call('PUT', `${base}/tariffs/policy`, { token: tenant.tokens.admin, body: policy })).body.version).toBe(3);
    const versions = await call('GET', `${base}/tariffs/policy/versions`, { token: tenant.tokens.planner });
    expect(versions.body).toMatchObject({ total: 3 });
    expect(versions.body.items.map((v: { version: number; percentOfMaximumBp: number }) => [v.version, v.percentOfMaximumBp])).toEqual([[3, 9550], [2, 9600], [1, 9550]]);
    const audits = await sut.dataSource.query(`SELECT count(*)::int AS n FROM audit_records WHERE hds_id = $1 AND action = 'tariffs.policy_changed'`, [tenant.hds.id]);
    expect(audits[0].n).toBe(3);

    // Nacht is now 16000 (revision). 95.5 %, +10 % of the paid nacht rate on code N:
    //  S1: weekend 0.955 × 13732 = 13114.06, nacht 0.955 × 112000 = 106960, surcharge 10696 → 130770.06 → 130770
    //  S4: avond 0.955 × 5950.5 = 5682.7275, nacht 0.955 × 128000 = 122240, surcharge 12224 → 140146.7275 → 140147
    const a = await call('GET', `${base}/periods/${periodId}/statements/${aalders.id}`, { token: aaldersToken });
    expect(a.body).toMatchObject({ policyVersion: 3, surchargeCents: 10696 + 12224, totalCents: 130770 + 140147 });
    expect(a.body.lines.map((l: { totalCents: number }) => l.totalCents)).toEqual([130770, 140147]);
    expect(a.body.cents).toMatchObject({ weekend: 13114, avond: 5683, nacht: 106960 + 122240 });
    //  S3 (short notice): avond 0.955 × 59505 = 56827.275, surcharge 5 h × 2000 = 10000 (not on the dag hour) → 66827
    //  S2: feestdag 0.955 × 140067 = 133763.985 → 133764
    const b = await call('GET', `${base}/periods/${periodId}/statements/${bakker.id}`, { token: tenant.tokens.planner });
    expect(b.body.lines.map((l: { shortNotice: boolean; totalCents: number }) => [l.shortNotice, l.totalCents])).toEqual([[true, 66827], [false, 133764]]);
    expect(b.body).toMatchObject({ surchargeCents: 10000, totalCents: 66827 + 133764 });

    // A frozen run keeps these figures with the policy version they used.
    const frozen = await call('POST', `${base}/periods/${periodId}/statement-runs`, { token: tenant.tokens.planner, body: { reason: 'uitbetaling april' } });
    expect(frozen.status).toBe(201);
    expect(frozen.body).toMatchObject({ kind: 'snapshot', policyVersion: 3, totalCents: 130770 + 140147 + 66827 + 133764, tableVersions: [{ id: 'nza-2026', version: 3 }] });
  });
});
