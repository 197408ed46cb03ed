export { type AnwCategory, type Category, type Minutes, ANW_CATEGORIES, CATEGORIES, emptyMinutes } from './categories.js';
export { DEFAULT_ZONE, LocalTimeError, type LocalTimeErrorCode, localDate, localIso, parseLocal } from './local-time.js';
export {
  type ClassifyOptions,
  type Millis,
  isNightShift,
  nightWorkMinutes,
  splitInterval,
  splitIntervalMs,
} from './split-interval.js';
export {
  type DayOpeningChoices,
  type Holiday,
  type HolidayCode,
  easterSunday,
  isPostOpenByDay,
  nzaHolidayDates,
  nzaHolidays,
} from './holidays.js';
