import { describe, expect, it } from '@jest/globals';
import { dayType, generateShifts, overlappingTemplates, type TemplateInput } from './generate-shifts.js';

const ALL_OPEN = { goodFriday: true, liberationDay: true, christmasEve: true, newYearsEve: true };
const every = { weekdays: true, saturday: true, sunday: true, holidays: true };
const night: TemplateInput = { id: 'n', postId: 'p', code: 'N', role: 'consult', startTime: '23:00', endTime: '08:00', days: every, required: 1 };
const weekendDay: TemplateInput = {
  id: 'd', postId: 'p', code: 'D', role: 'consult', startTime: '08:00', endTime: '17:00',
  days: { weekdays: false, saturday: true, sunday: true, holidays: true }, required: 2,
};
const evening: TemplateInput = {
  id: 'a', postId: 'p', code: 'AC', role: 'consult', startTime: '17:00', endTime: '24:00',
  days: { weekdays: true, saturday: false, sunday: false, holidays: false }, required: 1,
};
const hours = (s: { startMs: number; endMs: number }): number => (s.endMs - s.startMs) / 3_600_000;

describe(generateShifts.name, () => {
  const shifts = generateShifts([night, weekendDay, evening], { startDate: '2027-03-22', endDate: '2027-04-04' }, { openings: ALL_OPEN });

  it('makes the night into the spring DST Sunday 8 real hours, others 9', () => {
    const nights = shifts.filter((s) => s.code === 'N');
    expect(nights).toHaveLength(14);
    expect(nights.find((s) => s.localDate === '2027-03-27')).toMatchObject({ startMs: Date.parse('2027-03-27T22:00:00Z'), endMs: Date.parse('2027-03-28T06:00:00Z') });
    expect(hours(nights.find((s) => s.localDate === '2027-03-27')!)).toBe(8);
    expect(hours(nights.find((s) => s.localDate === '2027-03-28')!)).toBe(9);
  });

  it('runs Goede Vrijdag and Tweede Paasdag as holidays: day shifts, no weekday evening', () => {
    // Easter 2027: 28 March; Goede Vrijdag 26 March, Tweede Paasdag 29 March.
    for (const date of ['2027-03-26', '2027-03-29']) {
      const codes = shifts.filter((s) => s.localDate === date).map((s) => s.code).sort();
      expect(codes).toEqual(['D', 'N']);
    }
    expect(shifts.filter((s) => s.localDate === '2027-03-25').map((s) => s.code).sort()).toEqual(['AC', 'N']);
  });

  it('treats Goede Vrijdag as an ordinary weekday when the HDS keeps the post closed by day', () => {
    const closed = generateShifts([night, weekendDay, evening], { startDate: '2027-03-26', endDate: '2027-03-26' }, { openings: { ...ALL_OPEN, goodFriday: false } });
    expect(closed.map((s) => s.code).sort()).toEqual(['AC', 'N']);
  });

  it('makes the October night 10 real hours', () => {
    const oct = generateShifts([night], { startDate: '2027-10-30', endDate: '2027-10-30' }, { openings: ALL_OPEN });
    expect(hours(oct[0])).toBe(10);
  });

  it('names the date when a template starts in the skipped spring hour', () => {
    const odd = { ...night, id: 'x', code: 'X', startTime: '02:30', endTime: '06:00' };
    expect(() => generateShifts([odd], { startDate: '2027-03-28', endDate: '2027-03-28' }, { openings: ALL_OPEN })).toThrow(/X op 2027-03-28/);
  });
});

describe(dayType.name, () => {
  it('knows Koningsdag 2027 (Tuesday 27 April) as a holiday', () => {
    expect(dayType('2027-04-27', new Set(['2027-04-27']), ALL_OPEN)).toBe('holiday');
    expect(dayType('2027-04-24', new Set(), ALL_OPEN)).toBe('saturday');
  });
});

describe(overlappingTemplates.name, () => {
  it('finds a night overlapping an evening of the same post and role', () => {
    const late = { ...evening, id: 'l', code: 'L', startTime: '22:00', endTime: '02:00' };
    expect(overlappingTemplates(night, late)).toBe(true);
    expect(overlappingTemplates(evening, night)).toBe(true); // 17–24 and 23–08 share an hour
    expect(overlappingTemplates({ ...evening, endTime: '23:00' }, night)).toBe(false);
    expect(overlappingTemplates(evening, { ...evening, id: 'v', role: 'visite' })).toBe(false);
  });
});
