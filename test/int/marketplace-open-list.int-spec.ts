import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { TenantFactory } from '../factories/tenant.factory.js';
import { GpFactory } from '../factories/gp.factory.js';
import { ClaimsService, MarketplaceViewsService } from '@anw/marketplace';
import { AvailabilityKind, ExemptionKind, PeriodStatus, Qualification, RosterError, RosterErrorCode, ShiftEntity } from '@anw/rosters';
import { localDate, parseLocal } from '@anw/time';
import { startApi, type TestApp } from '../support/test-app.js';

const zone = 'Europe/Amsterdam';
const ROLES = [Qualification.Consult, Qualification.Visite];

const plannedShift = fc.record({
  day: fc.integer({ min: 0, max: 3 }),
  hour: fc.constantFrom(0, 8, 17, 23),
  hours: fc.constantFrom(3, 7, 9, 14),
  role: fc.constantFrom(...ROLES),
  required: fc.integer({ min: 1, max: 2 }),
  mine: fc.boolean(),
  others: fc.integer({ min: 0, max: 2 }),
});

const roster = fc.record({
  shifts: fc.array(plannedShift, { minLength: 2, maxLength: 7 }),
  qualifications: fc.subarray(ROLES, { minLength: 1 }),
  exemption: fc.option(fc.record({ kind: fc.constantFrom(ExemptionKind.Full, ExemptionKind.NoNights), from: fc.integer({ min: 0, max: 3 }), days: fc.integer({ min: 0, max: 2 }) }), { nil: null }),
  absences: fc.array(fc.record({ day: fc.integer({ min: 0, max: 3 }), hour: fc.integer({ min: 0, max: 23 }), hours: fc.integer({ min: 1, max: 30 }), kind: fc.constantFrom(AvailabilityKind.Absence, AvailabilityKind.Blocked, AvailabilityKind.Avoids) }), { maxLength: 2 }),
});

/**
 * One hard-rule check behind both sides: on random small rosters (diensten at awkward hours, some
 * of the GP's own, some full, absences and exemptions), a dienst is in a GP's "open diensten for
 * me" list exactly when that GP's claim of it passes the rules.
 */
describe('the open list and the claim agree (int: PostgreSQL, property)', () => {
  let app: TestApp;
  let views: MarketplaceViewsService;
  let market: ClaimsService;

  beforeAll(async () => {
    app = await startApi();
    views = app.app.get(MarketplaceViewsService);
    market = app.app.get(ClaimsService);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('lists a dienst for a GP exactly when their claim of it succeeds', async () => {
    const ds = app.dataSource;
    const first = DateTime.now().setZone(zone).startOf('day').plus({ days: 10 });
    const date = (day: number): string => first.plus({ days: day }).toISODate() as string;
    await fc.assert(
      fc.asyncProperty(roster, async ({ shifts, qualifications, exemption, absences }) => {
        const hds = await TenantFactory.hds(ds);
        const ctx = { hdsId: hds.id, actorUserId: null };
        const [{ id: postId }] = (await ds.query("INSERT INTO posts (hds_id, code, name) VALUES ($1, 'P', 'Post') RETURNING id", [hds.id])) as { id: string }[];
        const gp = await GpFactory.create(ds, hds.id, { qualifications });
        const others = await GpFactory.createMany(ds, hds.id, 2, { qualifications: ROLES });
        const [{ id: periodId }] = (await ds.query(
          'INSERT INTO roster_periods (hds_id, name, start_date, end_date, status, version, published_at) VALUES ($1, $2, $3, $4, $5, 1, now()) RETURNING id',
          [hds.id, 'eigenschap', date(-1), date(5), PeriodStatus.Published],
        )) as { id: string }[];
        const rows = shifts.map((s) => {
          const startMs = parseLocal(`${date(s.day)}T${String(s.hour).padStart(2, '0')}:00`);
          return { hdsId: hds.id, periodId, postId, code: 'X', role: s.role, localDate: localDate(startMs), startAt: new Date(startMs), endAt: new Date(startMs + s.hours * 3_600_000), required: s.required };
        });
        const ids = (await ds.getRepository(ShiftEntity).insert(rows)).identifiers.map((x) => x.id as string);
        for (const [n, s] of shifts.entries()) {
          const crew = [...(s.mine ? [gp.id] : []), ...others.slice(0, s.others).map((o) => o.id)].slice(0, s.required);
          for (const gpId of crew) await ds.query("INSERT INTO assignments (hds_id, shift_id, gp_id, source) VALUES ($1, $2, $3, 'planner')", [hds.id, ids[n], gpId]);
        }
        if (exemption) {
          await ds.query('INSERT INTO gp_exemptions (hds_id, gp_id, kind, from_date, to_date) VALUES ($1, $2, $3, $4, $5)', [hds.id, gp.id, exemption.kind, date(exemption.from), date(exemption.from + exemption.days)]);
        }
        for (const a of absences) {
          const startMs = parseLocal(`${date(a.day)}T${String(a.hour).padStart(2, '0')}:00`);
          await ds.query('INSERT INTO availability (hds_id, gp_id, kind, start_at, end_at) VALUES ($1, $2, $3, $4, $5)', [hds.id, gp.id, a.kind, new Date(startMs), new Date(startMs + a.hours * 3_600_000)]);
        }

        const listed = new Set((await views.openFor(hds.id, gp.id, { limit: 50 })).items.map((item) => item.shift.id));
        for (const [n, id] of ids.entries()) {
          const crew = (await ds.query('SELECT gp_id FROM assignments WHERE shift_id = $1 AND removed_at IS NULL', [id])) as { gp_id: string }[];
          const open = crew.length < shifts[n].required && !crew.some((c) => c.gp_id === gp.id);
          let claimed = false;
          if (open) {
            try {
              await market.claim(ctx, { gpId: gp.id, planner: false }, { shiftId: id });
              claimed = true;
            } catch (error) {
              if (!(error instanceof RosterError) || (error.code as RosterErrorCode) !== RosterErrorCode.RuleViolation) throw error;
            }
            // Back as it was, for the next dienst's claim.
            if (claimed) await ds.query('UPDATE assignments SET removed_at = now() WHERE shift_id = $1 AND gp_id = $2 AND removed_at IS NULL', [id, gp.id]);
          }
          expect({ shift: n, listed: listed.has(id) }).toEqual({ shift: n, listed: claimed });
        }
      }),
      { numRuns: 25 },
    );
  });
});
