import { LocalTimeError, MS_PER_DAY, dayNumberOf, isoDate } from './local-time.js';

export type HolidayCode =
  | 'new-years-day'
  | 'good-friday'
  | 'easter-sunday'
  | 'easter-monday'
  | 'kings-day'
  | 'liberation-day'
  | 'ascension-day'
  | 'whit-sunday'
  | 'whit-monday'
  | 'christmas-eve'
  | 'christmas-day'
  | 'boxing-day'
  | 'new-years-eve';

export interface Holiday {
  /** 'YYYY-MM-DD' */
  date: string;
  code: HolidayCode;
  /** Dutch name, e.g. 'Tweede Paasdag' */
  name: string;
}

/** Easter Sunday of a Gregorian year (Anonymous Gregorian algorithm, Meeus) as 'YYYY-MM-DD'. */
export function easterSunday(year: number): string {
  checkYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new LocalTimeError('invalid_local_time', `ongeldig jaar ${year}: verwacht een jaartal tussen 1583 en 9999`);
  }
}

/**
 * The NZa holidays of a year, sorted by date: Nieuwjaarsdag, Goede Vrijdag, 1e en 2e Paasdag,
 * Koningsdag (27 April, or 26 April when the 27th is a Sunday), Bevrijdingsdag (every year),
 * Hemelvaartsdag, 1e en 2e Pinksterdag, 1e en 2e Kerstdag, and from 2024 on also 24 and
 * 31 December. The list is the NZa's (since 2023); earlier years get the same rule without
 * 24/31 December. Two holidays may share a date (Hemelvaart on 5 May); both are listed.
 */
export function nzaHolidays(year: number): Holiday[] {
  checkYear(year);
  const easter = dayNumberOf(easterSunday(year)) as number;
  const fromEaster = (days: number): string => isoDate(easter + days);
  const fixed = (month: number, day: number): string => isoDate(Date.UTC(year, month - 1, day) / MS_PER_DAY);
  const kingsDaySunday = new Date(Date.UTC(year, 3, 27)).getUTCDay() === 0;
  const holidays: Holiday[] = [
    { date: fixed(1, 1), code: 'new-years-day', name: 'Nieuwjaarsdag' },
    { date: fromEaster(-2), code: 'good-friday', name: 'Goede Vrijdag' },
    { date: fromEaster(0), code: 'easter-sunday', name: 'Eerste Paasdag' },
    { date: fromEaster(1), code: 'easter-monday', name: 'Tweede Paasdag' },
    { date: fixed(4, kingsDaySunday ? 26 : 27), code: 'kings-day', name: 'Koningsdag' },
    { date: fixed(5, 5), code: 'liberation-day', name: 'Bevrijdingsdag' },
    { date: fromEaster(39), code: 'ascension-day', name: 'Hemelvaartsdag' },
    { date: fromEaster(49), code: 'whit-sunday', name: 'Eerste Pinksterdag' },
    { date: fromEaster(50), code: 'whit-monday', name: 'Tweede Pinksterdag' },
    { date: fixed(12, 25), code: 'christmas-day', name: 'Eerste Kerstdag' },
    { date: fixed(12, 26), code: 'boxing-day', name: 'Tweede Kerstdag' },
  ];
  if (year >= 2024) {
    holidays.push(
      { date: fixed(12, 24), code: 'christmas-eve', name: 'Kerstavond' },
      { date: fixed(12, 31), code: 'new-years-eve', name: 'Oudejaarsdag' },
    );
  }
  return holidays.sort((x, y) => (x.date === y.date ? x.code.localeCompare(y.code) : x.date < y.date ? -1 : 1));
}

/** The dates of the NZa holidays of the given years. */
export function nzaHolidayDates(years: Iterable<number>): Set<string> {
  const dates = new Set<string>();
  for (const year of years) for (const holiday of nzaHolidays(year)) dates.add(holiday.date);
  return dates;
}

/** Per HDS: is the post open by day on these holidays? (Each is feestdag 08:00–24:00 either way.) */
export interface DayOpeningChoices {
  goodFriday: boolean;
  liberationDay: boolean;
  christmasEve: boolean;
  newYearsEve: boolean;
}

const OPTIONAL_DAY_OPENING: Partial<Record<HolidayCode, keyof DayOpeningChoices>> = {
  'good-friday': 'goodFriday',
  'liberation-day': 'liberationDay',
  'christmas-eve': 'christmasEve',
  'new-years-eve': 'newYearsEve',
};

/**
 * Whether a post is open by day (08:00–17:00) on `date` ('YYYY-MM-DD'). Saturdays and Sundays
 * are always open by day. An NZa holiday is open by day, except Goede Vrijdag, Bevrijdingsdag,
 * 24 and 31 December when the HDS chose not to (then those days simply have no day shifts);
 * should such a day also be another holiday (Hemelvaart on 5 May) or a weekend day, it is open.
 * An ordinary weekday is not open by day.
 */
export function isPostOpenByDay(date: string, choices: DayOpeningChoices): boolean {
  const dayNumber = dayNumberOf(date);
  if (dayNumber === undefined) {
    throw new LocalTimeError('invalid_local_time', `ongeldige datum "${date}": verwacht JJJJ-MM-DD`);
  }
  const weekday = new Date(dayNumber * MS_PER_DAY).getUTCDay();
  if (weekday === 0 || weekday === 6) return true;
  return nzaHolidays(Number(date.slice(0, 4)))
    .filter((holiday) => holiday.date === date)
    .some((holiday) => {
      const choice = OPTIONAL_DAY_OPENING[holiday.code];
      return choice === undefined || choices[choice];
    });
}
