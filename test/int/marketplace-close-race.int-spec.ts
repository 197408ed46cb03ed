import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { TenantFactory } from '../factories/tenant.factory.js';
import { ClaimsService, MarketplaceError, MarketplaceErrorCode } from '@anw/marketplace';
import { AssignmentsService, PeriodStatus, PeriodsService, Qualification, ShiftEntity, type VersionShift } from '@anw/rosters';
import { localDate, parseLocal } from '@anw/time';
import { startApi, type TestApp } from '../support/test-app.js';

const zone = 'Europe/Amsterdam';
const CLAIMS = 100;

/**
 * Closing a period and amending a published one exclude its trades (PeriodLocks). A close that
 * races 100 claims waits for the ones in flight, and every claim after it finds the period closed
 * (checked on the audit chain, whose order is the commit order: its lock is held to the commit);
 * an amendment's frozen version holds exactly the claims won before it; and a planner's
 * assignment and a GP's claim never both pass the rule check on what the other has not yet done.
 */
describe('closing and amending a period while claims race it (int: PostgreSQL)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApi();
  });

  afterAll(async () => {
    await app?.close();
  });

  /** A published period with one open dienst per GP (every claim could win) and one spare dienst. */
  async function racePeriod(): Promise<{ ctx: { hdsId: string; actorUserId: null }; periodId: string; gpIds: string[]; shiftIds: string[]; spare: string }> {
    const ds = app.dataSource;
    const hds = await TenantFactory.hds(ds);
    const date = (day: number): string => DateTime.now().setZone(zone).plus({ days: day }).toISODate() as string;
    const [{ id: postId }] = (await ds.query("INSERT INTO posts (hds_id, code, name) VALUES ($1, 'P', 'Post') RETURNING id", [hds.id])) as { id: string }[];
    const gpIds = ((await ds.query(
      `INSERT INTO gps (hds_id, kind, name, email, qualifications)
       SELECT $1, 'locum', 'Huisarts ' || i, 'gp' || i || '-' || $2 || '@test.anw', '{consult}' FROM generate_series(1, $3) i RETURNING id`,
      [hds.id, randomUUID(), CLAIMS + 1],
    )) as { id: string }[]).map((r) => r.id);
    const [{ id: periodId }] = (await ds.query(
      'INSERT INTO roster_periods (hds_id, name, start_date, end_date, status, version, published_at) VALUES ($1, $2, $3, $4, $5, 1, now()) RETURNING id',
      [hds.id, 'race', date(0), date(30), PeriodStatus.Published],
    )) as { id: string }[];
    const startMs = parseLocal(`${date(10)}T17:00`);
    const ids = (
      await ds.getRepository(ShiftEntity).insert(
        gpIds.map(() => ({ hdsId: hds.id, periodId, postId, code: 'X', role: Qualification.Consult, localDate: localDate(startMs), startAt: new Date(startMs), endAt: new Date(startMs + 6 * 3_600_000), required: 1 })),
      )
    ).identifiers.map((x) => x.id as string);
    return { ctx: { hdsId: hds.id, actorUserId: null }, periodId, gpIds: gpIds.slice(0, CLAIMS), shiftIds: ids.slice(0, CLAIMS), spare: ids[CLAIMS] };
  }

  /** Every GP claims their dienst at once; `meanwhile` starts once 20 have settled, while most are queued or in flight. */
  async function race(ctx: { hdsId: string; actorUserId: null }, gpIds: string[], shiftIds: string[], meanwhile: () => Promise<unknown>): Promise<PromiseSettledResult<unknown>[]> {
    const claims = app.app.get(ClaimsService);
    let settled = 0;
    const started: { done?: Promise<unknown> } = {};
    const outcomes = await Promise.allSettled(
      gpIds.map((gpId, n) =>
        claims.claim(ctx, { gpId, planner: false }, { shiftId: shiftIds[n] }).finally(() => {
          settled += 1;
          if (settled === 20) started.done = meanwhile();
        }),
      ),
    );
    await started.done;
    return outcomes;
  }

  const trail = async (hdsId: string): Promise<{ action: string; entity_id: string; seq: string }[]> =>
    (await app.dataSource.query("SELECT action, entity_id, seq FROM audit_records WHERE hds_id = $1 AND action IN ('claim.won', 'period.closed', 'assignment.added') ORDER BY seq", [hdsId])) as {
      action: string;
      entity_id: string;
      seq: string;
    }[];

  it('completes no trade after the close', async () => {
    const { ctx, periodId, gpIds, shiftIds } = await racePeriod();
    const outcomes = await race(ctx, gpIds, shiftIds, () => app.app.get(PeriodsService).close(ctx, periodId));

    const won = outcomes.filter((o) => o.status === 'fulfilled').length;
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(won).toBeGreaterThanOrEqual(20);
    expect(refused.length).toBeGreaterThan(0);
    expect(won + refused.length).toBe(CLAIMS);
    for (const error of refused) expect(error instanceof MarketplaceError ? (error.code as MarketplaceErrorCode) : error).toBe(MarketplaceErrorCode.PeriodNotTradable);

    const records = await trail(ctx.hdsId);
    expect(records.filter((r) => r.action === 'claim.won')).toHaveLength(won);
    // Nothing won after the close.
    expect(records.at(-1)?.action).toBe('period.closed');
    const [{ filled }] = (await app.dataSource.query('SELECT count(*)::int AS filled FROM assignments WHERE shift_id = ANY($1::uuid[]) AND removed_at IS NULL', [shiftIds])) as { filled: number }[];
    expect(filled).toBe(won);
  });

  it('freezes in an amendment exactly the claims won before it', async () => {
    const { ctx, periodId, gpIds, shiftIds, spare } = await racePeriod();
    const planner = { ...ctx };
    const [extraGp] = ((await app.dataSource.query('SELECT id FROM gps WHERE hds_id = $1 AND NOT (id = ANY($2::uuid[]))', [ctx.hdsId, gpIds])) as { id: string }[]).map((r) => r.id);
    const outcomes = await race(ctx, gpIds, shiftIds, () => app.app.get(AssignmentsService).assign(planner, { shiftId: spare, gpId: extraGp, reason: 'wijziging tijdens het ruilen' }));
    expect(outcomes.every((o) => o.status === 'fulfilled')).toBe(true);

    const records = await trail(ctx.hdsId);
    const at = records.findIndex((r) => r.action === 'assignment.added');
    expect(at).toBeGreaterThan(0);
    const claimed = async (claimIds: string[]): Promise<string[]> =>
      ((await app.dataSource.query('SELECT shift_id FROM market_claims WHERE id = ANY($1::uuid[]) ORDER BY shift_id', [claimIds])) as { shift_id: string }[]).map((r) => r.shift_id);
    const before = await claimed(records.slice(0, at).map((r) => r.entity_id));
    const [{ shifts }] = (await app.dataSource.query('SELECT shifts FROM roster_versions WHERE period_id = $1 AND version = 2', [periodId])) as { shifts: VersionShift[] }[];
    const filledInVersion = shifts.filter((s) => shiftIds.includes(s.id) && s.gpIds.length > 0).map((s) => s.id).sort();
    expect(filledInVersion).toEqual(before);
    expect(shifts.find((s) => s.id === spare)?.gpIds).toEqual([extraGp]);
  });

  it('never lets a planner\'s assignment and a GP\'s claim both put one GP on overlapping diensten', async () => {
    const { ctx, gpIds, shiftIds } = await racePeriod();
    const ds = app.dataSource;
    const rounds = 20;
    const both: number[] = [];
    for (let n = 0; n < rounds; n++) {
      // Dienst n (open) and dienst n + rounds (open): the same evening, so one GP can work only one.
      const gpId = gpIds[n];
      const [claimed, assigned] = await Promise.allSettled([
        app.app.get(ClaimsService).claim(ctx, { gpId, planner: false }, { shiftId: shiftIds[n] }),
        app.app.get(AssignmentsService).assign(ctx, { shiftId: shiftIds[n + rounds], gpId, reason: 'tegelijk met een claim' }),
      ]);
      if (claimed.status === 'fulfilled' && assigned.status === 'fulfilled') both.push(n);
    }
    expect(both).toEqual([]);
    const [{ overlaps }] = (await ds.query(
      `SELECT count(*)::int AS overlaps FROM assignments a JOIN assignments b ON a.gp_id = b.gp_id AND a.id < b.id AND a.removed_at IS NULL AND b.removed_at IS NULL
         JOIN shifts x ON x.id = a.shift_id JOIN shifts y ON y.id = b.shift_id AND x.start_at < y.end_at AND y.start_at < x.end_at
        WHERE a.hds_id = $1`,
      [ctx.hdsId],
    )) as { overlaps: number }[];
    expect(overlaps).toBe(0);
  });
});
