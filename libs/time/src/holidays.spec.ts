import { describe, expect, it } from '@jest/globals';
import Holidays from 'date-holidays';
import { easterSunday, isPostOpenByDay, nzaHolidayDates, nzaHolidays } from './holidays.js';

describe('easterSunday', () => {
  it.each([
    [2019, '2019-04-21'],
    [2023, '2023-04-09'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('%i → %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('agrees with date-holidays for 2000–2100', () => {
    const nl = new Holidays('NL');
    for (let year = 2000; year <= 2100; year++) {
      const easter = nl.getHolidays(year).find((h) => h.rule === 'easter');
      expect(easterSunday(year)).toBe(easter?.date.slice(0, 10));
    }
  });
});

describe('nzaHolidays', () => {
  it('lists 2027 in date order', () => {
    expect(nzaHolidays(2027).map((h) => `${h.date} ${h.name}`)).toEqual([
      '2027-01-01 Nieuwjaarsdag',
      '2027-03-26 Goede Vrijdag',
      '2027-03-28 Eerste Paasdag',
      '2027-03-29 Tweede Paasdag',
      '2027-04-27 Koningsdag',
      '2027-05-05 Bevrijdingsdag',
      '2027-05-06 Hemelvaartsdag',
      '2027-05-16 Eerste Pinksterdag',
      '2027-05-17 Tweede Pinksterdag',
      '2027-12-24 Kerstavond',
      '2027-12-25 Eerste Kerstdag',
      '2027-12-26 Tweede Kerstdag',
      '2027-12-31 Oudejaarsdag',
    ]);
  });

  it('moves Koningsdag to 26 April when the 27th is a Sunday', () => {
    expect(nzaHolidays(2025).find((h) => h.code === 'kings-day')?.date).toBe('2025-04-26');
    expect(nzaHolidays(2031).find((h) => h.code === 'kings-day')?.date).toBe('2031-04-26');
    expect(nzaHolidays(2026).find((h) => h.code === 'kings-day')?.date).toBe('2026-04-27');
  });

  it('adds 24 and 31 December from 2024 on', () => {
    const d2023 = nzaHolidayDates([2023]);
    const d2024 = nzaHolidayDates([2024]);
    expect([d2023.has('2023-12-24'), d2023.has('2023-12-31')]).toEqual([false, false]);
    expect([d2024.has('2024-12-24'), d2024.has('2024-12-31')]).toEqual([true, true]);
    expect(nzaHolidays(2023)).toHaveLength(11);
    expect(nzaHolidays(2024)).toHaveLength(13);
  });

  it('keeps Bevrijdingsdag every year and lists both when Hemelvaart falls on 5 May', () => {
    expect(nzaHolidays(2030).filter((h) => h.date === '2030-05-05').map((h) => h.code)).toEqual(['liberation-day']);
    expect(nzaHolidays(2016).filter((h) => h.date === '2016-05-05').map((h) => h.code)).toEqual(['ascension-day', 'liberation-day']);
    expect(nzaHolidayDates([2016]).size).toBe(10);
  });

  it('rejects a year that is not a Gregorian year number', () => {
    expect(() => nzaHolidays(2027.5)).toThrow(/ongeldig jaar/);
  });
});

describe('isPostOpenByDay', () => {
  const allOpen = { goodFriday: true, liberationDay: true, christmasEve: true, newYearsEve: true };
  const noneOpen = { goodFriday: false, liberationDay: false, christmasEve: false, newYearsEve: false };
  it.each([
    ['2027-01-13', 'ordinary Wednesday', false, false],
    ['2027-01-16', 'Saturday', true, true],
    ['2027-01-17', 'Sunday', true, true],
    ['2027-04-27', 'Koningsdag', true, true],
    ['2027-03-29', 'Tweede Paasdag', true, true],
    ['2027-03-26', 'Goede Vrijdag', true, false],
    ['2027-05-05', 'Bevrijdingsdag (Wednesday)', true, false],
    ['2027-12-24', 'Kerstavond (Friday)', true, false],
    ['2027-12-31', 'Oudejaarsdag (Friday)', true, false],
    ['2022-12-30', 'Friday before 2024 rule', false, false],
    ['2023-12-29', '29 Dec 2023 (Friday)', false, false],
    ['2026-05-05', 'Bevrijdingsdag on a Tuesday', true, false],
    ['2024-12-24', 'Kerstavond 2024 (Tuesday)', true, false],
    ['2016-05-05', 'Hemelvaart on Bevrijdingsdag', true, true],
    ['2022-12-31', 'Oudejaarsdag on a Saturday', true, true],
  ])('%s %s: open with all choices %s, with none %s', (date, _name, withAll, withNone) => {
    expect(isPostOpenByDay(date, allOpen)).toBe(withAll);
    expect(isPostOpenByDay(date, noneOpen)).toBe(withNone);
  });

  it('rejects a malformed date', () => {
    expect(() => isPostOpenByDay('2027-02-30', allOpen)).toThrow(/ongeldige datum/);
  });
});
