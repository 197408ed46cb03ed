import { describe, expect, it } from '@jest/globals';
import { fairnessFigures, perCategory } from './figures/fairness.js';
import { escapeHtml, renderReportHtml } from './report-html.js';
import type { GpWorkload, HdsSummary } from './workload.service.js';

const zero = perCategory(() => 0);

describe(renderReportHtml.name, () => {
  it('escapes every name and carries the charts and closing plans', () => {
    const gp = {
      gpId: 'g1', name: '<img src=x onerror=alert(1)>', email: 'a@b', kind: 'locum', practicePatients: null, practiceId: null, weight: 1, noNights: false, diensten: 1,
      dienstenPerCategory: zero, hours: { ...zero, avond: 14 }, share: { ...zero, avond: 7 }, quota: zero, balance: zero,
      deviationHours: { ...zero, avond: 7 }, deviationDiensten: { ...zero, avond: 2 }, totalHours: 14, totalShare: 7, totalQuota: 7, minimumHours: null, trend: [],
    } as GpWorkload;
    const summary: HdsSummary = {
      hds: { id: 'h', code: 'H&1', name: 'HDS "Zaan"', regionId: 'r', quotaPolicy: 'per_head' },
      range: { from: '2027-01-01', to: '2027-03-31' },
      periods: [], shifts: 1, positions: 1, staffed: 1, open: 0, gps: 1,
      categories: { demandHours: { ...zero, avond: 14 }, positions: { ...zero, avond: 2 }, averageLength: { ...zero, avond: 7 }, assignedHours: { ...zero, avond: 14 }, openHours: zero },
      fairness: fairnessFigures([gp]),
    };
    const html = renderReportHtml({ summary, gps: [gp], closingPlans: [], charts: { burden: '<svg id="a"></svg>', deviation: '<svg id="b"></svg>', coverage: '<svg id="c"></svg>' }, generatedAt: new Date('2027-04-01T10:00:00Z') });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('HDS &quot;Zaan&quot;');
    expect(html.match(/<svg id="[abc]">/g)).toHaveLength(3);
    expect(html).toContain('gemaakt 01-04-2027 12:00');
    expect(html).toContain('Uitschieters (1)');
    expect(html).toContain('Geen gepubliceerde periodes in dit tijdvak.');
  });

  it('escapes the five characters that matter', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
