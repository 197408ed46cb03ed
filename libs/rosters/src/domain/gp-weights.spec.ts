import { describe, expect, it } from '@jest/globals';
import { gpWeights, type WeightInput } from './gp-weights.js';

const gp = (over: Partial<WeightInput> & { id: string }): WeightInput => ({
  kind: 'practiceHolder', employerGpId: null, practicePatients: null, fte: null, fixedMinimumHours: null, carveOutPercent: null, presence: 1, ...over,
});

describe(gpWeights.name, () => {
  it('weighs holders by patients and carves an employed GP out of the holder', () => {
    const sut = gpWeights(
      [gp({ id: 'h', practicePatients: 2400 }), gp({ id: 'e', kind: 'employed', employerGpId: 'h', carveOutPercent: 25 }), gp({ id: 'k', practicePatients: 1600 })],
      'practice_size',
    );
    expect(sut.get('h')).toBeCloseTo(1.8);
    expect(sut.get('e')).toBeCloseTo(0.6);
    expect(sut.get('k')).toBeCloseTo(1.6);
  });

  it('gives a locum the weight of an average holder per FTE, pro rata for presence', () => {
    const sut = gpWeights([gp({ id: 'a', practicePatients: 2000 }), gp({ id: 'b', practicePatients: 3000 }), gp({ id: 'l', kind: 'locum', fte: 0.5, presence: 0.5 })], 'practice_size');
    expect(sut.get('l')).toBeCloseTo(2.5 * 0.5 * 0.5);
  });

  it('per head and by FTE', () => {
    expect(gpWeights([gp({ id: 'a', fte: 0.8 })], 'per_head').get('a')).toBe(1);
    expect(gpWeights([gp({ id: 'a', fte: 0.8 })], 'fte').get('a')).toBe(0.8);
  });
});
