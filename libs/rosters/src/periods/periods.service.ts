import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { HdsEntity } from '@anw/identity';
import { DEFAULT_ZONE, localDate as toLocalDate, nzaHolidayDates, parseLocal, LocalTimeError, splitInterval } from '@anw/time';
import { DateTime } from 'luxon';
import { AssignmentEntity, AssignmentSource } from '../entities/assignment.entity.js';
import { GpEntity, type Qualification } from '../entities/gp.entity.js';
import { PostEntity } from '../entities/post.entity.js';
import { PeriodStatus, RosterPeriodEntity } from '../entities/roster-period.entity.js';
import { RosterVersionEntity, type VersionShift } from '../entities/roster-version.entity.js';
import { ShiftTemplateEntity } from '../entities/shift-template.entity.js';
import { ShiftEntity } from '../entities/shift.entity.js';
import { generateShifts, ShiftGenerationError } from '../domain/generate-shifts.js';
import { diffVersions, type VersionDiff } from '../domain/version-diff.js';
import { RosterError, RosterErrorCode } from '../rosters.errors.js';
import { RosterWrites } from '../assignments/roster-writes.js';
import { PeriodLocks } from './period-locks.js';
import { RuleCheckService } from './rule-check.service.js';

export interface PeriodInput {
  name: string;
  startDate: string;
  endDate: string;
  availabilityDeadline?: string | null;
}

export interface ShiftInput {
  postId: string;
  role: Qualification;
  code?: string;
  start: string;
  end: string;
  required: number;
}

export interface ShiftView {
  id: string;
  periodId: string;
  postId: string;
  templateId: string | null;
  code: string;
  role: string;
  localDate: string;
  start: string;
  end: string;
  startAt: string;
  endAt: string;
  hours: number;
  required: number;
  gpIds: string[];
  open: number;
  revision: number;
  removed: boolean;
}

export interface ShiftFilter {
  from?: string;
  to?: string;
  postId?: string;
  gpId?: string;
  openOnly?: boolean;
  includeRemoved?: boolean;
}

const MAX_PERIOD_DAYS = 366;
const EDITABLE = [PeriodStatus.Draft, PeriodStatus.Published, PeriodStatus.Amended];

/** The category columns of a shift, from its real elapsed minutes. */
export function categoryColumns(startMs: number, endMs: number, eveningStart: string): Pick<ShiftEntity, 'minutesDag' | 'minutesAvond' | 'minutesNacht' | 'minutesWeekend' | 'minutesFeestdag'> {
  const firstYear = Number(toLocalDate(startMs).slice(0, 4));
  const m = splitInterval(startMs, endMs, { eveningStart, holidays: nzaHolidayDates([firstYear, firstYear + 1]) });
  return { minutesDag: m.dag, minutesAvond: m.avond, minutesNacht: m.nacht, minutesWeekend: m.weekend, minutesFeestdag: m.feestdag };
}

function localIso(date: Date): string {
  return DateTime.fromJSDate(date, { zone: DEFAULT_ZONE }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/**
 * Roster periods: generating diensten from templates, single-shift edits, assignments,
 * publication (a frozen version) and amendments (each a new version with a reason), the
 * difference between versions, and the CSV export. Every change writes an audit record and an
 * outbox event in its own transaction.
 */
@Injectable()
export class PeriodsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly rules: RuleCheckService,
    private readonly writes: RosterWrites,
  ) {}

  // ---- periods ---------------------------------------------------------------------------

  async listPeriods(hdsId: string, publishedOnly: boolean, page: { page: number; pageSize: number }): Promise<{ items: RosterPeriodEntity[]; total: number }> {
    const statuses = publishedOnly ? [PeriodStatus.Published, PeriodStatus.Amended, PeriodStatus.Closed] : Object.values(PeriodStatus);
    const [items, total] = await this.dataSource.getRepository(RosterPeriodEntity).findAndCount({
      where: { hdsId, status: In(statuses) },
      order: { startDate: 'DESC', id: 'ASC' },
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    });
    return { items, total };
  }

  async getPeriod(hdsId: string, periodId: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<RosterPeriodEntity> {
    const period = await manager.findOne(RosterPeriodEntity, { where: { hdsId, id: periodId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!period) throw new RosterError(RosterErrorCode.PeriodNotFound, `Roosterperiode ${periodId} bestaat niet in deze HDS.`);
    return period;
  }

  /** A GP sees a period only once it is published. */
  async getVisiblePeriod(hdsId: string, periodId: string, publishedOnly: boolean): Promise<RosterPeriodEntity> {
    const period = await this.getPeriod(hdsId, periodId);
    if (publishedOnly && period.status === PeriodStatus.Draft) {
      throw new RosterError(RosterErrorCode.PeriodNotFound, `Roosterperiode ${periodId} bestaat niet in deze HDS.`);
    }
    return period;
  }

  async createPeriod(ctx: ChangeContext, input: PeriodInput): Promise<RosterPeriodEntity> {
    const start = DateTime.fromISO(input.startDate, { zone: 'UTC' });
    const end = DateTime.fromISO(input.endDate, { zone: 'UTC' });
    if (end < start) throw new RosterError(RosterErrorCode.PeriodInvalid, 'endDate ligt vóór startDate.', [{ field: 'endDate', message: 'endDate ligt vóór startDate' }]);
    if (end.diff(start, 'days').days + 1 > MAX_PERIOD_DAYS) {
      throw new RosterError(RosterErrorCode.PeriodInvalid, `Een roosterperiode duurt hoogstens ${MAX_PERIOD_DAYS} dagen.`, [{ field: 'endDate', message: 'periode te lang' }]);
    }
    return this.dataSource.transaction(async (m) => {
      // Serialise period creation per HDS so two overlapping periods cannot both slip in.
      await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 11))', [ctx.hdsId]);
      const clash = await m
        .createQueryBuilder(RosterPeriodEntity, 'p')
        .where('p.hds_id = :hdsId AND p.start_date <= :end AND p.end_date >= :start', { hdsId: ctx.hdsId, start: input.startDate, end: input.endDate })
        .getOne();
      if (clash) throw new RosterError(RosterErrorCode.PeriodOverlap, `De periode overlapt met ${clash.name} (${clash.startDate} t/m ${clash.endDate}).`);
      const period = await m.save(
        RosterPeriodEntity,
        m.create(RosterPeriodEntity, {
          hdsId: ctx.hdsId,
          name: input.name,
          startDate: input.startDate,
          endDate: input.endDate,
          availabilityDeadline: input.availabilityDeadline ? new Date(input.availabilityDeadline) : null,
        }),
      );
      await this.audit.change(m, ctx, { action: 'period.created', entityType: 'period', entityId: period.id, after: period });
      return period;
    });
  }

  async updatePeriod(ctx: ChangeContext, periodId: string, input: { name?: string; availabilityDeadline?: string | null }): Promise<RosterPeriodEntity> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.getPeriod(ctx.hdsId, periodId, m, true);
      const after = await m.save(RosterPeriodEntity, {
        ...before,
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.availabilityDeadline !== undefined ? { availabilityDeadline: input.availabilityDeadline ? new Date(input.availabilityDeadline) : null } : {}),
      });
      await this.audit.change(m, ctx, { action: 'period.updated', entityType: 'period', entityId: periodId, before, after });
      return after;
    });
  }

  /** Makes the diensten of a draft period from the active templates of all posts. */
  async generate(ctx: ChangeContext, periodId: string, replace: boolean): Promise<{ generated: number }> {
    return this.dataSource.transaction(async (m) => {
      const period = await this.getPeriod(ctx.hdsId, periodId, m, true);
      if (period.status !== PeriodStatus.Draft) throw new RosterError(RosterErrorCode.PeriodNotDraft, 'Diensten genereren kan alleen in een conceptperiode.');
      const existing = await m.count(ShiftEntity, { where: { periodId, removedAt: IsNull() } });
      if (existing > 0 && !replace) {
        throw new RosterError(RosterErrorCode.ShiftsAlreadyGenerated, `Deze periode heeft al ${existing} diensten; gebruik replace=true om ze te vervangen.`);
      }
      if (existing > 0) await m.delete(ShiftEntity, { periodId });
      const hds = await m.findOneByOrFail(HdsEntity, { id: ctx.hdsId });
      const templates = await m.find(ShiftTemplateEntity, { where: { hdsId: ctx.hdsId, active: true } });
      let generated;
      try {
        generated = generateShifts(templates, period, { openings: hds.dayOpenings });
      } catch (error) {
        if (error instanceof ShiftGenerationError) throw new RosterError(RosterErrorCode.ShiftGenerationFailed, error.message);
        throw error;
      }
      const rows = generated.map((g) => ({
        hdsId: ctx.hdsId,
        periodId,
        postId: g.postId,
        templateId: g.templateId,
        code: g.code,
        role: g.role as Qualification,
        localDate: g.localDate,
        startAt: new Date(g.startMs),
        endAt: new Date(g.endMs),
        required: g.required,
        ...categoryColumns(g.startMs, g.endMs, hds.eveningStart),
      }));
      for (let i = 0; i < rows.length; i += 1000) await m.insert(ShiftEntity, rows.slice(i, i + 1000));
      await this.audit.change(
        m,
        ctx,
        { action: 'period.generated', entityType: 'period', entityId: periodId, after: { shifts: rows.length, templates: templates.map((t) => t.code), replaced: existing } },
        { type: 'period.generated', payload: { periodId, shifts: rows.length } },
      );
      return { generated: rows.length };
    });
  }

  // ---- shifts ------------------------------------------------------------------------------

  async listShifts(hdsId: string, periodId: string, filter: ShiftFilter, page: { page: number; pageSize: number }): Promise<{ items: ShiftView[]; total: number }> {
    const qb = this.dataSource.getRepository(ShiftEntity).createQueryBuilder('s').where('s.hds_id = :hdsId AND s.period_id = :periodId', { hdsId, periodId });
    if (!filter.includeRemoved) qb.andWhere('s.removed_at IS NULL');
    if (filter.from) qb.andWhere('s.local_date >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('s.local_date <= :to', { to: filter.to });
    if (filter.postId) qb.andWhere('s.post_id = :postId', { postId: filter.postId });
    if (filter.gpId) qb.andWhere('EXISTS (SELECT 1 FROM assignments a WHERE a.shift_id = s.id AND a.gp_id = :gpId AND a.removed_at IS NULL)', { gpId: filter.gpId });
    if (filter.openOnly) qb.andWhere('s.required > (SELECT count(*) FROM assignments a WHERE a.shift_id = s.id AND a.removed_at IS NULL)');
    const [shifts, total] = await qb
      .orderBy('s.start_at', 'ASC')
      .addOrderBy('s.code', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize)
      .getManyAndCount();
    return { items: await this.views(this.dataSource.manager, shifts), total };
  }

  /** A GP's own diensten across published periods, in a date range. */
  async listGpShifts(hdsId: string, gpId: string, from: string, to: string, page: { page: number; pageSize: number }): Promise<{ items: ShiftView[]; total: number }> {
    // offset/limit rather than skip/take: the joins yield at most one row per dienst (one active
    // assignment per GP and dienst), so TypeORM's two-query paging over joins is not needed.
    const [shifts, total] = await this.dataSource
      .getRepository(ShiftEntity)
      .createQueryBuilder('s')
      .innerJoin(RosterPeriodEntity, 'p', 'p.id = s.period_id AND p.status <> :draft', { draft: PeriodStatus.Draft })
      .innerJoin(AssignmentEntity, 'a', 'a.shift_id = s.id AND a.removed_at IS NULL AND a.gp_id = :gpId', { gpId })
      .where('s.hds_id = :hdsId AND s.removed_at IS NULL AND s.local_date BETWEEN :from AND :to', { hdsId, from, to })
      .orderBy('s.start_at', 'ASC')
      .addOrderBy('s.code', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .offset((page.page - 1) * page.pageSize)
      .limit(page.pageSize)
      .getManyAndCount();
    return { items: await this.views(this.dataSource.manager, shifts), total };
  }

  async getShift(hdsId: string, shiftId: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<ShiftEntity> {
    const shift = await manager.findOne(ShiftEntity, { where: { hdsId, id: shiftId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!shift) throw new RosterError(RosterErrorCode.ShiftNotFound, `Dienst ${shiftId} bestaat niet in deze HDS.`);
    return shift;
  }

  async getShiftView(hdsId: string, shiftId: string): Promise<ShiftView> {
    const [view] = await this.views(this.dataSource.manager, [await this.getShift(hdsId, shiftId)]);
    return view;
  }

  async addShift(ctx: ChangeContext, periodId: string, input: ShiftInput, reason?: string): Promise<ShiftView> {
    return this.dataSource.transaction(async (m) => {
      const period = await this.editablePeriod(m, ctx.hdsId, periodId, reason);
      await this.requirePost(m, ctx.hdsId, input.postId);
      const times = this.parseTimes(input.start, input.end, period);
      const { eveningStart } = await m.findOneByOrFail(HdsEntity, { id: ctx.hdsId });
      const shift = await m.save(
        ShiftEntity,
        m.create(ShiftEntity, {
          hdsId: ctx.hdsId,
          periodId,
          postId: input.postId,
          templateId: null,
          code: input.code ?? '',
          role: input.role,
          required: input.required,
          ...times,
          ...categoryColumns(times.startAt.getTime(), times.endAt.getTime(), eveningStart),
        }),
      );
      const [view] = await this.views(m, [shift]);
      await this.audit.change(m, ctx, { action: 'shift.added', entityType: 'shift', entityId: shift.id, after: view, reason }, { type: 'shift.added', payload: { periodId, shiftId: shift.id } });
      await this.amend(m, ctx, period, reason);
      return view;
    });
  }

  async updateShift(ctx: ChangeContext, shiftId: string, input: Partial<ShiftInput>, reason?: string): Promise<ShiftView> {
    return this.dataSource.transaction(async (m) => {
      const shift = await this.lockShiftForChange(m, ctx.hdsId, shiftId);
      if (shift.removedAt) throw new RosterError(RosterErrorCode.ShiftNotFound, 'Deze dienst is verwijderd.');
      const period = await this.editablePeriod(m, ctx.hdsId, shift.periodId, reason);
      const [before] = await this.views(m, [shift]);
      if (input.postId) await this.requirePost(m, ctx.hdsId, input.postId);
      const times: Partial<ReturnType<PeriodsService['parseTimes']>> =
        input.start !== undefined || input.end !== undefined ? this.parseTimes(input.start ?? before.start, input.end ?? before.end, period) : {};
      if (input.required !== undefined && input.required < before.gpIds.length) {
        throw new RosterError(RosterErrorCode.ShiftInvalid, `Er staan al ${before.gpIds.length} huisartsen op deze dienst; haal er eerst een af.`);
      }
      const updated = await m.save(ShiftEntity, {
        ...shift,
        ...(input.postId ? { postId: input.postId } : {}),
        ...(input.role ? { role: input.role } : {}),
        ...(input.code !== undefined ? { code: input.code } : {}),
        ...(input.required !== undefined ? { required: input.required } : {}),
        ...times,
        ...(times.startAt && times.endAt
          ? categoryColumns(times.startAt.getTime(), times.endAt.getTime(), (await m.findOneByOrFail(HdsEntity, { id: ctx.hdsId })).eveningStart)
          : {}),
        revision: shift.revision + 1,
      });
      // A moved dienst must still be lawful for everyone on it.
      if (times.startAt || input.role) {
        for (const gpId of before.gpIds) await this.assertLawful(m, ctx.hdsId, gpId, updated);
      }
      const [after] = await this.views(m, [updated]);
      await this.audit.change(m, ctx, { action: 'shift.changed', entityType: 'shift', entityId: shiftId, before, after, reason }, { type: 'shift.changed', payload: { periodId: shift.periodId, shiftId, gpIds: after.gpIds, before: { startAt: before.startAt, endAt: before.endAt } } });
      await this.amend(m, ctx, period, reason);
      return after;
    });
  }

  /** Removes a dienst (kept with removed_at, so feeds cancel it and versions show it). */
  async removeShift(ctx: ChangeContext, shiftId: string, reason?: string): Promise<ShiftView> {
    return this.dataSource.transaction(async (m) => {
      const shift = await this.lockShiftForChange(m, ctx.hdsId, shiftId);
      if (shift.removedAt) throw new RosterError(RosterErrorCode.ShiftNotFound, 'Deze dienst is al verwijderd.');
      const period = await this.editablePeriod(m, ctx.hdsId, shift.periodId, reason);
      const [before] = await this.views(m, [shift]);
      const now = new Date();
      await this.writes.clear(m, { shiftId, at: now });
      const removed = await m.save(ShiftEntity, { ...shift, removedAt: now, revision: shift.revision + 1 });
      const [after] = await this.views(m, [removed]);
      await this.audit.change(m, ctx, { action: 'shift.removed', entityType: 'shift', entityId: shiftId, before, after, reason }, { type: 'shift.removed', payload: { periodId: shift.periodId, shiftId, gpIds: before.gpIds } });
      await this.amend(m, ctx, period, reason);
      return after;
    });
  }

  // ---- assignments -------------------------------------------------------------------------

  async assign(ctx: ChangeContext, shiftId: string, gpId: string, reason?: string, source: AssignmentSource = AssignmentSource.Planner): Promise<ShiftView> {
    return this.dataSource.transaction(async (m) => {
      // The shift row lock serialises everyone filling this dienst: it never gets more GPs than it needs.
      const shift = await this.lockShiftForChange(m, ctx.hdsId, shiftId);
      if (shift.removedAt) throw new RosterError(RosterErrorCode.ShiftNotFound, 'Deze dienst is verwijderd.');
      const period = await this.editablePeriod(m, ctx.hdsId, shift.periodId, reason);
      const active = await m.find(AssignmentEntity, { where: { shiftId, removedAt: IsNull() } });
      if (active.some((a) => a.gpId === gpId)) throw new RosterError(RosterErrorCode.AlreadyAssigned, 'Deze huisarts staat al op deze dienst.');
      if (active.length >= shift.required) throw new RosterError(RosterErrorCode.ShiftFull, `Deze dienst is al volledig bezet (${shift.required}).`);
      await this.assertLawful(m, ctx.hdsId, gpId, shift);
      await this.writes.move(m, { hdsId: ctx.hdsId, moves: [{ shiftId, fromGpId: null, toGpId: gpId }], source, at: new Date() });
      const [view] = await this.views(m, [{ ...shift, revision: shift.revision + 1 }]);
      await this.audit.change(m, ctx, { action: 'assignment.added', entityType: 'shift', entityId: shiftId, after: { gpId, source }, reason }, { type: 'assignment.added', payload: { periodId: shift.periodId, shiftId, gpId } });
      await this.amend(m, ctx, period, reason);
      return view;
    });
  }

  async unassign(ctx: ChangeContext, shiftId: string, gpId: string, reason?: string): Promise<ShiftView> {
    return this.dataSource.transaction(async (m) => {
      const shift = await this.lockShiftForChange(m, ctx.hdsId, shiftId);
      const period = await this.editablePeriod(m, ctx.hdsId, shift.periodId, reason);
      const { removed } = await this.writes.move(m, { hdsId: ctx.hdsId, moves: [{ shiftId, fromGpId: gpId, toGpId: null }], source: AssignmentSource.Planner, at: new Date() });
      if (removed === 0) throw new RosterError(RosterErrorCode.AssignmentNotFound, 'Deze huisarts staat niet op deze dienst.');
      const [view] = await this.views(m, [{ ...shift, revision: shift.revision + 1 }]);
      await this.audit.change(m, ctx, { action: 'assignment.removed', entityType: 'shift', entityId: shiftId, before: { gpId }, reason }, { type: 'assignment.removed', payload: { periodId: shift.periodId, shiftId, gpId } });
      await this.amend(m, ctx, period, reason);
      return view;
    });
  }

  async assertLawful(m: EntityManager, hdsId: string, gpId: string, shift: ShiftEntity, ignoreShiftIds: string[] = []): Promise<GpEntity> {
    const gp = await m.findOneBy(GpEntity, { hdsId, id: gpId });
    if (!gp) throw new RosterError(RosterErrorCode.GpNotFound, `Huisarts ${gpId} bestaat niet in deze HDS.`);
    await this.rules.assertLawful(m, [{ gp, shift, ignoreShiftIds }]);
    return gp;
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  async publish(ctx: ChangeContext, periodId: string): Promise<RosterPeriodEntity> {
    return this.dataSource.transaction(async (m) => {
      const period = await this.getPeriod(ctx.hdsId, periodId, m, true);
      if (period.status !== PeriodStatus.Draft) throw new RosterError(RosterErrorCode.PeriodNotDraft, 'Deze periode is al gepubliceerd.');
      const shifts = await this.snapshot(m, periodId);
      const published = await m.save(RosterPeriodEntity, { ...period, status: PeriodStatus.Published, version: 1, publishedAt: new Date() });
      await m.insert(RosterVersionEntity, { hdsId: ctx.hdsId, periodId, version: 1, kind: 'publication', reason: null, shifts, createdBy: ctx.actorUserId });
      const open = shifts.reduce((n, s) => n + Math.max(0, s.required - s.gpIds.length), 0);
      await this.audit.change(
        m,
        ctx,
        { action: 'period.published', entityType: 'period', entityId: periodId, before: { status: period.status }, after: { status: published.status, version: 1, shifts: shifts.length, openPositions: open } },
        { type: 'roster.published', payload: { periodId, version: 1 } },
      );
      return published;
    });
  }

  /** Ends trading: waits for the trades in flight on this period, and those after it find it closed (PeriodLocks). */
  async close(ctx: ChangeContext, periodId: string): Promise<RosterPeriodEntity> {
    return this.dataSource.transaction(async (m) => {
      await PeriodLocks.exclusive(m, { periodId });
      const period = await this.getPeriod(ctx.hdsId, periodId, m, true);
      if (period.status === PeriodStatus.Draft) throw new RosterError(RosterErrorCode.PeriodNotPublished, 'Een conceptperiode kan niet worden afgesloten; publiceer eerst.');
      if (period.status === PeriodStatus.Closed) throw new RosterError(RosterErrorCode.PeriodClosed, 'Deze periode is al afgesloten.');
      const closed = await m.save(RosterPeriodEntity, { ...period, status: PeriodStatus.Closed });
      await this.audit.change(m, ctx, { action: 'period.closed', entityType: 'period', entityId: periodId, before: { status: period.status }, after: { status: closed.status } }, { type: 'period.closed', payload: { periodId } });
      return closed;
    });
  }

  async listVersions(hdsId: string, periodId: string): Promise<Omit<RosterVersionEntity, 'shifts'>[]> {
    await this.getPeriod(hdsId, periodId);
    return this.dataSource.getRepository(RosterVersionEntity).find({
      where: { hdsId, periodId },
      select: { id: true, hdsId: true, periodId: true, version: true, kind: true, reason: true, createdBy: true, createdAt: true },
      order: { version: 'ASC' },
    });
  }

  /** The difference between two versions; `to` omitted means the current state. */
  async diff(hdsId: string, periodId: string, from: number, to?: number): Promise<VersionDiff & { from: number; to: number | 'current' }> {
    await this.getPeriod(hdsId, periodId);
    const load = async (version: number): Promise<VersionShift[]> => {
      const v = await this.dataSource.getRepository(RosterVersionEntity).findOneBy({ hdsId, periodId, version });
      if (!v) throw new RosterError(RosterErrorCode.VersionNotFound, `Versie ${version} van deze periode bestaat niet.`);
      return v.shifts;
    };
    const left = await load(from);
    const right = to === undefined ? await this.snapshot(this.dataSource.manager, periodId) : await load(to);
    return { from, to: to ?? 'current', ...diffVersions(left, right) };
  }

  async exportCsv(hdsId: string, periodId: string): Promise<string> {
    await this.getPeriod(hdsId, periodId);
    const rows = (await this.dataSource.query(
      `SELECT s.local_date::text AS local_date, p.code AS post, s.code, s.role, s.start_at, s.end_at, s.required,
              coalesce(string_agg(g.name, '; ' ORDER BY g.name), '') AS gps,
              coalesce(string_agg(g.email, '; ' ORDER BY g.name), '') AS emails, count(g.id)::int AS filled
         FROM shifts s JOIN posts p ON p.id = s.post_id
         LEFT JOIN assignments a ON a.shift_id = s.id AND a.removed_at IS NULL
         LEFT JOIN gps g ON g.id = a.gp_id
        WHERE s.hds_id = $1 AND s.period_id = $2 AND s.removed_at IS NULL
        GROUP BY s.id, p.code ORDER BY s.start_at, p.code, s.code`,
      [hdsId, periodId],
    )) as { local_date: string; post: string; code: string; role: string; start_at: Date; end_at: Date; required: number; gps: string; emails: string; filled: number }[];
    return stringify(
      rows.map((r) => [r.local_date, r.post, r.code, r.role, localIso(r.start_at), localIso(r.end_at), ((r.end_at.getTime() - r.start_at.getTime()) / 3_600_000).toFixed(2), r.required, r.filled, r.gps, r.emails]),
      { header: true, columns: ['datum', 'post', 'dienst', 'rol', 'begin', 'einde', 'uren', 'nodig', 'bezet', 'huisartsen', 'emails'] },
    );
  }

  // ---- internals ---------------------------------------------------------------------------

  /**
   * Locks the period, excluding its trades (PeriodLocks); after publication a change needs a reason
   * and becomes an amendment.
   */
  private async editablePeriod(m: EntityManager, hdsId: string, periodId: string, reason: string | undefined): Promise<RosterPeriodEntity> {
    await PeriodLocks.exclusive(m, { periodId });
    const period = await this.getPeriod(hdsId, periodId, m, true);
    if (!EDITABLE.includes(period.status)) throw new RosterError(RosterErrorCode.PeriodClosed, 'Deze periode is afgesloten en kan niet meer worden gewijzigd.');
    if (period.status !== PeriodStatus.Draft && !reason?.trim()) {
      throw new RosterError(RosterErrorCode.AmendmentReasonRequired, 'Het rooster is gepubliceerd: geef een reden voor deze wijziging.', [{ field: 'reason', message: 'reden verplicht na publicatie' }]);
    }
    return period;
  }

  /** A planner's change of one dienst: its period's lock before the dienst's row lock, as trades take them (PeriodLocks). */
  private async lockShiftForChange(m: EntityManager, hdsId: string, shiftId: string): Promise<ShiftEntity> {
    await PeriodLocks.exclusiveForShift(m, { shiftId });
    return this.getShift(hdsId, shiftId, m, true);
  }

  /** After publication every change freezes a new version with its reason. */
  private async amend(m: EntityManager, ctx: ChangeContext, period: RosterPeriodEntity, reason: string | undefined): Promise<void> {
    if (period.status === PeriodStatus.Draft) return;
    const version = period.version + 1;
    await m.insert(RosterVersionEntity, { hdsId: ctx.hdsId, periodId: period.id, version, kind: 'amendment', reason: reason ?? null, shifts: await this.snapshot(m, period.id), createdBy: ctx.actorUserId });
    await m.update(RosterPeriodEntity, { id: period.id }, { status: PeriodStatus.Amended, version });
    period.version = version;
    period.status = PeriodStatus.Amended;
  }

  private async snapshot(m: EntityManager, periodId: string): Promise<VersionShift[]> {
    const rows = (await m.query(
      `SELECT s.id, s.post_id, s.code, s.role, s.local_date::text AS local_date, s.start_at, s.end_at, s.required,
              coalesce(array_agg(a.gp_id ORDER BY a.gp_id) FILTER (WHERE a.gp_id IS NOT NULL), '{}') AS gp_ids
         FROM shifts s LEFT JOIN assignments a ON a.shift_id = s.id AND a.removed_at IS NULL
        WHERE s.period_id = $1 AND s.removed_at IS NULL
        GROUP BY s.id ORDER BY s.start_at, s.id`,
      [periodId],
    )) as { id: string; post_id: string; code: string; role: string; local_date: string; start_at: Date; end_at: Date; required: number; gp_ids: string[] }[];
    return rows.map((r) => ({
      id: r.id,
      postId: r.post_id,
      code: r.code,
      role: r.role,
      localDate: r.local_date,
      startAt: r.start_at.toISOString(),
      endAt: r.end_at.toISOString(),
      required: r.required,
      gpIds: r.gp_ids,
    }));
  }

  private async views(m: EntityManager, shifts: ShiftEntity[]): Promise<ShiftView[]> {
    if (shifts.length === 0) return [];
    const assignments = await m.find(AssignmentEntity, { where: { shiftId: In(shifts.map((s) => s.id)), removedAt: IsNull() }, order: { createdAt: 'ASC' } });
    const byShift = new Map<string, string[]>();
    for (const a of assignments) byShift.set(a.shiftId, [...(byShift.get(a.shiftId) ?? []), a.gpId]);
    return shifts.map((s) => {
      const gpIds = s.removedAt ? [] : (byShift.get(s.id) ?? []);
      return {
        id: s.id,
        periodId: s.periodId,
        postId: s.postId,
        templateId: s.templateId,
        code: s.code,
        role: s.role,
        localDate: s.localDate,
        start: localIso(s.startAt),
        end: localIso(s.endAt),
        startAt: s.startAt.toISOString(),
        endAt: s.endAt.toISOString(),
        hours: (s.endAt.getTime() - s.startAt.getTime()) / 3_600_000,
        required: s.required,
        gpIds,
        open: Math.max(0, s.required - gpIds.length),
        revision: s.revision,
        removed: s.removedAt !== null,
      };
    });
  }

  private async requirePost(m: EntityManager, hdsId: string, postId: string): Promise<void> {
    if (!(await m.existsBy(PostEntity, { hdsId, id: postId }))) throw new RosterError(RosterErrorCode.PostNotFound, `Post ${postId} bestaat niet in deze HDS.`);
  }

  private parseTimes(start: string, end: string, period: RosterPeriodEntity): { startAt: Date; endAt: Date; localDate: string } {
    let startMs: number;
    let endMs: number;
    try {
      startMs = parseLocal(start);
    } catch (error) {
      throw new RosterError(RosterErrorCode.ShiftInvalid, `start: ${error instanceof LocalTimeError ? error.message : 'ongeldige tijd'}`, [{ field: 'start', message: 'ongeldige lokale tijd' }]);
    }
    try {
      endMs = parseLocal(end);
    } catch (error) {
      throw new RosterError(RosterErrorCode.ShiftInvalid, `end: ${error instanceof LocalTimeError ? error.message : 'ongeldige tijd'}`, [{ field: 'end', message: 'ongeldige lokale tijd' }]);
    }
    if (endMs <= startMs) throw new RosterError(RosterErrorCode.ShiftInvalid, 'Het einde van de dienst ligt niet na het begin.', [{ field: 'end', message: 'einde vóór begin' }]);
    if (endMs - startMs > 24 * 3_600_000) throw new RosterError(RosterErrorCode.ShiftInvalid, 'Een dienst duurt hoogstens 24 uur.', [{ field: 'end', message: 'langer dan 24 uur' }]);
    const localDate = toLocalDate(startMs);
    if (localDate < period.startDate || localDate > period.endDate) {
      throw new RosterError(RosterErrorCode.ShiftOutsidePeriod, `De dienst begint op ${localDate}, buiten de periode ${period.startDate} t/m ${period.endDate}.`);
    }
    return { startAt: new Date(startMs), endAt: new Date(endMs), localDate };
  }
}
