import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { HdsEntity } from '@anw/identity';
import { DateTime } from 'luxon';
import type { Qualification } from '../entities/gp.entity.js';
import { PeriodStatus, RosterPeriodEntity } from '../entities/roster-period.entity.js';
import { RosterVersionEntity } from '../entities/roster-version.entity.js';
import { ShiftTemplateEntity } from '../entities/shift-template.entity.js';
import { ShiftEntity } from '../entities/shift.entity.js';
import { generateShifts, ShiftGenerationError } from '../domain/generate-shifts.js';
import { RosterError, RosterErrorCode } from '../rosters.errors.js';
import { PeriodLocks } from './period-locks.js';
import { findPeriod } from './period-reads.js';
import { PeriodVersionsService } from './period-versions.service.js';
import { categoryColumns } from './shift-views.js';

export interface PeriodInput {
  name: string;
  startDate: string;
  endDate: string;
  availabilityDeadline?: string | null;
}

const MAX_PERIOD_DAYS = 366;
const EDITABLE = [PeriodStatus.Draft, PeriodStatus.Published, PeriodStatus.Amended];

/**
 * A roster period's lifecycle: creation, generating its diensten from templates, publication (a
 * frozen version) and closing, and the rule that after publication every change needs a reason.
 * Every change writes an audit record and an outbox event in its own transaction.
 */
@Injectable()
export class PeriodsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly versions: PeriodVersionsService,
  ) {}

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

  async getPeriod(hdsId: string, periodId: string): Promise<RosterPeriodEntity> {
    return findPeriod(this.dataSource.manager, { hdsId, periodId });
  }

  /** The period locked for update in the caller's transaction. */
  async lockPeriod(m: EntityManager, { hdsId, periodId }: { hdsId: string; periodId: string }): Promise<RosterPeriodEntity> {
    return findPeriod(m, { hdsId, periodId, lock: true });
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
      const before = await findPeriod(m, { hdsId: ctx.hdsId, periodId, lock: true });
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
      const period = await findPeriod(m, { hdsId: ctx.hdsId, periodId, lock: true });
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

  async publish(ctx: ChangeContext, periodId: string): Promise<RosterPeriodEntity> {
    return this.dataSource.transaction(async (m) => {
      const period = await findPeriod(m, { hdsId: ctx.hdsId, periodId, lock: true });
      if (period.status !== PeriodStatus.Draft) throw new RosterError(RosterErrorCode.PeriodNotDraft, 'Deze periode is al gepubliceerd.');
      const shifts = await this.versions.snapshot(m, periodId);
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
      const period = await findPeriod(m, { hdsId: ctx.hdsId, periodId, lock: true });
      if (period.status === PeriodStatus.Draft) throw new RosterError(RosterErrorCode.PeriodNotPublished, 'Een conceptperiode kan niet worden afgesloten; publiceer eerst.');
      if (period.status === PeriodStatus.Closed) throw new RosterError(RosterErrorCode.PeriodClosed, 'Deze periode is al afgesloten.');
      const closed = await m.save(RosterPeriodEntity, { ...period, status: PeriodStatus.Closed });
      await this.audit.change(m, ctx, { action: 'period.closed', entityType: 'period', entityId: periodId, before: { status: period.status }, after: { status: closed.status } }, { type: 'period.closed', payload: { periodId } });
      return closed;
    });
  }

  /**
   * Locks the period, excluding its trades (PeriodLocks); after publication a change needs a reason
   * and becomes an amendment.
   */
  async editablePeriod(m: EntityManager, { hdsId, periodId, reason }: { hdsId: string; periodId: string; reason: string | undefined }): Promise<RosterPeriodEntity> {
    await PeriodLocks.exclusive(m, { periodId });
    const period = await findPeriod(m, { hdsId, periodId, lock: true });
    if (!EDITABLE.includes(period.status)) throw new RosterError(RosterErrorCode.PeriodClosed, 'Deze periode is afgesloten en kan niet meer worden gewijzigd.');
    if (period.status !== PeriodStatus.Draft && !reason?.trim()) {
      throw new RosterError(RosterErrorCode.AmendmentReasonRequired, 'Het rooster is gepubliceerd: geef een reden voor deze wijziging.', [{ field: 'reason', message: 'reden verplicht na publicatie' }]);
    }
    return period;
  }
}
