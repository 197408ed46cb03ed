import { describe, expect, it } from '@jest/globals';
import { lowerBound } from './lower-bound.js';
import { parseInstance } from './parse-instance.js';

const night = (i: number) => ({
  id: `n${i}`,
  role: 'consult',
  start: `2027-06-${String(7 + 2 * i).padStart(2, '0')}T23:00`,
  end: `2027-06-${String(8 + 2 * i).padStart(2, '0')}T08:00`,
  required: 1,
});

describe(lowerBound.name, () => {
  it('proves what integrality forces: 3 nights of 8 hours for 2 equal GPs leave one 4 hours off (half a night)', () => {
    const sut = lowerBound(
      parseInstance({
        format: 'anw-roster-instance/1',
        gps: [
          { id: 'a', weight: 1, qualifications: ['consult'] },
          { id: 'b', weight: 1, qualifications: ['consult'] },
        ],
        shifts: [0, 1, 2].map(night),
      }),
    );
    expect(sut.nacht).toBeCloseTo(0.5, 9);
    // avond: 1 hour per night (23–24), share 1.5 hours, L = 1 hour
    expect(sut.avond).toBeCloseTo(0.5, 9);
    expect(sut.weekend).toBe(0);
  });

  it('proves what absence and qualification force, and counts fixed shifts as given', () => {
    const sut = lowerBound(
      parseInstance({
        format: 'anw-roster-instance/1',
        gps: [
          { id: 'a', weight: 1, qualifications: ['consult'] },
          { id: 'away', weight: 1, qualifications: ['consult'], unavailable: [{ start: '2027-06-01T00:00', end: '2027-07-01T00:00' }] },
          { id: 'visite-only', weight: 2, qualifications: ['visite'] },
        ],
        shifts: [{ ...night(0), fixed: ['a'] }, night(1), night(2), night(3)],
      }),
    );
    // visite-only owes half of 32 nacht hours and can take none: 16 ÷ 8 = 2 nights
    expect(sut.nacht).toBeCloseTo(2, 9);
  });
});
