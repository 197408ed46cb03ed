import type { EntityManager } from 'typeorm';
import { RosterPeriodEntity } from '../entities/roster-period.entity.js';
import { ShiftEntity } from '../entities/shift.entity.js';
import { RosterError, RosterErrorCode } from '../rosters.errors.js';

/** A period of this HDS, optionally locked for update in the caller's transaction; 404 when absent. */
export async function findPeriod(m: EntityManager, { hdsId, periodId, lock = false }: { hdsId: string; periodId: string; lock?: boolean }): Promise<RosterPeriodEntity> {
  const period = await m.findOne(RosterPeriodEntity, { where: { hdsId, id: periodId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  if (!period) throw new RosterError(RosterErrorCode.PeriodNotFound, `Roosterperiode ${periodId} bestaat niet in deze HDS.`);
  return period;
}

/** A dienst of this HDS, optionally locked for update in the caller's transaction; 404 when absent. */
export async function findShift(m: EntityManager, { hdsId, shiftId, lock = false }: { hdsId: string; shiftId: string; lock?: boolean }): Promise<ShiftEntity> {
  const shift = await m.findOne(ShiftEntity, { where: { hdsId, id: shiftId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  if (!shift) throw new RosterError(RosterErrorCode.ShiftNotFound, `Dienst ${shiftId} bestaat niet in deze HDS.`);
  return shift;
}
