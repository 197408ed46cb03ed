import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GpKind, type GpEntity } from '@anw/rosters';
import { GpFactory } from '../factories/gp.factory.js';
import { TEST_PASSWORD } from '../factories/tenant.factory.js';
import { client, login } from '../support/http.js';
import { createTenant, type TestTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';

const HEADER = 'name,email,kind,qualifications,employer_email,practice_patients,fte,fixed_minimum_hours,carve_out_percent,joined_on,left_on,phone';

describe('GPs, their exemptions and the CSV import (e2e)', () => {
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let tenant: TestTenant;
  let base: string;

  async function count(sql: string): Promise<number> {
    const [{ n }] = await sut.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, [tenant.hds.id]);
    return n;
  }

  const gpCount = (): Promise<number> => count('gps WHERE hds_id = $1');
  const auditCount = (): Promise<number> => count('audit_records WHERE hds_id = $1');

  function postCsv(path: string, csv: string, token = tenant.tokens.planner) {
    return call('POST', `${base}${path}`, { token, rawBody: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
  }

  async function gpLogin(gp: GpEntity): Promise<string> {
    const user = await GpFactory.user(sut.dataSource, gp);
    return login(sut.url, user.email, TEST_PASSWORD);
  }

  beforeAll(async () => {
    sut = await startApi();
    call = client(sut.url);
    tenant = await createTenant(sut);
    base = `/hds/${tenant.hds.id}`;
  });
  afterAll(async () => {
    await sut.close();
  });

  it('creates, pages, filters and patches GPs, with an audit record and an outbox event per change', async () => {
    const auditBefore = await auditCount();
    const created = [];
    for (const body of [
      { kind: 'practiceHolder', name: 'Dr. Anna Bakker', email: 'Anna.Bakker@praktijk.nl', qualifications: ['consult', 'visite'], practicePatients: 2400, fte: 1, joinedOn: '2020-01-01' },
      { kind: 'locum', name: 'Dr. Bram Claassen', email: 'bram@waarnemer.nl', qualifications: ['consult'], fixedMinimumHours: 50, fte: 0.5 },
      { kind: 'practiceHolder', name: 'Dr. Carla de Wit', email: 'carla@praktijk.nl', qualifications: ['regiearts', 'consult'], practicePatients: 1800, phone: '075-6123456' },
    ]) {
      const res = await call('POST', `${base}/gps`, { token: tenant.tokens.planner, body });
      expect(res.status).toBe(201);
      created.push(res.body);
    }
    expect(created[0].email).toBe('anna.bakker@praktijk.nl');
    expect(await auditCount()).toBe(auditBefore + 3);
    expect(await count("outbox_events WHERE hds_id = $1 AND type = 'gp.created'")).toBe(3);

    const first = await call('GET', `${base}/gps?pageSize=2`, { token: tenant.tokens.planner });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(first.body.items.map((g: GpEntity) => g.name)).toEqual(['Dr. Anna Bakker', 'Dr. Bram Claassen']);
    const second = await call('GET', `${base}/gps?pageSize=2&page=2`, { token: tenant.tokens.admin });
    expect(second.body.items.map((g: GpEntity) => g.name)).toEqual(['Dr. Carla de Wit']);

    const holders = await call('GET', `${base}/gps?kind=practiceHolder`, { token: tenant.tokens.planner });
    expect(holders.body.total).toBe(2);
    const regie = await call('GET', `${base}/gps?qualification=regiearts`, { token: tenant.tokens.planner });
    expect(regie.body.items.map((g: GpEntity) => g.name)).toEqual(['Dr. Carla de Wit']);
    const search = await call('GET', `${base}/gps?search=BRAM`, { token: tenant.tokens.auditor });
    expect(search.status).toBe(200);
    expect(search.body.items.map((g: GpEntity) => g.name)).toEqual(['Dr. Bram Claassen']);
    expect((await call('GET', `${base}/gps?search=%25`, { token: tenant.tokens.planner })).body.total).toBe(0);
    expect((await call('GET', `${base}/gps?kind=chirurg`, { token: tenant.tokens.planner })).status).toBe(400);

    const patched = await call('PATCH', `${base}/gps/${created[1].id}`, { token: tenant.tokens.admin, body: { qualifications: ['consult', 'achterwacht'], phone: '06-12345678', fte: null } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ qualifications: ['consult', 'achterwacht'], phone: '06-12345678', fte: null, fixedMinimumHours: 50 });
    expect(await count("outbox_events WHERE hds_id = $1 AND type = 'gp.updated'")).toBe(1);
    const [event] = await sut.dataSource.query("SELECT payload FROM outbox_events WHERE hds_id = $1 AND type = 'gp.updated'", [tenant.hds.id]);
    expect(event.payload.changed.sort()).toEqual(['fte', 'phone', 'qualifications']);
    const auditAfterPatch = await auditCount();
    expect((await call('PATCH', `${base}/gps/${created[1].id}`, { token: tenant.tokens.admin, body: { phone: '06-12345678' } })).status).toBe(200);
    expect(await auditCount()).toBe(auditAfterPatch);
    expect((await call('PATCH', `${base}/gps/${created[1].id}`, { token: tenant.tokens.admin, body: { name: null } })).status).toBe(400);

    const read = await call('GET', `${base}/gps/${created[2].id}`, { token: tenant.tokens.auditor });
    expect(read.status).toBe(200);
    expect(read.body.phone).toBe('075-6123456');
  });

  it('refuses an e-mail already in the HDS (in any case) with 409 and changes nothing', async () => {
    const gp = await GpFactory.create(sut.dataSource, tenant.hds.id, { email: 'dubbel@praktijk.nl' });
    const other = await GpFactory.create(sut.dataSource, tenant.hds.id);
    const before = await auditCount();
    const dup = await call('POST', `${base}/gps`, { token: tenant.tokens.planner, body: { kind: 'locum', name: 'Dr. Dubbel', email: 'DUBBEL@praktijk.nl' } });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('gp_email_taken');
    const patch = await call('PATCH', `${base}/gps/${other.id}`, { token: tenant.tokens.planner, body: { email: gp.email } });
    expect(patch.status).toBe(409);
    expect(await auditCount()).toBe(before);
    const bad = await call('POST', `${base}/gps`, { token: tenant.tokens.planner, body: { kind: 'locum', name: '', email: 'geen-adres', qualifications: ['chirurg'], fte: 0.333 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'fte', 'name', 'qualifications']);
  });

  it('validates employed GPs: an employer that is a practice holder of the same HDS, and only for them', async () => {
    const holder = await GpFactory.create(sut.dataSource, tenant.hds.id, { kind: GpKind.PracticeHolder });
    const locum = await GpFactory.create(sut.dataSource, tenant.hds.id, { kind: GpKind.Locum });
    const elsewhere = await createTenant(sut);
    const foreignHolder = await GpFactory.create(sut.dataSource, elsewhere.hds.id);
    const employed = (over: Record<string, unknown>) => ({ kind: 'employed', name: 'Dr. Hidha', email: `hidha-${Date.now()}-${Math.random()}@praktijk.nl`, ...over });
    const before = await gpCount();

    const cases: [Record<string, unknown>, string, string][] = [
      [employed({}), 'employer_invalid', 'employerGpId'],
      [employed({ employerGpId: locum.id }), 'employer_invalid', 'employerGpId'],
      [employed({ employerGpId: foreignHolder.id }), 'employer_invalid', 'employerGpId'],
      [employed({ kind: 'locum', employerGpId: holder.id }), 'employer_invalid', 'employerGpId'],
      [employed({ kind: 'practiceHolder', carveOutPercent: 20 }), 'gp_invalid', 'carveOutPercent'],
      [employed({ employerGpId: holder.id, joinedOn: '2027-02-01', leftOn: '2027-01-31' }), 'gp_invalid', 'leftOn'],
      [employed({ employerGpId: holder.id, joinedOn: '2027-02-30' }), 'gp_invalid', 'joinedOn'],
    ];
    for (const [body, code, field] of cases) {
      const res = await call('POST', `${base}/gps`, { token: tenant.tokens.planner, body });
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await gpCount()).toBe(before);

    const ok = await call('POST', `${base}/gps`, { token: tenant.tokens.planner, body: employed({ employerGpId: holder.id, carveOutPercent: 25, fte: 0.6 }) });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ kind: 'employed', employerGpId: holder.id, carveOutPercent: 25, fte: 0.6 });

    // The holder cannot stop being one while employing someone; the employed GP cannot shed the employer without changing kind.
    const demote = await call('PATCH', `${base}/gps/${holder.id}`, { token: tenant.tokens.planner, body: { kind: 'locum', practicePatients: null } });
    expect(demote.status).toBe(400);
    expect(demote.body.code).toBe('employer_invalid');
    expect((await call('PATCH', `${base}/gps/${ok.body.id}`, { token: tenant.tokens.planner, body: { employerGpId: null } })).status).toBe(400);
    const toLocum = await call('PATCH', `${base}/gps/${ok.body.id}`, { token: tenant.tokens.planner, body: { kind: 'locum', employerGpId: null, carveOutPercent: null } });
    expect(toLocum.status).toBe(200);
    expect(toLocum.body.employerGpId).toBeNull();
  });

  it('shows a GP only their own record and lets them change nothing', async () => {
    const own = await GpFactory.create(sut.dataSource, tenant.hds.id, { name: 'Dr. Eigen' });
    const other = await GpFactory.create(sut.dataSource, tenant.hds.id);
    const token = await gpLogin(own);
    const list = await call('GET', `${base}/gps`, { token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((g: GpEntity) => g.id)).toEqual([own.id]);
    expect(list.body.total).toBe(1);
    expect((await call('GET', `${base}/gps/${own.id}`, { token })).status).toBe(200);
    const foreign = await call('GET', `${base}/gps/${other.id}`, { token });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('not_your_gp_record');
    const write = await call('PATCH', `${base}/gps/${own.id}`, { token, body: { name: 'Dr. Zelf' } });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('role_not_allowed');
    // A GP user without a GP record in this HDS sees nobody.
    const unlinked = await call('GET', `${base}/gps`, { token: tenant.tokens.gp });
    expect(unlinked.body).toMatchObject({ items: [], total: 0 });
    expect((await call('POST', `${base}/gps`, { token: tenant.tokens.auditor, body: { kind: 'locum', name: 'X', email: 'x@x.nl' } })).status).toBe(403);
  });

  it('adds, lists and removes exemptions', async () => {
    const gp = await GpFactory.create(sut.dataSource, tenant.hds.id);
    const token = await gpLogin(gp);
    const url = `${base}/gps/${gp.id}/exemptions`;
    const added = await call('POST', url, { token: tenant.tokens.planner, body: { kind: 'no_nights', fromDate: '2027-01-01', toDate: '2027-09-30', reason: 'zwangerschap' } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ gpId: gp.id, kind: 'no_nights', fromDate: '2027-01-01', toDate: '2027-09-30', reason: 'zwangerschap' });
    expect((await call('POST', url, { token: tenant.tokens.planner, body: { kind: 'full', fromDate: '2026-06-01', toDate: '2026-06-30' } })).status).toBe(201);

    const reversed = await call('POST', url, { token: tenant.tokens.planner, body: { kind: 'full', fromDate: '2027-02-01', toDate: '2027-01-01' } });
    expect(reversed.status).toBe(400);
    expect(reversed.body.code).toBe('exemption_invalid');
    expect(reversed.body.errors[0].field).toBe('toDate');
    expect((await call('POST', url, { token: tenant.tokens.planner, body: { kind: 'weekends', fromDate: '2027-01-01', toDate: '2027-01-02' } })).status).toBe(400);
    expect((await call('POST', url, { token, body: { kind: 'full', fromDate: '2027-01-01', toDate: '2027-01-02' } })).status).toBe(403);

    const mine = await call('GET', url, { token });
    expect(mine.status).toBe(200);
    expect(mine.body.map((e: { fromDate: string }) => e.fromDate)).toEqual(['2026-06-01', '2027-01-01']);
    const someoneElse = await GpFactory.create(sut.dataSource, tenant.hds.id);
    expect((await call('GET', `${base}/gps/${someoneElse.id}/exemptions`, { token })).status).toBe(403);

    const removed = await call('DELETE', `${url}/${added.body.id}`, { token: tenant.tokens.admin });
    expect(removed.status).toBe(200);
    expect((await call('DELETE', `${url}/${added.body.id}`, { token: tenant.tokens.admin })).status).toBe(404);
    expect((await call('GET', url, { token: tenant.tokens.planner })).body).toHaveLength(1);
    expect(await count("outbox_events WHERE hds_id = $1 AND type LIKE 'gp.exemption.%'")).toBe(3);
  });

  describe('CSV import', () => {
    let existing: GpEntity;

    beforeAll(async () => {
      existing = await GpFactory.create(sut.dataSource, tenant.hds.id, { email: 'bestaand@praktijk.nl', kind: GpKind.PracticeHolder });
    });

    const BAD = [
      HEADER,
      'Dr. Goed,goed@praktijk.nl,praktijkhouder,consult;visite,,2400,1,,,2020-01-01,,',
      'Dr. Soort,soort@praktijk.nl,chirurg,consult,,,,,,,,',
      'Dr. Mail,geen-mailadres,locum,consult,,,,,,,,',
      'Dr. Dubbel,GOED@praktijk.nl,locum,consult,,,,,,,,',
      'Dr. Bestaand,bestaand@praktijk.nl,locum,consult,,,,,,,,',
      'Dr. Zoek,zoek@praktijk.nl,employed,consult,onbekend@praktijk.nl,,,,,,,',
      'Dr. Getal,getal@praktijk.nl,praktijkhouder,consult,,veel,"0,5",,,2027-13-01,,',
      'Dr. Later,later@praktijk.nl,locum,,,,,,,2027-05-01,2027-04-01,',
    ].join('\n');

    it('reports every bad row by line and reason on a dry run, and writes nothing', async () => {
      const [gps, audits] = [await gpCount(), await auditCount()];
      const res = await postCsv('/gps/import?dryRun=true', BAD);
      expect(res.status).toBe(200);
      expect(res.body.valid).toBe(1);
      expect(res.body.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)).toEqual([
        '3:kind',
        '4:email',
        '5:email',
        '6:email',
        '7:employer_email',
        '8:practice_patients',
        '8:joined_on',
        '9:left_on',
      ]);
      const messages = res.body.errors.map((e: { message: string }) => e.message);
      expect(messages[0]).toMatch(/onbekende soort "chirurg"/);
      expect(messages[2]).toMatch(/staat ook op regel 2/);
      expect(messages[3]).toMatch(/al een huisarts met e-mailadres bestaand@praktijk.nl/);
      expect(messages[4]).toMatch(/werkgever onbekend@praktijk.nl niet gevonden/);
      expect([await gpCount(), await auditCount()]).toEqual([gps, audits]);
      expect(existing.id).toBeDefined();
    });

    it('refuses a real import with bad rows with 400, the same list, and no row written', async () => {
      const [gps, audits] = [await gpCount(), await auditCount()];
      const dry = await postCsv('/gps/import?dryRun=true', BAD);
      const res = await postCsv('/gps/import?dryRun=false', BAD);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('csv_invalid');
      expect(res.body.detail).toMatch(/er is niets geïmporteerd/);
      expect(res.body.errors).toEqual(dry.body.errors);
      expect([await gpCount(), await auditCount()]).toEqual([gps, audits]);
      expect(await count("gps WHERE hds_id = $1 AND email = 'goed@praktijk.nl'")).toBe(0);
    });

    it('imports a good file in one go: an employer may come later in the file', async () => {
      const [gps, audits] = [await gpCount(), await auditCount()];
      const csv = [
        HEADER,
        'Dr. Hidha,hidha@praktijk.nl,employed,consult,nieuw@praktijk.nl,,"0,6",,25,2024-09-01,,',
        'Dr. Hidha Twee,hidha2@praktijk.nl,hidha,consult,bestaand@praktijk.nl,,,,,,,',
        '"Dr. Nieuw, N.",nieuw@praktijk.nl,practiceHolder,consult;visite;regiearts,,2400,1,,,2020-01-01,,075-6000000',
        'Dr. Waarnemer,waarnemer@praktijk.nl,waarnemer,achterwacht,,,,50,,,2027-12-31,',
      ].join('\r\n');
      const dry = await postCsv('/gps/import?dryRun=true', csv);
      expect(dry.body).toEqual({ valid: 4, errors: [] });
      const res = await postCsv('/gps/import', csv);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ imported: 4 });
      expect(await gpCount()).toBe(gps + 4);
      expect(await auditCount()).toBe(audits + 4);
      expect(await count("outbox_events WHERE hds_id = $1 AND type = 'gps.imported'")).toBe(1);
      const [holder] = await sut.dataSource.query("SELECT id, name, qualifications, phone FROM gps WHERE hds_id = $1 AND email = 'nieuw@praktijk.nl'", [tenant.hds.id]);
      expect(holder).toMatchObject({ name: 'Dr. Nieuw, N.', qualifications: ['consult', 'visite', 'regiearts'], phone: '075-6000000' });
      const [hidha] = await sut.dataSource.query("SELECT employer_gp_id, fte, carve_out_percent FROM gps WHERE hds_id = $1 AND email = 'hidha@praktijk.nl'", [tenant.hds.id]);
      expect(hidha).toEqual({ employer_gp_id: holder.id, fte: '0.60', carve_out_percent: 25 });
      const [hidha2] = await sut.dataSource.query("SELECT employer_gp_id FROM gps WHERE hds_id = $1 AND email = 'hidha2@praktijk.nl'", [tenant.hds.id]);
      expect(hidha2.employer_gp_id).toBe(existing.id);

      // The same file again: every row is now a duplicate.
      const again = await postCsv('/gps/import', csv);
      expect(again.status).toBe(400);
      expect(again.body.errors).toHaveLength(4);
    });

    it('wants text/csv, a known header and a planner', async () => {
      const json = await call('POST', `${base}/gps/import`, { token: tenant.tokens.planner, body: { csv: HEADER } });
      expect(json.status).toBe(400);
      expect(json.body.code).toBe('csv_invalid');
      const header = await postCsv('/gps/import?dryRun=true', 'naam,email\nJan,jan@x.nl\n');
      expect(header.status).toBe(200);
      expect(header.body.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)).toEqual(['1:name', '1:kind', '1:naam']);
      expect((await postCsv('/gps/import?dryRun=true', HEADER, tenant.tokens.gp)).status).toBe(403);
      expect((await postCsv('/gps/import?dryRun=misschien', HEADER)).status).toBe(400);
    });
  });
});
