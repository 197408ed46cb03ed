import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { DEMO_OPERATOR_EMAIL, DemoSeedModule, nextQuarter, seedDemo } from '@anw/demo';
import { ensureTestEnv } from '../support/env.js';

describe(seedDemo.name, () => {
  let app: INestApplicationContext;
  let ds: DataSource;
  beforeAll(async () => {
    ensureTestEnv();
    app = await NestFactory.createApplicationContext(DemoSeedModule, { logger: false });
    ds = app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await app.close();
  });

  it('loads 3 posts, 150 GPs of all kinds and a generated quarter through the services, once', async () => {
    // A quarter the NZa has no table for yet: the demo adds its own, labelled as demo figures.
    const today = DateTime.fromISO('2026-12-08', { zone: 'Europe/Amsterdam' });
    const first = await seedDemo(app, today);
    const again = await seedDemo(app, today);
    expect(again.created).toBe(false);
    expect(again.hdsId).toBe(first.hdsId);
    expect(again.periodId).toBe(first.periodId);
    expect(again.counts).toEqual(first.counts);
    const [kinds] = await ds.query(
      `SELECT count(*) FILTER (WHERE kind = 'practiceHolder')::int AS holders, count(*) FILTER (WHERE kind = 'employed')::int AS employed,
              count(*) FILTER (WHERE kind = 'locum')::int AS locums, count(*) FILTER (WHERE employer_gp_id IS NOT NULL)::int AS with_employer
         FROM gps WHERE hds_id = $1`,
      [first.hdsId],
    );
    expect(kinds).toEqual({ holders: 80, employed: 40, locums: 30, with_employer: 40 });
    const [{ posts, templates }] = await ds.query(
      'SELECT count(DISTINCT p.id)::int AS posts, count(t.id)::int AS templates FROM posts p JOIN shift_templates t ON t.post_id = p.id WHERE p.hds_id = $1',
      [first.hdsId],
    );
    expect({ posts, templates }).toEqual({ posts: 3, templates: 18 });
    const [period] = await ds.query('SELECT name, start_date::text, end_date::text FROM roster_periods WHERE id = $1', [first.periodId]);
    expect(period).toEqual({ name: '2027 Q1', start_date: '2027-01-01', end_date: '2027-03-31' });
    const [{ shifts, days }] = await ds.query('SELECT count(*)::int AS shifts, count(DISTINCT local_date)::int AS days FROM shifts WHERE period_id = $1', [first.periodId]);
    expect(days).toBe(90);
    expect(shifts).toBe(first.counts?.shifts);
    expect(shifts).toBeGreaterThan(days * 10);
    expect(nextQuarter(DateTime.fromISO('2026-11-23')).startDate).toBe('2027-01-01');

    // Written through the services: the hash-chained trail holds each kind of change.
    const trail: { entity_type: string; n: number }[] = await ds.query(
      'SELECT entity_type, count(*)::int AS n FROM audit_records WHERE hds_id = $1 GROUP BY entity_type ORDER BY entity_type',
      [first.hdsId],
    );
    const types = trail.map((r) => r.entity_type);
    expect(types.length).toBeGreaterThanOrEqual(4);
    expect(trail.reduce((sum, r) => sum + r.n, 0)).toBeGreaterThan(20);

    // The demo tariff: one revision, its id and source saying it is not an NZa table.
    const revisions: { table_id: string; source: string }[] = await ds.query(
      `SELECT table_id, "table"->>'source' AS source FROM tariff_revisions WHERE hds_id = $1`,
      [first.hdsId],
    );
    expect(revisions).toHaveLength(1);
    expect(revisions[0].table_id).toBe('demo-2027');
    expect(revisions[0].source).toMatch(/^DEMO-CIJFERS, geen NZa-tarief/);

    // The planner invited every other GP (once, however often the seed runs); no token in any payload.
    const [invites] = await ds.query(
      `SELECT count(*)::int AS n, count(DISTINCT gp_id)::int AS gps FROM invitations WHERE hds_id = $1 AND role = 'gp' AND accepted_at IS NULL AND revoked_at IS NULL`,
      [first.hdsId],
    );
    expect(invites).toEqual({ n: 149, gps: 149 });
    const [{ sent }] = await ds.query(`SELECT count(*)::int AS sent FROM outbox_events WHERE hds_id = $1 AND type = 'invitation.sent'`, [first.hdsId]);
    expect(sent).toBe(149);
    const [{ region }] = await ds.query(`SELECT count(*)::int AS region FROM audit_records WHERE hds_id = $1 AND action = 'hds.created'`, [first.hdsId]);
    expect(region).toBe(1);

    // The GP login is linked to a GP record; the platform operator has no tenant role.
    const [gpLogin] = await ds.query(`SELECT m.gp_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'huisarts@hds-waterland.demo'`);
    expect(gpLogin.gp_id).not.toBeNull();
    expect(again.logins).toContainEqual(expect.objectContaining({ role: 'operator', email: DEMO_OPERATOR_EMAIL }));
    const [operator] = await ds.query('SELECT u.operator, u.active, count(m.id)::int AS grants FROM users u LEFT JOIN memberships m ON m.user_id = u.id WHERE u.email = $1 GROUP BY u.id', [DEMO_OPERATOR_EMAIL]);
    expect(operator).toEqual({ operator: true, active: true, grants: 0 });
  });
});
