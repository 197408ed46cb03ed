import { ANW_CATEGORIES, DEFAULT_ZONE } from '@anw/time';
import { DateTime } from 'luxon';
import type { ClosingPlan } from './period-reports.service.js';
import type { GpWorkload, HdsSummary } from './workload.service.js';

export interface ReportCharts {
  burden: string;
  deviation: string;
  coverage: string;
}

export interface ReportInput {
  summary: HdsSummary;
  gps: readonly GpWorkload[];
  closingPlans: readonly ClosingPlan[];
  charts: ReportCharts;
  generatedAt: Date;
  /** how many GP rows the table shows (the exports have them all) */
  gpRowLimit?: number;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

const nl = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined ? '–' : x.toLocaleString('nl-NL', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (x: number): string => `${(x * 100).toLocaleString('nl-NL', { maximumFractionDigits: 1 })} %`;
const date = (iso: string): string => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
/** An instant as local (Amsterdam) date and time. */
const when = (instant: string | Date): string => DateTime.fromJSDate(new Date(instant), { zone: DEFAULT_ZONE }).toFormat('dd-MM-yyyy HH:mm');

const STYLE = `
  body { font-family: 'DejaVu Sans', Arial, sans-serif; margin: 24px; color: #222; font-size: 13px; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ccc; }
  .meta { color: #555; margin-bottom: 16px; }
  table { border-collapse: collapse; margin: 6px 0 12px; } th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: right; }
  th:first-child, td:first-child { text-align: left; } th { background: #f1f4f7; }
  .ok { color: #1d7a3a; font-weight: bold; } .bad { color: #b3261e; font-weight: bold; }
  .chart { margin: 8px 0 18px; page-break-inside: avoid; } .chart svg { max-width: 100%; height: auto; }
  @media print { body { margin: 10mm; } h2 { page-break-after: avoid; } }`;

/**
 * The printable HTML audit report of one HDS over a range: the figures, the fairness figures
 * with the outliers named, the charts as inline SVG (rendered on the server) and the closing
 * plan per period. No scripts: it opens and prints anywhere.
 */
export function renderReportHtml(input: ReportInput): string {
  const { summary: s, charts } = input;
  const limit = input.gpRowLimit ?? 100;
  const f = s.fairness;
  const title = `Auditrapport dienstbelasting — ${escapeHtml(s.hds.name)}`;
  const categoryRows = ANW_CATEGORIES.map(
    (c) => `<tr><td>${c}</td><td>${nl(s.categories.demandHours[c])}</td><td>${s.categories.positions[c]}</td><td>${nl(s.categories.averageLength[c], 2)}</td>
      <td>${nl(s.categories.assignedHours[c])}</td><td>${nl(s.categories.openHours[c])}</td>
      ${
        s.categories.positions[c] === 0
          ? '<td>–</td><td>–</td><td>–</td>'
          : `<td>${f.largestDeviation[c] ? `${nl(f.largestDeviation[c]!.diensten, 2)} (${escapeHtml(f.largestDeviation[c]!.name)})` : '–'}</td>
      <td>${pct(f.withinTolerance.perCategory[c])}</td><td>${nl(f.gini.perCategory[c], 3)}</td>`
      }</tr>`,
  ).join('');
  const outliers = f.outliers
    .map((o) => `<tr><td>${escapeHtml(o.name)}</td><td>${o.categories.map((c) => `${c.category}: ${nl(c.diensten, 2)} diensten (${nl(c.hours)} uur)`).join('; ')}</td></tr>`)
    .join('');
  const gpRows = input.gps
    .slice(0, limit)
    .map(
      (g) => `<tr><td>${escapeHtml(g.name)}</td><td>${nl(g.weight, 3)}</td><td>${g.diensten}</td>${ANW_CATEGORIES.map(
        (c) => `<td>${nl(g.hours[c])} / ${nl(g.share[c])}</td><td class="${Math.abs(g.deviationDiensten[c] ?? 0) > f.tolerance + 1e-6 ? 'bad' : ''}">${nl(g.deviationDiensten[c], 2)}</td>`,
      ).join('')}<td>${nl(g.totalHours)}</td></tr>`,
    )
    .join('');
  const plans = input.closingPlans
    .map(
      (p) => `<h3>${escapeHtml(p.period.name)} (${date(p.period.startDate)} t/m ${date(p.period.endDate)})</h3>
      <p>${p.positions} plaatsen, ${p.staffed} bezet, ${p.open} open: ${p.closes ? '<span class="ok">het rooster sluit</span>' : '<span class="bad">het rooster sluit niet</span>'}</p>
      ${
        p.openPositions.length
          ? `<table><tr><th>datum</th><th>post</th><th>dienst</th><th>begin</th><th>einde</th><th>open</th><th>open sinds (lokale tijd)</th><th>uren open</th></tr>${p.openPositions
              .slice(0, 50)
              .map(
                (o) =>
                  `<tr><td>${date(o.date)}</td><td>${escapeHtml(o.postCode)}</td><td>${escapeHtml(o.code)}</td><td>${o.start.slice(11)}</td><td>${o.end.slice(11)}</td><td>${o.missing}</td><td>${o.openSince ? when(o.openSince) : '–'}</td><td>${nl(o.openHours)}</td></tr>`,
              )
              .join('')}</table>`
          : ''
      }`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head>
<body>
<h1>${title}</h1>
<div class="meta">${escapeHtml(s.hds.code)} · ${date(s.range.from)} t/m ${date(s.range.to)} · verdeling naar ${escapeHtml(s.hds.quotaPolicy)} · gemaakt ${when(input.generatedAt)}</div>
<p>${s.shifts} diensten, ${s.positions} plaatsen, ${s.staffed} bezet, ${s.open} open; ${s.gps} huisartsen met een aandeel.
${pct(f.withinTolerance.share)} van hen zit in elke categorie binnen ±${f.tolerance} dienst van het eerlijke aandeel; Gini van de gewogen uren ${nl(f.gini.total, 3)}.</p>
<h2>Per categorie</h2>
<table><tr><th>categorie</th><th>vraag (uur)</th><th>plaatsen</th><th>gem. lengte (uur)</th><th>bezet (uur)</th><th>open (uur)</th><th>grootste afwijking (diensten)</th><th>binnen ±1 dienst</th><th>Gini</th></tr>${categoryRows}</table>
<h2>Grafieken</h2>
<div class="chart">${charts.burden}</div>
<div class="chart">${charts.deviation}</div>
<div class="chart">${charts.coverage}</div>
<h2>Uitschieters (${f.outliersTotal})</h2>
${outliers ? `<table><tr><th>huisarts</th><th>buiten ±${f.tolerance} dienst</th></tr>${outliers}</table>` : '<p>Geen: iedereen zit binnen de marge.</p>'}
<h2>Huisartsen (${Math.min(limit, input.gps.length)} van ${input.gps.length}, grootste afwijking eerst)</h2>
<table><tr><th>huisarts</th><th>gewicht</th><th>diensten</th>${ANW_CATEGORIES.map((c) => `<th>${c}: uren / aandeel</th><th>afw. (diensten)</th>`).join('')}<th>uren totaal</th></tr>${gpRows}</table>
<h2>Sluitend rooster per periode</h2>
${plans || '<p>Geen gepubliceerde periodes in dit tijdvak.</p>'}
</body></html>`;
}
