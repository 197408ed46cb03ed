import { describe, expect, it } from '@jest/globals';
import { burdenSpec, coverageSpec, deviationSpec, renderSvg } from './charts.js';

const zero = { avond: 0, nacht: 0, weekend: 0, feestdag: 0 };
const gps = Array.from({ length: 12 }, (_, i) => ({
  name: `Dr. <b>${i}</b> & co`,
  share: { avond: 20, nacht: 30, weekend: 25, feestdag: 5 },
  hours: { avond: 14 + i, nacht: 22 + 2 * i, weekend: 25, feestdag: i % 2 ? 9 : 0 },
  deviationDiensten: { avond: (i - 6) / 7, nacht: (2 * i - 8) / 9, weekend: 0, feestdag: i === 0 ? null : (i % 2 ? 4 : -5) / 9 },
}));

describe('charts', () => {
  it('renders the burden chart to SVG with a point per measured GP and category, names escaped', async () => {
    const svg = await renderSvg(burdenSpec(gps, { avond: 7, nacht: 9, weekend: 9, feestdag: 9 }));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Belasting tegen eerlijk aandeel');
    expect(svg).toContain('nacht');
    // one group of points per category
    expect(svg.match(/mark-symbol role-mark/g)).toHaveLength(4);
    expect(svg).not.toContain('<b>');
  });

  it('renders the deviation bars and the coverage chart', async () => {
    const bars = await renderSvg(deviationSpec(gps, 5));
    expect(bars).toContain('&lt;b&gt;');
    expect(bars).not.toContain('<b>');
    const days = Array.from({ length: 31 }, (_, i) => ({ date: `2027-01-${String(i + 1).padStart(2, '0')}`, staffed: 10, open: i % 7 === 0 ? 2 : 0 }));
    const coverage = await renderSvg(coverageSpec(days));
    expect(coverage).toContain('Bezetting per dag');
    expect(coverage).toContain('jan');
  });

  it('renders an empty report without failing', async () => {
    expect(await renderSvg(burdenSpec([], zero))).toContain('<svg');
    expect(await renderSvg(coverageSpec([]))).toContain('<svg');
  });
});
