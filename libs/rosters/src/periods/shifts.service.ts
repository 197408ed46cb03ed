import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { HdsEntity } from '@anw/identity';
import { localDate as toLocalDate, parseLocal, LocalTimeError } from '@anw/time';
import { AssignmentEntity } from '../entities/assignment.entity.js';
import type { Qualification } from '../entities/gp.entity.js';
import { PostEntity } from '../entities/post.entity.js';
import { PeriodStatus, RosterPeriodEntity } from '../entities/roster-period.entity.js';
import { ShiftEntity } from '../entities/shift.entity.js';
import { RosterWrites } from '../assignments/roster-writes.js';
import { RosterError, RosterErrorCode } from '../rosters.errors.js';
import { PeriodLocks } from './period-locks.js';
import { findShift } from './period-reads.js';
import { PeriodVersionsService } from './period-versions.service.js';
import { PeriodsService } from './periods.service.js';
import { RuleCheckService } from './rule-check.service.js';
import { categoryColumns, shiftViews, type ShiftView } from './shift-views.js';

export interface ShiftInput {
  postId: string;
  role: Qualification;
  code?: string;
  start: string;
  end: string;
  required: number;
}

export interface ShiftFilter {
  from?: string;
  to?: string;
  postId?: string;
  gpId?: string;
  openOnly?: boolean;
  includeRemoved?: boolean;
}

/**
 * The diensten of a period: listing them, adding, changing and removing single ones (after
 * publication each an amendment with its reason). Each change takes its period's lock before the
 * dienst's (PeriodLocks), so it and the period's trades exclude each other.
 */
@Injectable()
export class ShiftsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly periods: PeriodsService,
    private readonly versions: PeriodVersionsService,
    private readonly rules: RuleCheckService,
    private readonly writes: RosterWrites,
  ) {}

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
    return { items: await shiftViews(this.dataSource.manager, shifts), total };
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
    return { items: await shiftViews(this.dataSource.manager, shifts), total };
  }

  async getShift(hdsId: string, shiftId: string): Promise<ShiftEntity> {
    return findShift(this.dataSource.manager, { hdsId, shiftId });
  }

  async getShiftView(hdsId: string, shiftId: string): Promise<ShiftView> {
    const [view] = await shiftViews(this.dataSource.manager, [await this.getShift(hdsId, shiftId)]);
    return view;
  }

  async addShift(ctx: ChangeContext, periodId: string, input: ShiftInput, reason?: string): Promise<ShiftView> {
    return this.dataSource.transaction(async (m) => {
      const period = await this.periods.editablePeriod(m, { hdsId: ctx.hdsId, periodId, reason });
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
      const [view] = await shiftViews(m, [shift]);
      await this.audit.change(m, ctx, { action: 'shift.added', entityType: 'shift', entityId: shift.id, after: view, reason }, { type: 'shift.added', payload: { periodId, shiftId: shift.id } });
      await this.versions.amend(m, ctx, { period, reason });
      return view;
    });
  }

  async updateShift(ctx: ChangeContext, shiftId: string, input: Partial<ShiftInput>, reason?: string): Promise<ShiftView> {
    return this.dataSource.transaction(async (m) => {
      const shift = await this.lockForChange(m, { hdsId: ctx.hdsId, shiftId });
      if (shift.removedAt) throw new RosterError(RosterErrorCode.ShiftNotFound, 'Deze dienst is verwijderd.');
      const period = await this.periods.editablePeriod(m, { hdsId: ctx.hdsId, periodId: shift.periodId, reason });
      const [before] = await shiftViews(m, [shift]);
      if (input.postId) await this.requirePost(m, ctx.hdsId, input.postId);
      const times: Partial<ReturnType<ShiftsService['parseTimes']>> =
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
        for (const gpId of before.gpIds) await this.rules.assertLawfulById(m, { hdsId: ctx.hdsId, gpId, shift: updated });
      }
      const [after] = await shiftViews(m, [updated]);
      await this.audit.change(m, ctx, { action: 'shift.changed', entityType: 'shift', entityId: shiftId, before, after, reason }, { type: 'shift.changed', payload: { periodId: shift.periodId, shiftId, gpIds: after.gpIds, before: { startAt: before.startAt, endAt: before.endAt } } });
      await this.versions.amend(m, ctx, { period, reason });
      return after;
    });
  }

  /** Removes a dienst (kept with removed_at, so feeds cancel it and versions show it). */
  async removeShift(ctx: ChangeContext, shiftId: string, reason?: string): Promise<ShiftView> {
    return this.dataSource.transaction(async (m) => {
      const shift = await this.lockForChange(m, { hdsId: ctx.hdsId, shiftId });
      if (shift.removedAt) throw new RosterError(RosterErrorCode.ShiftNotFound, 'Deze dienst is al verwijderd.');
      const period = await this.periods.editablePeriod(m, { hdsId: ctx.hdsId, periodId: shift.periodId, reason });
      const [before] = await shiftViews(m, [shift]);
      const now = new Date();
      await this.writes.clear(m, { shiftId, at: now });
      const removed = await m.save(ShiftEntity, { ...shift, removedAt: now, revision: shift.revision + 1 });
      const [after] = await shiftViews(m, [removed]);
      await this.audit.change(m, ctx, { action: 'shift.removed', entityType: 'shift', entityId: shiftId, before, after, reason }, { type: 'shift.removed', payload: { periodId: shift.periodId, shiftId, gpIds: before.gpIds } });
      await this.versions.amend(m, ctx, { period, reason });
      return after;
    });
  }

  /** A planner's change of one dienst: its period's lock before the dienst's row lock, as trades take them (PeriodLocks). */
  async lockForChange(m: EntityManager, { hdsId, shiftId }: { hdsId: string; shiftId: string }): Promise<ShiftEntity> {
    await PeriodLocks.exclusiveForShift(m, { shiftId });
    return findShift(m, { hdsId, shiftId, lock: true });
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
