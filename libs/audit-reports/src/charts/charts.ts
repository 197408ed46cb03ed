import type { TopLevelSpec } from 'vega-lite';
import { ANW_CATEGORIES, type AnwCategory } from '@anw/time';
import type { PerCategory } from '../figures/fairness.js';

// Dutch number and date formats, per chart (no global state in vega).
const LOCALE = {
  number: { decimal: ',', thousands: '.', grouping: [3], currency: ['€ ', ''] },
  time: {
    dateTime: '%A %e %B %Y %X',
    date: '%d-%m-%Y',
    time: '%H:%M:%S',
    periods: ['', ''],
    days: ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'],
    shortDays: ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'],
    months: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
    shortMonths: ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
  },
};

const CONFIG = {
  locale: LOCALE,
  font: 'DejaVu Sans, Arial, sans-serif',
  view: { stroke: '#ccc' },
  axis: { labelFontSize: 10, titleFontSize: 11 },
  title: { fontSize: 14, anchor: 'start' as const },
};

const CATEGORY_LABEL: Record<AnwCategory, string> = { avond: 'avond', nacht: 'nacht', weekend: 'weekend', feestdag: 'feestdag' };

type Engine = Pick<typeof import('vega'), 'parse' | 'View'> & Pick<typeof import('vega-lite'), 'compile'>;
let engine: Promise<Engine> | undefined;

// Loaded once, on first use: only the HTML report draws, and vega is large. One import after the
// other, shared by concurrent callers (Jest's ESM loader trips over parallel imports of shared modules).
function loadEngine(): Promise<Engine> {
  engine ??= (async () => {
    const { parse, View } = await import('vega');
    const { compile } = await import('vega-lite');
    return { parse, View, compile };
  })();
  return engine;
}

/** Renders a Vega-Lite spec to an SVG string on the server: no browser, no canvas. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { parse, View, compile } = await loadEngine();
  const { spec: vegaSpec } = compile({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec);
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface BurdenPoint {
  name: string;
  share: PerCategory<number>;
  hours: PerCategory<number>;
  /** null where the GP is not measured */
  deviationDiensten: PerCategory<number | null>;
}

/**
 * Burden against fair share: per category, every measured GP as a point (fair share → hours
 * worked), the diagonal of perfect fairness and the band of ±1 dienst (L_c) around it.
 */
export function burdenSpec(gps: readonly BurdenPoint[], averageLength: PerCategory<number>): TopLevelSpec {
  const measured = ANW_CATEGORIES.filter((c) => averageLength[c] > 0);
  const points = gps.flatMap((g) =>
    measured
      .filter((c) => g.deviationDiensten[c] !== null)
      .map((c) => ({
        soort: 'huisarts',
        categorie: CATEGORY_LABEL[c],
        naam: g.name,
        aandeel: g.share[c],
        uren: g.hours[c],
        status: Math.abs(g.deviationDiensten[c] ?? 0) > 1 + 1e-6 ? 'buiten ±1 dienst' : 'binnen ±1 dienst',
      })),
  );
  // The diagonal (hours = share) and the band of ±1 dienst around it, across each panel.
  const guides = measured.flatMap((c) => {
    const top = Math.max(1, ...points.filter((p) => p.categorie === CATEGORY_LABEL[c]).flatMap((p) => [p.aandeel, p.uren])) * 1.05;
    return [0, top].map((x) => ({ soort: 'gids', categorie: CATEGORY_LABEL[c], aandeel: x, diagonaal: x, onder: Math.max(0, x - averageLength[c]), boven: x + averageLength[c] }));
  });
  const axis = { format: ',.0f' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Belasting tegen eerlijk aandeel per huisarts (uren)', subtitle: 'op de stippellijn werkt iemand precies zijn aandeel; de band is ±1 dienst' },
    data: { values: [...guides, ...points] },
    facet: { field: 'categorie', type: 'nominal', title: null, sort: ANW_CATEGORIES.map((c) => CATEGORY_LABEL[c]) },
    columns: 2,
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 280,
      height: 220,
      layer: [
        {
          transform: [{ filter: "datum.soort === 'gids'" }],
          mark: { type: 'area', opacity: 0.18, color: '#2a7ab9' },
          encoding: {
            x: { field: 'aandeel', type: 'quantitative', title: 'eerlijk aandeel (uur)', axis },
            y: { field: 'onder', type: 'quantitative', title: 'gewerkt (uur)', axis },
            y2: { field: 'boven' },
          },
        },
        {
          transform: [{ filter: "datum.soort === 'gids'" }],
          mark: { type: 'line', color: '#2a7ab9', strokeDash: [4, 3] },
          encoding: { x: { field: 'aandeel', type: 'quantitative' }, y: { field: 'diagonaal', type: 'quantitative' } },
        },
        {
          transform: [{ filter: "datum.soort === 'huisarts'" }],
          mark: { type: 'point', filled: true, size: 30, opacity: 0.75 },
          encoding: {
            x: { field: 'aandeel', type: 'quantitative' },
            y: { field: 'uren', type: 'quantitative' },
            color: { field: 'status', type: 'nominal', title: null, scale: { domain: ['binnen ±1 dienst', 'buiten ±1 dienst'], range: ['#2a9d4b', '#d1352b'] } },
          },
        },
      ],
    },
  } as TopLevelSpec;
}

/** The GPs furthest from their share: deviation in diensten per category, as bars. */
export function deviationSpec(gps: readonly BurdenPoint[], limit = 25): TopLevelSpec {
  const worst = (g: BurdenPoint): number => Math.max(0, ...ANW_CATEGORIES.map((c) => Math.abs(g.deviationDiensten[c] ?? 0)));
  const top = [...gps].sort((a, b) => worst(b) - worst(a)).slice(0, limit);
  const values = top.flatMap((g) =>
    ANW_CATEGORIES.filter((c) => g.deviationDiensten[c] !== null).map((c) => ({ naam: g.name, categorie: CATEGORY_LABEL[c], afwijking: g.deviationDiensten[c] })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Afwijking van het aandeel in diensten (${top.length} grootste)`,
    data: { values },
    width: 560,
    height: { step: 7 },
    mark: 'bar',
    encoding: {
      y: { field: 'naam', type: 'nominal', title: null, sort: top.map((g) => g.name) },
      yOffset: { field: 'categorie', sort: ANW_CATEGORIES.map((c) => CATEGORY_LABEL[c]) },
      x: { field: 'afwijking', type: 'quantitative', title: 'afwijking (diensten; + = meer dan aandeel)' },
      color: { field: 'categorie', type: 'nominal', title: 'categorie', sort: ANW_CATEGORIES.map((c) => CATEGORY_LABEL[c]) },
    },
  } as TopLevelSpec;
}

export interface CoveragePoint {
  date: string;
  staffed: number;
  open: number;
}

/** Coverage over the period: staffed and open positions per day, stacked. */
export function coverageSpec(days: readonly CoveragePoint[]): TopLevelSpec {
  const values = days.flatMap((d) => [
    { datum: d.date, status: 'bezet', plaatsen: d.staffed },
    { datum: d.date, status: 'open', plaatsen: d.open },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Bezetting per dag: bezette en open plaatsen',
    data: { values },
    width: 900,
    height: 200,
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'datum', type: 'ordinal', timeUnit: 'yearmonthdate', title: 'datum', axis: { format: '%d %b', labelOverlap: true } },
      y: { field: 'plaatsen', type: 'quantitative', stack: 'zero', title: 'plaatsen' },
      color: { field: 'status', type: 'nominal', title: null, scale: { domain: ['bezet', 'open'], range: ['#2a9d4b', '#d1352b'] } },
      order: { field: 'status', sort: 'ascending' },
    },
  } as TopLevelSpec;
}
