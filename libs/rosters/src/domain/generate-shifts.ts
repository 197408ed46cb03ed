import { DateTime } from 'luxon';
import { DEFAULT_ZONE, isPostOpenByDay, LocalTimeError, nzaHolidayDates, parseLocal, type DayOpeningChoices } from '@anw/time';

export interface TemplateInput {
  id: string;
  postId: string;
  code: string;
  role: string;
  startTime: string;
  endTime: string;
  days: { weekdays: boolean; saturday: boolean; sunday: boolean; holidays: boolean };
  required: number;
}

export interface GeneratedShift {
  templateId: string;
  postId: string;
  code: string;
  role: string;
  localDate: string;
  startMs: number;
  endMs: number;
  required: number;
}

export type DayType = 'weekday' | 'saturday' | 'sunday' | 'holiday';

export class ShiftGenerationError extends Error {
  constructor(
    message: string,
    readonly templateId: string,
    readonly date: string,
  ) {
    super(message);
  }
}

/**
 * The kind of day for the templates. A holiday counts as a holiday, unless the HDS keeps the
 * post closed by day on it (Goede Vrijdag, 5 mei, 24/31 december by choice): then the day runs
 * as the weekday it is (evening and night only), though its hours still pay as feestdag.
 */
export function dayType(date: string, holidays: ReadonlySet<string>, openings: DayOpeningChoices): DayType {
  const weekday = DateTime.fromISO(date, { zone: 'UTC' }).weekday;
  if (holidays.has(date) && isPostOpenByDay(date, openings)) return 'holiday';
  if (weekday === 6) return 'saturday';
  if (weekday === 7) return 'sunday';
  return 'weekday';
}

function applies(template: TemplateInput, type: DayType): boolean {
  switch (type) {
    case 'holiday':
      return template.days.holidays;
    case 'saturday':
      return template.days.saturday;
    case 'sunday':
      return template.days.sunday;
    case 'weekday':
      return template.days.weekdays;
  }
}

function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as string;
}

/** Minutes after local midnight of an 'HH:mm' (24:00 allowed). */
export function clockMinutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

/**
 * The concrete diensten of a period (dates inclusive) from the templates: holiday-aware and
 * DST-correct — a night across the spring change lasts an hour less, real elapsed time. A
 * template whose start or end falls in the skipped spring hour is refused with the date named,
 * never silently moved.
 */
export function generateShifts(
  templates: readonly TemplateInput[],
  period: { startDate: string; endDate: string },
  options: { openings: DayOpeningChoices; holidays?: ReadonlySet<string>; zone?: string },
): GeneratedShift[] {
  const zone = options.zone ?? DEFAULT_ZONE;
  const firstYear = Number(period.startDate.slice(0, 4));
  const lastYear = Number(period.endDate.slice(0, 4));
  const years = Array.from({ length: lastYear - firstYear + 1 }, (_, i) => firstYear + i);
  const holidays = options.holidays ?? nzaHolidayDates(years);
  const shifts: GeneratedShift[] = [];
  for (let date = period.startDate; date <= period.endDate; date = addDays(date, 1)) {
    const type = dayType(date, holidays, options.openings);
    for (const t of templates) {
      if (!applies(t, type)) continue;
      const overnight = clockMinutes(t.endTime) <= clockMinutes(t.startTime);
      const endDate = overnight ? addDays(date, 1) : date;
      try {
        const startMs = parseLocal(`${date}T${t.startTime}`, zone);
        const endMs = parseLocal(`${endDate}T${t.endTime}`, zone);
        shifts.push({ templateId: t.id, postId: t.postId, code: t.code, role: t.role, localDate: date, startMs, endMs, required: t.required });
      } catch (error) {
        if (error instanceof LocalTimeError) {
          throw new ShiftGenerationError(`Dienst ${t.code} op ${date}: ${error.message}`, t.id, date);
        }
        throw error;
      }
    }
  }
  return shifts.sort((a, b) => a.startMs - b.startMs || a.code.localeCompare(b.code));
}

/** Two templates of one post and role that would put diensten over each other on some day. */
export function overlappingTemplates(a: TemplateInput, b: TemplateInput): boolean {
  if (a.postId !== b.postId || a.role !== b.role || a.id === b.id) return false;
  const sharedDay =
    (a.days.weekdays && b.days.weekdays) || (a.days.saturday && b.days.saturday) || (a.days.sunday && b.days.sunday) || (a.days.holidays && b.days.holidays);
  if (!sharedDay) return false;
  const span = (t: TemplateInput): [number, number] => {
    const s = clockMinutes(t.startTime);
    const e = clockMinutes(t.endTime);
    return [s, e <= s ? e + 24 * 60 : e];
  };
  const [as, ae] = span(a);
  const [bs, be] = span(b);
  // Compare on the same day and shifted a day either way (a night runs into the next morning).
  return [-1440, 0, 1440].some((d) => as < be + d && bs + d < ae);
}
