import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { createDataSource } from '@anw/database';
import { DEMO_OPERATOR_EMAIL, nextQuarter, seedDemo } from '@anw/demo';
import { loadConfig } from '@anw/platform';
import type { DataSource } from 'typeorm';
import { ensureTestEnv } from '../support/env.js';

describe(seedDemo.name, () => {
  let ds: DataSource;
  beforeAll(async () => {
    ensureTestEnv();
    ds = createDataSource(loadConfig());
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
  });

  it('loads 3 posts, ~150 GPs of all kinds and a generated quarter, once', async () => {
    const first = await seedDemo(ds);
    const again = await seedDemo(ds);
    expect(again.created).toBe(false);
    expect(again.hdsId).toBe(first.hdsId);
    const [kinds] = await ds.query(
      `SELECT count(*) FILTER (WHERE kind = 'practiceHolder')::int AS holders, count(*) FILTER (WHERE kind = 'employed')::int AS employed,
              count(*) FILTER (WHERE kind = 'locum')::int AS locums FROM gps WHERE hds_id = $1`,
      [first.hdsId],
    );
    expect(kinds).toEqual({ holders: 80, employed: 40, locums: 30 });
    const [{ posts }] = await ds.query('SELECT count(*)::int AS posts FROM posts WHERE hds_id = $1', [first.hdsId]);
    expect(posts).toBe(3);
    const [period] = await ds.query('SELECT start_date::text, end_date::text FROM roster_periods WHERE id = $1', [first.periodId ?? again.periodId]);
    const [{ shifts, days }] = await ds.query('SELECT count(*)::int AS shifts, count(DISTINCT local_date)::int AS days FROM shifts WHERE period_id = $1', [first.periodId ?? again.periodId]);
    const q = DateTime.fromISO(period.start_date);
    expect(days).toBe(Math.round(DateTime.fromISO(period.end_date).diff(q, 'days').days) + 1);
    expect(shifts).toBeGreaterThan(days * 10);
    expect(nextQuarter(DateTime.fromISO('2026-11-23')).startDate).toBe('2027-01-01');
    // The platform operator of the queue dashboard, with no tenant role.
    expect(again.logins).toContainEqual(expect.objectContaining({ role: 'operator', email: DEMO_OPERATOR_EMAIL }));
    const [operator] = await ds.query('SELECT u.operator, u.active, count(m.id)::int AS grants FROM users u LEFT JOIN memberships m ON m.user_id = u.id WHERE u.email = $1 GROUP BY u.id', [DEMO_OPERATOR_EMAIL]);
    expect(operator).toEqual({ operator: true, active: true, grants: 0 });
  });
});
