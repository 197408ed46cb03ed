import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail, type ChangeContext } from '@anw/audit';
import type { FieldProblem } from '@anw/platform';
import { DEFAULT_ZONE } from '@anw/time';
import { isTimeOfDay, type RecurringWish, type WishKind } from '../domain/recurring-wishes.js';
import { GpEntity } from '../entities/gp.entity.js';
import { RecurringWishEntity } from '../entities/recurring-wish.entity.js';
import { RosterPeriodEntity } from '../entities/roster-period.entity.js';
import { RosterError, RosterErrorCode } from '../rosters.errors.js';
import type { AvailabilityActor } from './availability.service.js';

export interface RecurringWishInput {
  kind: WishKind;
  weekday: number;
  startTime: string;
  endTime: string;
  weight?: number;
  note?: string;
}

export interface RecurringWishView extends RecurringWish {
  id: string;
  gpId: string;
  periodId: string;
  note: string;
}

const view = (w: RecurringWishEntity): RecurringWishView => ({
  id: w.id,
  gpId: w.gpId,
  periodId: w.periodId,
  kind: w.kind,
  weekday: w.weekday,
  startTime: w.startTime,
  endTime: w.endTime,
  weight: w.weight,
  note: w.note,
});

/** The recurring wishes of a period's GPs, by GP id (for the roster instance). */
export async function periodRecurringWishes(m: EntityManager, hdsId: string, periodId: string): Promise<Map<string, RecurringWish[]>> {
  const rows = await m.find(RecurringWishEntity, { where: { hdsId, periodId }, order: { createdAt: 'ASC' } });
  const byGp = new Map<string, RecurringWish[]>();
  for (const r of rows) byGp.set(r.gpId, [...(byGp.get(r.gpId) ?? []), view(r)]);
  return byGp;
}

/**
 * Weekly wishes per GP per period ("no Friday nights", "prefer Sunday days"), weight 1–3: a GP
 * for themselves until the period's availability deadline, a planner on their behalf always.
 */
@Injectable()
export class RecurringWishesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async list(hdsId: string, gpId: string, periodId: string): Promise<RecurringWishView[]> {
    await this.exists(this.dataSource.manager, hdsId, gpId, periodId);
    const rows = await this.dataSource.manager.find(RecurringWishEntity, { where: { hdsId, gpId, periodId }, order: { weekday: 'ASC', startTime: 'ASC' } });
    return rows.map(view);
  }

  async add(ctx: ChangeContext, actor: AvailabilityActor, gpId: string, periodId: string, input: RecurringWishInput): Promise<RecurringWishView> {
    refuseOthers(actor, gpId);
    const problems: FieldProblem[] = [];
    if (input.kind !== 'want' && input.kind !== 'avoid') problems.push({ field: 'kind', message: 'want (voorkeur) of avoid (liever niet)' });
    if (!(Number.isInteger(input.weekday) && input.weekday >= 1 && input.weekday <= 7)) problems.push({ field: 'weekday', message: 'een weekdag van 1 (maandag) t/m 7 (zondag)' });
    if (!isTimeOfDay(input.startTime)) problems.push({ field: 'startTime', message: 'een tijd UU:mm' });
    if (!isTimeOfDay(input.endTime)) problems.push({ field: 'endTime', message: 'een tijd UU:mm' });
    const weight = input.weight ?? 1;
    if (!(Number.isInteger(weight) && weight >= 1 && weight <= 3)) problems.push({ field: 'weight', message: 'een gewicht van 1 t/m 3' });
    if (problems.length > 0) throw new RosterError(RosterErrorCode.AvailabilityInvalid, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    return this.dataSource.transaction(async (m) => {
      await this.refuse(m, ctx.hdsId, actor, gpId, periodId);
      const wish = await m.save(
        RecurringWishEntity,
        m.create(RecurringWishEntity, {
          hdsId: ctx.hdsId,
          gpId,
          periodId,
          kind: input.kind,
          weekday: input.weekday,
          startTime: input.startTime,
          endTime: input.endTime,
          weight,
          note: input.note?.trim() ?? '',
          enteredBy: ctx.actorUserId,
        }),
      );
      await this.audit.change(
        m,
        ctx,
        { action: 'availability.recurring.added', entityType: 'recurring_wish', entityId: wish.id, after: view(wish) },
        { type: 'availability.recurring.added', payload: { gpId, periodId, wishId: wish.id, kind: wish.kind } },
      );
      return view(wish);
    });
  }

  async remove(ctx: ChangeContext, actor: AvailabilityActor, gpId: string, periodId: string, wishId: string): Promise<RecurringWishView> {
    refuseOthers(actor, gpId);
    return this.dataSource.transaction(async (m) => {
      await this.refuse(m, ctx.hdsId, actor, gpId, periodId);
      const wish = await m.findOneBy(RecurringWishEntity, { hdsId: ctx.hdsId, gpId, periodId, id: wishId });
      if (!wish) throw new RosterError(RosterErrorCode.AvailabilityNotFound, `Terugkerende wens ${wishId} van deze huisarts bestaat niet.`);
      await m.delete(RecurringWishEntity, { id: wishId });
      await this.audit.change(
        m,
        ctx,
        { action: 'availability.recurring.removed', entityType: 'recurring_wish', entityId: wishId, before: view(wish) },
        { type: 'availability.recurring.removed', payload: { gpId, periodId, wishId, kind: wish.kind } },
      );
      return view(wish);
    });
  }

  private async exists(m: EntityManager, hdsId: string, gpId: string, periodId: string): Promise<RosterPeriodEntity> {
    if (!(await m.existsBy(GpEntity, { hdsId, id: gpId }))) throw new RosterError(RosterErrorCode.GpNotFound, `Huisarts ${gpId} bestaat niet in deze HDS.`);
    const period = await m.findOneBy(RosterPeriodEntity, { hdsId, id: periodId });
    if (!period) throw new RosterError(RosterErrorCode.PeriodNotFound, `Roosterperiode ${periodId} bestaat niet in deze HDS.`);
    return period;
  }

  private async refuse(m: EntityManager, hdsId: string, actor: AvailabilityActor, gpId: string, periodId: string): Promise<void> {
    const period = await this.exists(m, hdsId, gpId, periodId);
    if (!actor.onBehalf && period.availabilityDeadline && period.availabilityDeadline.getTime() <= Date.now()) {
      const deadline = DateTime.fromJSDate(period.availabilityDeadline, { zone: DEFAULT_ZONE }).toFormat('d-M-yyyy HH:mm');
      throw new RosterError(
        RosterErrorCode.AvailabilityDeadlinePassed,
        `De deadline voor het opgeven van beschikbaarheid voor ${period.name} (${period.startDate} t/m ${period.endDate}) was ${deadline}; vraag de planner om de wijziging door te voeren.`,
      );
    }
  }
}

function refuseOthers(actor: AvailabilityActor, gpId: string): void {
  if (!actor.onBehalf && actor.gpId !== gpId) throw new RosterError(RosterErrorCode.NotYourGpRecord, 'U kunt alleen uw eigen beschikbaarheid opgeven.');
}
