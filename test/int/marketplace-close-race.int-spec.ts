import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { TenantFactory } from '../factories/tenant.factory.js';
import { MarketplaceError, MarketplaceErrorCode, ClaimsService } from '@anw/marketplace';
import { PeriodStatus, PeriodsService, Qualification, ShiftEntity } from '@anw/rosters';
import { localDate, parseLocal } from '@anw/time';
import { startApi, type TestApp } from '../support/test-app.js';

const zone = 'Europe/Amsterdam';
const CLAIMS = 100;

/**
 * Closing a period excludes its trades: a close that races 100 claims waits for the ones in
 * flight, and every claim after it finds the period closed. Checked on the audit chain, whose
 * order is the commit order (its lock is held to the commit): no claim is won after the close.
 */
describe('closing a period while claims race it (int: PostgreSQL)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApi();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('completes no trade after the close', async () => {
    const ds = app.dataSource;
    const market = app.app.get(ClaimsService);
    const periods = app.app.get(PeriodsService);
    const hds = await TenantFactory.hds(ds);
    const ctx = { hdsId: hds.id, actorUserId: null };
    const date = (day: number): string => DateTime.now().setZone(zone).plus({ days: day }).toISODate() as string;
    const [{ id: postId }] = (await ds.query("INSERT INTO posts (hds_id, code, name) VALUES ($1, 'P', 'Post') RETURNING id", [hds.id])) as { id: string }[];
    const gpIds = ((await ds.query(
      `INSERT INTO gps (hds_id, kind, name, email, qualifications)
       SELECT $1, 'locum', 'Huisarts ' || i, 'gp' || i || '-' || $2 || '@test.anw', '{consult}' FROM generate_series(1, $3) i RETURNING id`,
      [hds.id, randomUUID(), CLAIMS],
    )) as { id: string }[]).map((r) => r.id);
    const [{ id: periodId }] = (await ds.query(
      'INSERT INTO roster_periods (hds_id, name, start_date, end_date, status, version, published_at) VALUES ($1, $2, $3, $4, $5, 1, now()) RETURNING id',
      [hds.id, 'sluiting', date(0), date(30), PeriodStatus.Published],
    )) as { id: string }[];
    // One dienst per GP: every claim could win, only the close stops it.
    const startMs = parseLocal(`${date(10)}T17:00`);
    const shiftIds = (
      await ds.getRepository(ShiftEntity).insert(
        gpIds.map(() => ({ hdsId: hds.id, periodId, postId, code: 'X', role: Qualification.Consult, localDate: localDate(startMs), startAt: new Date(startMs), endAt: new Date(startMs + 6 * 3_600_000), required: 1 })),
      )
    ).identifiers.map((x) => x.id as string);

    let settled = 0;
    const closing: { done?: Promise<unknown> } = {};
    const claims = gpIds.map((gpId, n) =>
      market.claim(ctx, { gpId, planner: false }, { shiftId: shiftIds[n] }).finally(() => {
        settled += 1;
        // The close starts while most claims are still queued or in flight.
        if (settled === 20) closing.done = periods.close({ ...ctx, actorUserId: null }, periodId);
      }),
    );
    const outcomes = await Promise.allSettled(claims);
    await closing.done;

    const won = outcomes.filter((o) => o.status === 'fulfilled').length;
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(won).toBeGreaterThanOrEqual(20);
    expect(refused.length).toBeGreaterThan(0);
    expect(won + refused.length).toBe(CLAIMS);
    for (const error of refused) expect(error instanceof MarketplaceError ? (error.code as MarketplaceErrorCode) : error).toBe(MarketplaceErrorCode.PeriodNotTradable);

    const trail = (await ds.query("SELECT action, seq FROM audit_records WHERE hds_id = $1 AND action IN ('claim.won', 'period.closed') ORDER BY seq", [hds.id])) as { action: string; seq: string }[];
    expect(trail.filter((r) => r.action === 'claim.won')).toHaveLength(won);
    // Nothing won after the close.
    expect(trail.at(-1)?.action).toBe('period.closed');
    const [{ filled }] = (await ds.query('SELECT count(*)::int AS filled FROM assignments WHERE shift_id = ANY($1::uuid[]) AND removed_at IS NULL', [shiftIds])) as { filled: number }[];
    expect(filled).toBe(won);
  });
});
