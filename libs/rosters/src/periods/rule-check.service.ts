import { Injectable } from '@nestjs/common';
import { checkAssignment, DEFAULT_RULES, type Violation } from '@anw/distribution';
import { In, LessThan, MoreThan, type EntityManager } from 'typeorm';
import { AssignmentEntity } from '../entities/assignment.entity.js';
import { AvailabilityEntity, AvailabilityKind } from '../entities/availability.entity.js';
import { ExemptionKind, GpExemptionEntity } from '../entities/gp-exemption.entity.js';
import type { GpEntity } from '../entities/gp.entity.js';
import { ShiftEntity } from '../entities/shift.entity.js';

// Rules 5–7 look back at most 16 weeks (nights per window) and ahead as far.
const WINDOW_MS = (DEFAULT_RULES.maxNightsPerWindow.days + 2) * 86_400_000;

/**
 * The distribution engine's hard rules (qualification, availability, no nights, overlap across
 * posts, rest, consecutive nights, nights per window) applied to one GP taking one dienst, on
 * the data in the database. Used by planners' assignments and by every trade.
 */
@Injectable()
export class RuleCheckService {
  async check(m: EntityManager, gp: GpEntity, shift: ShiftEntity, options: { ignoreShiftIds?: string[] } = {}): Promise<Violation | null> {
    const from = new Date(shift.startAt.getTime() - WINDOW_MS);
    const to = new Date(shift.endAt.getTime() + WINDOW_MS);
    const worked = await m
      .createQueryBuilder(ShiftEntity, 's')
      .innerJoin(AssignmentEntity, 'a', 'a.shift_id = s.id AND a.removed_at IS NULL')
      .where('a.gp_id = :gpId AND a.hds_id = :hdsId', { gpId: gp.id, hdsId: gp.hdsId })
      .andWhere('s.removed_at IS NULL AND s.start_at < :to AND s.end_at > :from', { from, to })
      .select(['s.id', 's.startAt', 's.endAt'])
      .getMany();
    const ignore = new Set([shift.id, ...(options.ignoreShiftIds ?? [])]);
    const existing = worked.filter((s) => !ignore.has(s.id)).map((s) => ({ id: s.id, startMs: s.startAt.getTime(), endMs: s.endAt.getTime() }));
    const absences = await m.find(AvailabilityEntity, {
      where: { gpId: gp.id, hdsId: gp.hdsId, kind: In([AvailabilityKind.Absence, AvailabilityKind.Blocked]), startAt: LessThan(shift.endAt), endAt: MoreThan(shift.startAt) },
    });
    const localDate = shift.localDate;
    const exemptions = await m.find(GpExemptionEntity, { where: { gpId: gp.id, hdsId: gp.hdsId } });
    const active = exemptions.filter((e) => e.fromDate <= localDate && localDate <= e.toDate);
    const unavailable = absences.map((a) => ({ startMs: a.startAt.getTime(), endMs: a.endAt.getTime() }));
    if (active.some((e) => e.kind === ExemptionKind.Full)) unavailable.push({ startMs: shift.startAt.getTime(), endMs: shift.endAt.getTime() });
    if (gp.leftOn && localDate > gp.leftOn) unavailable.push({ startMs: shift.startAt.getTime(), endMs: shift.endAt.getTime() });
    if (gp.joinedOn && localDate < gp.joinedOn) unavailable.push({ startMs: shift.startAt.getTime(), endMs: shift.endAt.getTime() });
    return checkAssignment(
      { id: gp.id, qualifications: gp.qualifications, unavailable, noNights: active.some((e) => e.kind === ExemptionKind.NoNights) },
      existing,
      { id: shift.id, startMs: shift.startAt.getTime(), endMs: shift.endAt.getTime(), role: shift.role },
      DEFAULT_RULES,
    );
  }
}

