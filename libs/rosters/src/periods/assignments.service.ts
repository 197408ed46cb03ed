import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import { AssignmentEntity, AssignmentSource } from '../entities/assignment.entity.js';
import { RosterWrites } from '../assignments/roster-writes.js';
import { RosterError, RosterErrorCode } from '../rosters.errors.js';
import { PeriodVersionsService } from './period-versions.service.js';
import { PeriodsService } from './periods.service.js';
import { RuleCheckService } from './rule-check.service.js';
import { shiftViews, type ShiftView } from './shift-views.js';
import { ShiftsService } from './shifts.service.js';

/**
 * Who is on a dienst, as planners and picks change it: one GP on or off, checked against the hard
 * rules (RuleCheckService) and written through RosterWrites, after publication an amendment.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly periods: PeriodsService,
    private readonly shifts: ShiftsService,
    private readonly versions: PeriodVersionsService,
    private readonly rules: RuleCheckService,
    private readonly writes: RosterWrites,
  ) {}

  async assign(ctx: ChangeContext, { shiftId, gpId, reason, source = AssignmentSource.Planner }: { shiftId: string; gpId: string; reason?: string; source?: AssignmentSource }): Promise<ShiftView> {
    return this.dataSource.transaction(async (m) => {
      // The shift row lock serialises everyone filling this dienst: it never gets more GPs than it needs.
      const shift = await this.shifts.lockForChange(m, { hdsId: ctx.hdsId, shiftId });
      if (shift.removedAt) throw new RosterError(RosterErrorCode.ShiftNotFound, 'Deze dienst is verwijderd.');
      const period = await this.periods.editablePeriod(m, { hdsId: ctx.hdsId, periodId: shift.periodId, reason });
      const active = await m.find(AssignmentEntity, { where: { shiftId, removedAt: IsNull() } });
      if (active.some((a) => a.gpId === gpId)) throw new RosterError(RosterErrorCode.AlreadyAssigned, 'Deze huisarts staat al op deze dienst.');
      if (active.length >= shift.required) throw new RosterError(RosterErrorCode.ShiftFull, `Deze dienst is al volledig bezet (${shift.required}).`);
      await this.rules.assertLawfulById(m, { hdsId: ctx.hdsId, gpId, shift });
      await this.writes.move(m, { hdsId: ctx.hdsId, moves: [{ shiftId, fromGpId: null, toGpId: gpId }], source, at: new Date() });
      const [view] = await shiftViews(m, [{ ...shift, revision: shift.revision + 1 }]);
      await this.audit.change(m, ctx, { action: 'assignment.added', entityType: 'shift', entityId: shiftId, after: { gpId, source }, reason }, { type: 'assignment.added', payload: { periodId: shift.periodId, shiftId, gpId } });
      await this.versions.amend(m, ctx, { period, reason });
      return view;
    });
  }

  async unassign(ctx: ChangeContext, { shiftId, gpId, reason }: { shiftId: string; gpId: string; reason?: string }): Promise<ShiftView> {
    return this.dataSource.transaction(async (m) => {
      const shift = await this.shifts.lockForChange(m, { hdsId: ctx.hdsId, shiftId });
      const period = await this.periods.editablePeriod(m, { hdsId: ctx.hdsId, periodId: shift.periodId, reason });
      const { removed } = await this.writes.move(m, { hdsId: ctx.hdsId, moves: [{ shiftId, fromGpId: gpId, toGpId: null }], source: AssignmentSource.Planner, at: new Date() });
      if (removed === 0) throw new RosterError(RosterErrorCode.AssignmentNotFound, 'Deze huisarts staat niet op deze dienst.');
      const [view] = await shiftViews(m, [{ ...shift, revision: shift.revision + 1 }]);
      await this.audit.change(m, ctx, { action: 'assignment.removed', entityType: 'shift', entityId: shiftId, before: { gpId }, reason }, { type: 'assignment.removed', payload: { periodId: shift.periodId, shiftId, gpId } });
      await this.versions.amend(m, ctx, { period, reason });
      return view;
    });
  }
}
