import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { client } from '../support/http.js';
import { createTenant } from '../support/tenant.js';
import { startApi, type TestApp } from '../support/test-app.js';
import { type AuditScenario, buildAuditScenario } from './audit-scenario.js';

const RANGE = 'from=2027-06-07&to=2027-06-08';

describe('audit reports (e2e)', () => {
  let sut: TestApp;
  let call: ReturnType<typeof client>;
  let s: AuditScenario;
  let planner: { token: string };

  beforeAll(async () => {
    sut = await startApi();
    call = client(sut.url);
    s = await buildAuditScenario(sut);
    planner = { token: s.tenant.tokens.planner };
  });
  afterAll(async () => {
    await sut.close();
  });

  it('sums demand, staffing and hours per category of the published diensten in the range', async () => {
    const res = await call('GET', `${s.base}/audit/workload?${RANGE}`, planner);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      range: { from: '2027-06-07', to: '2027-06-08' },
      shifts: 5,
      positions: 5,
      staffed: 4,
      open: 1,
      gps: 4,
      categories: {
        demandHours: { avond: 21, nacht: 16, weekend: 0, feestdag: 0 },
        positions: { avond: 5, nacht: 2, weekend: 0, feestdag: 0 },
        averageLength: { avond: 4.2, nacht: 8, weekend: 0, feestdag: 0 },
        assignedHours: { avond: 20, nacht: 8, weekend: 0, feestdag: 0 },
        openHours: { avond: 1, nacht: 8, weekend: 0, feestdag: 0 },
      },
    });
    expect(res.body.periods.map((p: { id: string }) => p.id)).toEqual([s.p1]);
  });

  it('measures each GP against a fair share water-filled with the carry-over of earlier periods', async () => {
    const res = await call('GET', `${s.base}/audit/workload/gps?${RANGE}&pageSize=10`, planner);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(4);
    const [a, b, c, d] = res.body.items;
    expect([a.name, b.name, c.name, d.name]).toEqual(['Dr. Aalders', 'Dr. Bakker', 'Dr. Claes', 'Dr. Dekker']);
    // After P0 Aalders is 4.5 h ahead in avond, the others 1.5 h behind: λ = 21 / 4 = 5.25.
    expect(a).toMatchObject({
      diensten: 2,
      hours: { avond: 7, nacht: 8 },
      balance: { avond: 4.5, nacht: 0 },
      quota: { avond: 5.25, nacht: 5.33 },
      share: { avond: 0.75, nacht: 5.33 },
      deviationHours: { avond: 6.25, nacht: 2.67 },
      deviationDiensten: { avond: 1.488, nacht: 0.333 },
      practiceId: s.gps.aalders.id,
    });
    expect(a.trend).toEqual([
      expect.objectContaining({ periodId: s.p0, deviationHours: { avond: 4.5, nacht: 0, weekend: 0, feestdag: 0 }, deviationDiensten: { avond: 0.75, nacht: 0, weekend: 0, feestdag: 0 } }),
    ]);
    expect(b).toMatchObject({ hours: { avond: 0, nacht: 0 }, share: { avond: 6.75 }, deviationDiensten: { avond: -1.607, nacht: -0.667 }, practiceId: s.gps.aalders.id });
    expect(c).toMatchObject({ balance: { avond: -1.5 }, deviationDiensten: { avond: -1.607 }, practiceId: null });
    // Dekker is exempt from nights: no night share, not measured there.
    expect(d).toMatchObject({ noNights: true, hours: { avond: 13, nacht: 0 }, share: { avond: 6.75, nacht: 0 }, deviationDiensten: { avond: 1.488, nacht: null } });

    const sorted = await call('GET', `${s.base}/audit/workload/gps?${RANGE}&sort=deviation&pageSize=2&page=1`, planner);
    expect(sorted.body.items.map((g: { name: string }) => g.name)).toEqual(['Dr. Bakker', 'Dr. Claes']);
    expect(sorted.body).toMatchObject({ page: 1, pageSize: 2, total: 4 });
  });

  it('gives the fairness figures with the outliers named', async () => {
    const res = await call('GET', `${s.base}/audit/fairness?${RANGE}`, planner);
    expect(res.status).toBe(200);
    expect(res.body.largestDeviation.avond).toMatchObject({ name: 'Dr. Bakker', diensten: -1.607, hours: -6.75 });
    expect(res.body.largestDeviation.nacht).toMatchObject({ diensten: -0.667 });
    expect(res.body.withinTolerance).toEqual({ share: 0, count: 0, perCategory: { avond: 0, nacht: 1, weekend: 1, feestdag: 1 } });
    // weighted hours 15, 0, 0, 13
    expect(res.body.gini.total).toBeCloseTo(0.5179, 4);
    expect(res.body.outliers.map((o: { name: string; worst: number }) => [o.name, o.worst])).toEqual([
      ['Dr. Bakker', 1.607],
      ['Dr. Claes', 1.607],
      ['Dr. Aalders', 1.488],
      ['Dr. Dekker', 1.488],
    ]);
  });

  it('sums practices (holder with HIDHA) and posts', async () => {
    const practices = await call('GET', `${s.base}/audit/workload/practices?${RANGE}`, planner);
    expect(practices.status).toBe(200);
    expect(practices.body.map((p: { holderName: string; members: unknown[] }) => [p.holderName, p.members.length])).toEqual([
      ['Dr. Aalders', 2],
      ['Dr. Dekker', 1],
    ]);
    expect(practices.body[0]).toMatchObject({ patients: 2400, hours: { avond: 7, nacht: 8 }, share: { avond: 7.5 }, deviationHours: { avond: -0.5 } });
    expect(practices.body[0].deviationHours.nacht).toBeCloseTo(-2.67, 1);
    const posts = await call('GET', `${s.base}/audit/workload/posts?${RANGE}`, planner);
    expect(posts.body).toEqual([
      expect.objectContaining({ code: 'HAP-Z', shifts: 5, positions: 5, staffed: 4, open: 1, gps: 2, demandHours: { avond: 21, nacht: 16, weekend: 0, feestdag: 0 }, assignedHours: { avond: 20, nacht: 8, weekend: 0, feestdag: 0 } }),
    ]);
  });

  it('exports every level as CSV and XLSX', async () => {
    const csv = await call('GET', `${s.base}/audit/workload/export?${RANGE}&level=gps&format=csv`, planner);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="dienstbelasting-HDS-.*-gps-2027-06-07-2027-06-08\.csv"/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toMatch(/^naam,email,soort,gewicht,geen_nachten,diensten,uren_avond,/);
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(/^Dr\. Dekker,.*,praktijkhouder,1,ja,2,13,0,0,0,/);
    for (const level of ['practices', 'posts', 'hds']) {
      const res = await call('GET', `${s.base}/audit/workload/export?${RANGE}&level=${level}&format=csv`, planner);
      expect(res.status).toBe(200);
    }
    const xlsx = await fetch(`${sut.url}${s.base}/audit/workload/export?${RANGE}&level=gps&format=xlsx`, { headers: { authorization: `Bearer ${planner.token}` } });
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Huisartsen')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('naam');
    expect(sheet.getRow(2).getCell(1).value).toBe('Dr. Aalders');
    expect(sheet.rowCount).toBe(5);
    const bad = await call('GET', `${s.base}/audit/workload/export?${RANGE}&level=gps&format=pdf`, planner);
    expect(bad.status).toBe(400);
  });

  it('reports the closing plan: the open position and since when, from the audit trail', async () => {
    const res = await call('GET', `${s.base}/audit/periods/${s.p1}/closing-plan`, planner);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ closes: false, positions: 5, staffed: 4, open: 1, perPost: [expect.objectContaining({ code: 'HAP-Z', open: 1 })] });
    const [removed] = await sut.dataSource.query(`SELECT at FROM audit_records WHERE hds_id = $1 AND entity_id = $2 AND action = 'assignment.removed'`, [s.tenant.hds.id, s.shifts.nMon]);
    expect(res.body.openPositions).toEqual([
      expect.objectContaining({ shiftId: s.shifts.nMon, date: '2027-06-07', start: '2027-06-07T23:00', end: '2027-06-08T08:00', missing: 1, hard: ['nacht'], openSince: removed.at.toISOString() }),
    ]);
    expect(res.body.openPositions[0].openHours).toBeGreaterThanOrEqual(0);
    const closed = await call('GET', `${s.base}/audit/periods/${s.p0}/closing-plan`, planner);
    expect(closed.body).toMatchObject({ closes: true, open: 0, openPositions: [] });
    const csv = await call('GET', `${s.base}/audit/periods/${s.p1}/closing-plan/export?format=csv`, planner);
    const rows = csv.text.trim().split('\n');
    expect(rows[0]).toBe('datum,post,dienst,rol,begin,einde,plaats,status,huisarts,open_sinds,open_uren');
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r.includes(',open,'))).toHaveLength(1);
    const unknown = await call('GET', `${s.base}/audit/periods/00000000-0000-4000-8000-000000000001/closing-plan`, planner);
    expect(unknown.status).toBe(404);
  });

  it('lists trades and amendments: who gave away what, who carries the hard diensten', async () => {
    const res = await call('GET', `${s.base}/audit/periods/${s.p1}/trades`, planner);
    expect(res.status).toBe(200);
    expect(res.body.versions.map((v: { version: number; kind: string }) => v.kind)).toEqual(['publication', 'amendment', 'amendment', 'amendment', 'amendment', 'amendment']);
    const { aalders, bakker, claes, dekker } = s.gps;
    expect(res.body.transfers.map((t: any) => [t.shiftId, t.fromName, t.toName, t.kind])).toEqual([
      [s.shifts.acTue, 'Dr. Claes', 'Dr. Dekker', 'replacement'],
      [s.shifts.nMon, 'Dr. Bakker', null, 'given_up'],
      [s.shifts.vMon, null, 'Dr. Dekker', 'filled'],
    ]);
    const perGp = Object.fromEntries(res.body.perGp.map((g: any) => [g.gpId, g]));
    expect(perGp[claes.id]).toMatchObject({ gaveAway: 1, gaveAwayHours: 6, gaveAwayHard: 0, took: 0 });
    expect(perGp[bakker.id]).toMatchObject({ gaveAway: 1, gaveAwayHours: 9, gaveAwayHard: 1 });
    expect(perGp[dekker.id]).toMatchObject({ took: 2, tookHours: 14, tookHard: 0 });
    expect(res.body.hardCarriers[0]).toMatchObject({ gpId: aalders.id, hardDiensten: 1, hardHours: 8, hours: { avond: 7, nacht: 8 } });
    expect(res.body.events.map((e: { action: string }) => e.action)).toEqual(['assignment.removed', 'assignment.added', 'assignment.removed', 'shift.added', 'assignment.added']);
    expect(res.body.events[0]).toMatchObject({ reason: 'ziek', gpId: claes.id });
  });

  it('shows a GP only their own figures', async () => {
    const me = await call('GET', `${s.base}/audit/me?${RANGE}`, { token: s.aaldersToken });
    expect(me.status).toBe(200);
    expect(me.body.gp).toMatchObject({ gpId: s.gps.aalders.id, deviationDiensten: { avond: 1.488 } });
    expect(JSON.stringify(me.body)).not.toContain('Dr. Bakker');
    expect((await call('GET', `${s.base}/audit/workload/gps?${RANGE}`, { token: s.aaldersToken })).status).toBe(403);
  });

  it('refuses bad ranges with a problem naming the field', async () => {
    const reversed = await call('GET', `${s.base}/audit/workload?from=2027-06-08&to=2027-06-07`, planner);
    expect(reversed.status).toBe(400);
    expect(reversed.headers.get('content-type')).toContain('application/problem+json');
    expect(reversed.body).toMatchObject({ code: 'audit_range_invalid', errors: [{ field: 'to', message: 'to ligt vóór from' }] });
    const impossible = await call('GET', `${s.base}/audit/workload?from=2027-02-30&to=2027-03-01`, planner);
    expect(impossible.body.errors).toEqual([{ field: 'from', message: 'from moet een bestaande datum JJJJ-MM-DD zijn' }]);
    expect((await call('GET', `${s.base}/audit/workload?from=2027-06-07`, planner)).status).toBe(400);
  });

  it('shows a regional auditor every HDS of the region, with the totals', async () => {
    const neighbour = await createTenant(sut, s.tenant.hds.regionId);
    const res = await call('GET', `/regions/${s.tenant.hds.regionId}/audit/workload?${RANGE}`, { token: s.tenant.tokens.auditor });
    expect(res.status).toBe(200);
    expect(res.body.hds.map((h: { hds: { id: string } }) => h.hds.id).sort()).toEqual([s.tenant.hds.id, neighbour.hds.id].sort());
    expect(res.body.totals).toMatchObject({ shifts: 5, positions: 5, staffed: 4, open: 1, gps: 4 });
    const mine = res.body.hds.find((h: { hds: { id: string } }) => h.hds.id === s.tenant.hds.id);
    expect(mine.fairness.outliersTotal).toBe(4);
    const csv = await call('GET', `/regions/${s.tenant.hds.regionId}/audit/workload/export?${RANGE}&format=csv`, { token: s.tenant.tokens.auditor });
    expect(csv.status).toBe(200);
    expect(csv.text.trim().split('\n')).toHaveLength(3);
  });

  // Runs last: it changes the roster the tests above measure.
  it('counts a marketplace claim as a trade, and the period then closes', async () => {
    const claim = await call('POST', `${s.base}/marketplace/claims`, { ...planner, body: { shiftId: s.shifts.nMon, gpId: s.gps.claes.id, reason: 'telefonisch verzoek' } });
    expect(claim.status).toBe(201);
    expect(claim.body.status).toBe('completed');
    const trades = await call('GET', `${s.base}/audit/periods/${s.p1}/trades`, planner);
    expect(trades.body.transfers.at(-1)).toMatchObject({ shiftId: s.shifts.nMon, fromGpId: null, toGpId: s.gps.claes.id, toName: 'Dr. Claes', kind: 'claim', hard: ['nacht'], hours: 9 });
    expect(trades.body.events.at(-1)).toMatchObject({ action: 'claim.won', shiftId: s.shifts.nMon, gpId: s.gps.claes.id });
    const plan = await call('GET', `${s.base}/audit/periods/${s.p1}/closing-plan`, planner);
    expect(plan.body).toMatchObject({ closes: true, open: 0, openPositions: [] });
  });
});
