import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, LessThan, MoreThan, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { DEFAULT_ZONE, localDate, parseLocal } from '@anw/time';
import { AvailabilityEntity, AvailabilityResponseEntity } from '../entities/availability.entity.js';
import { ExemptionKind } from '../entities/gp-exemption.entity.js';
import { GpEntity } from '../entities/gp.entity.js';
import { RosterPeriodEntity } from '../entities/roster-period.entity.js';
import { RosterError, RosterErrorCode } from '../rosters.errors.js';
import { AVAILABILITY_CSV_LAYOUT, planAvailabilityImport } from './availability-import.js';
import { parseInterval } from './availability-rules.js';
import { toView, type AvailabilityInput, type AvailabilityView } from './availability-view.js';
import { countValid, csvRefused, readCsv, type ImportCheck } from './csv.js';
import { normaliseEmail } from './gp-rules.js';

/**
 * Who changes availability: a GP for their own record (`gpId`), held to the periods' deadlines,
 * or a planner on behalf of any GP of the HDS (`onBehalf`), at any time.
 */
export interface AvailabilityActor {
  gpId: string | null;
  onBehalf: boolean;
}

export interface AvailabilityResponseView {
  periodId: string;
  gpId: string;
  respondedAt: string;
  enteredBy: string | null;
}

export interface GpContact {
  gpId: string;
  name: string;
  email: string;
}

export interface AvailabilityStatus {
  periodId: string;
  deadline: string | null;
  deadlinePassed: boolean;
  responded: (GpContact & { respondedAt: string })[];
  notResponded: GpContact[];
}

function deadlinePassed(period: RosterPeriodEntity): RosterError {
  const deadline = period.availabilityDeadline ? DateTime.fromJSDate(period.availabilityDeadline, { zone: DEFAULT_ZONE }).toFormat('d-M-yyyy HH:mm') : '';
  return new RosterError(
    RosterErrorCode.AvailabilityDeadlinePassed,
    `De deadline voor het opgeven van beschikbaarheid voor ${period.name} (${period.startDate} t/m ${period.endDate}) was ${deadline}; vraag de planner om de wijziging door te voeren.`,
  );
}

/**
 * Availability of GPs (absence, blocked, wants, avoids), their confirmations per roster period,
 * who has not yet responded, and the CSV import. Every change writes an audit record and an
 * outbox event in its own transaction.
 */
@Injectable()
export class AvailabilityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  /** Entries overlapping the local dates `from`..`to` (inclusive), in order of start. */
  async list(hdsId: string, gpId: string, range: { from?: string; to?: string }): Promise<AvailabilityView[]> {
    await this.gp(this.dataSource.manager, hdsId, gpId);
    const where: FindOptionsWhere<AvailabilityEntity> = { hdsId, gpId };
    try {
      if (range.to) where.startAt = LessThan(new Date(parseLocal(`${range.to}T24:00`)));
      if (range.from) where.endAt = MoreThan(new Date(parseLocal(`${range.from}T00:00`)));
    } catch {
      throw new RosterError(RosterErrorCode.AvailabilityInvalid, 'from en to moeten bestaande datums zijn (JJJJ-MM-DD).');
    }
    const entries = await this.dataSource.getRepository(AvailabilityEntity).find({ where, order: { startAt: 'ASC', id: 'ASC' } });
    return entries.map(toView);
  }

  async add(ctx: ChangeContext, actor: AvailabilityActor, gpId: string, input: AvailabilityInput): Promise<AvailabilityView> {
    this.refuseOthersRecord(actor, gpId);
    const interval = parseInterval(input.startAt, input.endAt, { start: 'startAt', end: 'endAt' });
    if (interval.problems.length > 0 || interval.startMs === null || interval.endMs === null) {
      throw new RosterError(RosterErrorCode.AvailabilityInvalid, interval.problems.map((p) => `${p.field}: ${p.message}`).join('; '), interval.problems);
    }
    const { startMs, endMs } = interval;
    return this.dataSource.transaction(async (m) => {
      await this.gp(m, ctx.hdsId, gpId);
      if (!actor.onBehalf) await this.refuseAfterDeadline(m, ctx.hdsId, startMs, endMs);
      const entry = await m.save(
        AvailabilityEntity,
        m.create(AvailabilityEntity, { hdsId: ctx.hdsId, gpId, kind: input.kind, startAt: new Date(startMs), endAt: new Date(endMs), note: input.note?.trim() ?? '', weight: input.weight ?? 1, enteredBy: ctx.actorUserId }),
      );
      const view = toView(entry);
      await this.audit.change(
        m,
        ctx,
        { action: 'availability.added', entityType: 'availability', entityId: entry.id, after: view },
        { type: 'availability.added', payload: { gpId, availabilityId: entry.id, kind: entry.kind, startAt: view.startUtc, endAt: view.endUtc } },
      );
      return view;
    });
  }

  async remove(ctx: ChangeContext, actor: AvailabilityActor, gpId: string, availabilityId: string): Promise<AvailabilityView> {
    this.refuseOthersRecord(actor, gpId);
    return this.dataSource.transaction(async (m) => {
      await this.gp(m, ctx.hdsId, gpId);
      const entry = await m.findOneBy(AvailabilityEntity, { hdsId: ctx.hdsId, gpId, id: availabilityId });
      if (!entry) throw new RosterError(RosterErrorCode.AvailabilityNotFound, `Beschikbaarheid ${availabilityId} van deze huisarts bestaat niet.`);
      if (!actor.onBehalf) await this.refuseAfterDeadline(m, ctx.hdsId, entry.startAt.getTime(), entry.endAt.getTime());
      await m.delete(AvailabilityEntity, { id: availabilityId });
      const view = toView(entry);
      await this.audit.change(
        m,
        ctx,
        { action: 'availability.removed', entityType: 'availability', entityId: availabilityId, before: view },
        { type: 'availability.removed', payload: { gpId, availabilityId, kind: entry.kind, startAt: view.startUtc, endAt: view.endUtc } },
      );
      return view;
    });
  }

  // ---- responses per period ------------------------------------------------------------------

  /** A GP confirms they have entered their availability for the period (once; a repeat changes nothing). */
  async respond(ctx: ChangeContext, actor: AvailabilityActor, periodId: string, forGpId?: string): Promise<AvailabilityResponseView> {
    let gpId: string;
    if (actor.onBehalf) {
      const chosen = forGpId ?? actor.gpId;
      if (!chosen) throw new RosterError(RosterErrorCode.AvailabilityInvalid, 'gpId: geef aan voor welke huisarts u de reactie vastlegt.', [{ field: 'gpId', message: 'verplicht voor een planner' }]);
      gpId = chosen;
    } else {
      if (!actor.gpId) throw new RosterError(RosterErrorCode.NotYourGpRecord, 'U heeft geen huisartsgegevens in deze HDS; vraag de planner om een uitnodiging als huisarts (de link in die mail koppelt uw account).');
      this.refuseOthersRecord(actor, forGpId ?? actor.gpId);
      gpId = actor.gpId;
    }
    return this.dataSource.transaction(async (m) => {
      const period = await this.period(m, ctx.hdsId, periodId);
      await this.gp(m, ctx.hdsId, gpId);
      const now = new Date();
      if (!actor.onBehalf && period.availabilityDeadline && period.availabilityDeadline <= now) throw deadlinePassed(period);
      // A repeated confirmation keeps the first one (and writes no audit record).
      const inserted = (await m.query(
        `INSERT INTO availability_responses (period_id, gp_id, hds_id, responded_at, entered_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (period_id, gp_id) DO NOTHING RETURNING gp_id`,
        [periodId, gpId, ctx.hdsId, now, ctx.actorUserId],
      )) as unknown[];
      const response = await m.findOneByOrFail(AvailabilityResponseEntity, { periodId, gpId });
      const view: AvailabilityResponseView = { periodId, gpId, respondedAt: response.respondedAt.toISOString(), enteredBy: response.enteredBy };
      if (inserted.length > 0) {
        await this.audit.change(
          m,
          ctx,
          { action: 'availability.responded', entityType: 'availability_response', entityId: `${periodId}:${gpId}`, after: view },
          { type: 'availability.responded', payload: { periodId, gpId } },
        );
      }
      return view;
    });
  }

  /**
   * Who has confirmed their availability for the period and who has not, among the GPs
   * affiliated during the period (a GP fully exempted for the whole period owes no answer).
   */
  async status(hdsId: string, periodId: string): Promise<AvailabilityStatus> {
    const period = await this.period(this.dataSource.manager, hdsId, periodId);
    const rows = (await this.dataSource.query(
      `SELECT g.id, g.name, g.email, r.responded_at
         FROM gps g
         LEFT JOIN availability_responses r ON r.gp_id = g.id AND r.period_id = $2
        WHERE g.hds_id = $1
          AND (g.joined_on IS NULL OR g.joined_on <= $4)
          AND (g.left_on IS NULL OR g.left_on >= $3)
          AND NOT EXISTS (SELECT 1 FROM gp_exemptions e
                           WHERE e.gp_id = g.id AND e.kind = $5 AND e.from_date <= $3 AND e.to_date >= $4)
        ORDER BY g.name, g.id`,
      [hdsId, periodId, period.startDate, period.endDate, ExemptionKind.Full],
    )) as { id: string; name: string; email: string; responded_at: Date | null }[];
    return {
      periodId,
      deadline: period.availabilityDeadline?.toISOString() ?? null,
      deadlinePassed: period.availabilityDeadline !== null && period.availabilityDeadline <= new Date(),
      responded: rows.filter((r) => r.responded_at !== null).map((r) => ({ gpId: r.id, name: r.name, email: r.email, respondedAt: (r.responded_at as Date).toISOString() })),
      notResponded: rows.filter((r) => r.responded_at === null).map((r) => ({ gpId: r.id, name: r.name, email: r.email })),
    };
  }

  // ---- CSV import ----------------------------------------------------------------------------

  /** A dry run: every problem of every row, nothing written. */
  async checkImport(hdsId: string, csv: string): Promise<ImportCheck> {
    const table = readCsv(csv, AVAILABILITY_CSV_LAYOUT);
    const plan = planAvailabilityImport(table, await this.gpIdsByEmail(this.dataSource.manager, hdsId));
    return { valid: countValid(table.rows, plan.problems), errors: plan.problems };
  }

  /** All rows in one transaction, or (with any bad row) none, refused with every problem. Planners only: no deadlines. */
  async importAvailability(ctx: ChangeContext, csv: string): Promise<{ imported: number }> {
    const table = readCsv(csv, AVAILABILITY_CSV_LAYOUT);
    return this.dataSource.transaction(async (m) => {
      const plan = planAvailabilityImport(table, await this.gpIdsByEmail(m, ctx.hdsId));
      if (plan.problems.length > 0) throw csvRefused(plan.problems);
      const entries = await m.save(
        AvailabilityEntity,
        plan.rows.map((row) =>
          m.create(AvailabilityEntity, { hdsId: ctx.hdsId, gpId: row.gpId, kind: row.kind, startAt: new Date(row.startMs), endAt: new Date(row.endMs), note: row.note, enteredBy: ctx.actorUserId }),
        ),
        { chunk: 500 },
      );
      // One audit record per GP with all of their imported entries: a per-entry chain link would
      // make a large import take minutes.
      const perGp = new Map<string, AvailabilityView[]>();
      for (const entry of entries) perGp.set(entry.gpId, [...(perGp.get(entry.gpId) ?? []), toView(entry)]);
      for (const [gpId, views] of perGp) {
        await this.audit.record(m, ctx, { action: 'availability.imported', entityType: 'gp', entityId: gpId, after: { entries: views }, reason: 'CSV-import' });
      }
      await this.audit.emit(m, ctx, { type: 'availability.imported', payload: { count: entries.length, gpIds: [...perGp.keys()] } });
      return { imported: entries.length };
    });
  }

  // ---- helpers -------------------------------------------------------------------------------

  private refuseOthersRecord(actor: AvailabilityActor, gpId: string): void {
    if (!actor.onBehalf && actor.gpId !== gpId) {
      throw new RosterError(RosterErrorCode.NotYourGpRecord, 'U kunt alleen uw eigen beschikbaarheid invoeren of wijzigen; vraag de planner om dit voor een collega te doen.');
    }
  }

  /** A GP changes availability only until the deadline of every roster period the interval touches. */
  private async refuseAfterDeadline(m: EntityManager, hdsId: string, startMs: number, endMs: number): Promise<void> {
    const now = new Date();
    const period = await m
      .createQueryBuilder(RosterPeriodEntity, 'p')
      .where('p.hds_id = :hdsId AND p.availability_deadline IS NOT NULL AND p.availability_deadline <= :now', { hdsId, now })
      .andWhere('p.start_date <= :last AND p.end_date >= :first', { first: localDate(startMs), last: localDate(endMs - 1) })
      .orderBy('p.start_date', 'ASC')
      .getOne();
    if (period) throw deadlinePassed(period);
  }

  private async gp(m: EntityManager, hdsId: string, gpId: string): Promise<GpEntity> {
    const gp = await m.findOneBy(GpEntity, { hdsId, id: gpId });
    if (!gp) throw new RosterError(RosterErrorCode.GpNotFound, `Huisarts ${gpId} bestaat niet in deze HDS.`);
    return gp;
  }

  private async period(m: EntityManager, hdsId: string, periodId: string): Promise<RosterPeriodEntity> {
    const period = await m.findOneBy(RosterPeriodEntity, { hdsId, id: periodId });
    if (!period) throw new RosterError(RosterErrorCode.PeriodNotFound, `Roosterperiode ${periodId} bestaat niet in deze HDS.`);
    return period;
  }

  private async gpIdsByEmail(m: EntityManager, hdsId: string): Promise<Map<string, string>> {
    const gps = await m.find(GpEntity, { where: { hdsId }, select: { id: true, email: true } });
    return new Map(gps.map((gp) => [normaliseEmail(gp.email), gp.id]));
  }
}
