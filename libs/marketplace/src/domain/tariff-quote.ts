import { type PricingContext, type TariffTable, TariffError, priceAssignment } from '@anw/tariffs';
import { localDate, nzaHolidayDates } from '@anw/time';

export interface ShiftToQuote {
  startAt: Date;
  endAt: Date;
  role?: string;
  code?: string;
}

export interface TariffQuote {
  /** What the dienst pays at the NZa maximum in force, in cents; null when no table is in force. */
  cents: number | null;
  tableIds: string[];
}

const holidayCache = new Map<number, ReadonlySet<string>>();

function holidaysAround(year: number): ReadonlySet<string> {
  let set = holidayCache.get(year);
  if (!set) {
    set = nzaHolidayDates([year - 1, year, year + 1]);
    holidayCache.set(year, set);
  }
  return set;
}

/** The pay of one dienst at the maximum tariff in force on its dates; no table in force gives null, not an error. */
export function quoteShift(shift: ShiftToQuote, tables: readonly TariffTable[], eveningStart: string): TariffQuote {
  const startMs = shift.startAt.getTime();
  const context: PricingContext = { tables, classify: { eveningStart, holidays: holidaysAround(Number(localDate(startMs).slice(0, 4))) } };
  try {
    const price = priceAssignment({ startMs, endMs: shift.endAt.getTime(), ...(shift.role ? { role: shift.role } : {}), ...(shift.code ? { templateCode: shift.code } : {}) }, context);
    return { cents: price.totalCents, tableIds: price.tableIds };
  } catch (error) {
    if (error instanceof TariffError && error.code === 'no_tariff_in_force') return { cents: null, tableIds: [] };
    throw error;
  }
}
