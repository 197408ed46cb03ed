import { In, IsNull, type EntityManager } from 'typeorm';
import { localDate as toLocalDate, localIso, nzaHolidayDates, splitInterval } from '@anw/time';
import { AssignmentEntity } from '../entities/assignment.entity.js';
import type { ShiftEntity } from '../entities/shift.entity.js';

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

/** The category columns of a shift, from its real elapsed minutes. */
export function categoryColumns(startMs: number, endMs: number, eveningStart: string): Pick<ShiftEntity, 'minutesDag' | 'minutesAvond' | 'minutesNacht' | 'minutesWeekend' | 'minutesFeestdag'> {
  const firstYear = Number(toLocalDate(startMs).slice(0, 4));
  const m = splitInterval(startMs, endMs, { eveningStart, holidays: nzaHolidayDates([firstYear, firstYear + 1]) });
  return { minutesDag: m.dag, minutesAvond: m.avond, minutesNacht: m.nacht, minutesWeekend: m.weekend, minutesFeestdag: m.feestdag };
}

/** Diensten as the API shows them, with who is on each (in the order they were assigned). */
export async function shiftViews(m: EntityManager, shifts: ShiftEntity[]): Promise<ShiftView[]> {
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
