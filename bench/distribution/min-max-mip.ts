// The exact optimum of "the smallest largest maxDeviationShifts_c" for an instance, as a MIP for
// HiGHS. Built straight from the spec (categories by @anw/time, shares by water-filling), not from
// the solver's model, so it doubles as an independent check. Hard rules 1–7 become constraints:
// rules 1–3 by leaving variables out, 4–5 (overlap and rest, without the run rest) as cliques of
// an interval graph (a shift blocks [start, end + its rest)), the run rest, consecutive nights and
// nights per window as counting constraints. Assumes what the generator guarantees: no history, and
// the night shifts of one start date overlap (so a GP works at most one night per date).
import { ANW_CATEGORIES, isNightShift, localDate, parseLocal, splitInterval } from '@anw/time';
import { type Instance, waterFill } from '@anw/distribution';
import highs from 'highs';

interface LegacyHighs {
  solve(lp: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number };
}
// a CommonJS package: under nodenext its default export arrives as the module object
const loadHighs = ((highs as unknown as { default?: unknown }).default ?? highs) as () => Promise<LegacyHighs>;

export interface MipOutcome {
  status: string;
  /** min over rosters with all positions filled of max_c maxDeviationShifts_c */
  optimum: number | null;
  seconds: number;
  variables: number;
  constraints: number;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

interface ShiftFacts {
  start: number;
  end: number;
  hours: number[];
  night: boolean;
  nightDay: number;
  late: boolean;
}

function facts(instance: Instance): ShiftFacts[] {
  const zone = instance.timezone;
  const holidays = new Set(instance.holidays);
  return instance.shifts.map((s) => {
    const minutes = splitInterval(s.startMs, s.endMs, { eveningStart: instance.rules.eveningStart, holidays, zone });
    const night = isNightShift(s.startMs, s.endMs, zone);
    const startDate = localDate(s.startMs, zone);
    // ends after 02:00 on its morning: works between 02:00 and 06:00 on the end date or the start date
    let late = false;
    for (const date of new Set([startDate, localDate(s.endMs, zone)])) {
      let two: number;
      try {
        two = parseLocal(`${date}T02:00`, zone);
      } catch {
        two = parseLocal(`${date}T00:00`, zone) + 2 * HOUR;
      }
      if (Math.min(s.endMs, parseLocal(`${date}T06:00`, zone)) > Math.max(s.startMs, two)) late = true;
    }
    return {
      start: s.startMs,
      end: s.endMs,
      hours: ANW_CATEGORIES.map((c) => minutes[c] / 60),
      night,
      nightDay: Date.parse(`${startDate}T00:00:00Z`) / DAY,
      late: night && late,
    };
  });
}

/** Solves the min-max MIP; `filledPositions` all (the solver left none open) is assumed. */
export async function minMaxDeviationMip(
  instance: Instance,
  timeLimitSeconds: number,
  hints: { atMost?: number; atLeast?: number } = {},
): Promise<MipOutcome> {
  if (instance.history.length > 0) throw new Error('MIP-orakel: historie wordt niet gemodelleerd');
  const rules = instance.rules;
  const shifts = facts(instance);
  const gps = instance.gps;
  const S = shifts.length;

  const demand = [0, 0, 0, 0];
  const withHours = [0, 0, 0, 0];
  instance.shifts.forEach((s, i) =>
    shifts[i].hours.forEach((h, c) => {
      if (h > 0) {
        demand[c] += s.required * h;
        withHours[c] += s.required;
      }
    }),
  );
  const length = demand.map((h, c) => (withHours[c] > 0 ? h / withHours[c] : 0));
  const eligible = ANW_CATEGORIES.map((_, c) => gps.map((g) => g.weight > 0 && !(c === 1 && g.noNights)));
  const shares = ANW_CATEGORIES.map((cat, c) => waterFill(demand[c], gps.map((g) => g.weight), gps.map((g) => g.balanceHours[cat]), eligible[c]));

  const rows: string[] = [];
  const binaries: string[] = [];
  const fixedOnes: string[] = [];
  const vars: number[][] = gps.map(() => []); // per GP: shifts with a variable
  const name = (g: number, s: number): string => `x${g}_${s}`;
  gps.forEach((gp, g) => {
    if (gp.weight === 0) return;
    for (let s = 0; s < S; s++) {
      const shift = instance.shifts[s];
      const fixed = shift.fixed.includes(gp.id);
      const lawful =
        gp.qualifications.includes(shift.role) &&
        !gp.unavailable.some((u) => u.startMs < shifts[s].end && shifts[s].start < u.endMs) &&
        !(gp.noNights && shifts[s].night);
      if (!lawful && !fixed) continue;
      vars[g].push(s);
      binaries.push(name(g, s));
      if (fixed) fixedOnes.push(name(g, s));
    }
  });

  // coverage: every position filled
  const onShift: string[][] = Array.from({ length: S }, () => []);
  vars.forEach((list, g) => list.forEach((s) => onShift[s].push(name(g, s))));
  instance.shifts.forEach((shift, s) => {
    if (onShift[s].length < shift.required) throw new Error(`MIP-orakel: dienst ${shift.id} is niet te vullen`);
    rows.push(`${onShift[s].join(' + ')} = ${shift.required}`);
  });

  const restAfter = (s: number): number =>
    Math.max(rules.minRestHours, shifts[s].night && shifts[s].late ? rules.minRestAfterNightHours : 0) * HOUR;
  const seen = new Set<string>();
  vars.forEach((list, g) => {
    const sorted = [...list].sort((a, b) => shifts[a].start - shifts[b].start);
    // rules 4–5 as cliques: the shifts whose blocked interval holds t's start
    for (const t of sorted) {
      const clique = sorted.filter((s) => shifts[s].start <= shifts[t].start && shifts[t].start < shifts[s].end + restAfter(s));
      const key = `${g}:${clique.join(',')}`;
      if (clique.length >= 2 && !seen.has(key)) {
        seen.add(key);
        rows.push(`${clique.map((s) => name(g, s)).join(' + ')} <= 1`);
      }
    }
    const nightsOn = new Map<number, number[]>();
    for (const s of sorted) if (shifts[s].night) nightsOn.set(shifts[s].nightDay, [...(nightsOn.get(shifts[s].nightDay) ?? []), s]);
    for (const [, same] of nightsOn) {
      for (const a of same) for (const b of same) {
        if (a < b && !(shifts[a].start < shifts[b].end && shifts[b].start < shifts[a].end)) throw new Error('MIP-orakel: twee nachten op één datum');
      }
    }
    const days = [...nightsOn.keys()].sort((a, b) => a - b);
    const nightVars = (from: number, to: number): string[] =>
      days.filter((d) => d >= from && d <= to).flatMap((d) => (nightsOn.get(d) ?? []).map((s) => name(g, s)));
    // rule 6: at most maxConsecutiveNights of any maxConsecutiveNights + 1 consecutive dates
    for (const d of days) {
      const window = nightVars(d, d + rules.maxConsecutiveNights);
      if (window.length > rules.maxConsecutiveNights) rows.push(`${window.join(' + ')} <= ${rules.maxConsecutiveNights}`);
    }
    // rule 7
    for (const d of days) {
      const window = nightVars(d, d + rules.maxNightsPerWindow.days - 1);
      if (window.length > rules.maxNightsPerWindow.nights) rows.push(`${window.join(' + ')} <= ${rules.maxNightsPerWindow.nights}`);
    }
    // rule 5, run rest: nights on R consecutive dates ending with A, then B too soon after A
    const R = rules.nightRunLength;
    for (const d of days) {
      const last = d + R - 1;
      if (!Array.from({ length: R }, (_, k) => nightsOn.has(d + k)).every(Boolean)) continue;
      const earlier = nightVars(d, last - 1);
      for (const a of nightsOn.get(last) ?? []) {
        for (const b of sorted) {
          const gap = shifts[b].start - shifts[a].end;
          if (gap < restAfter(a) || gap >= rules.restAfterNightRunHours * HOUR) continue;
          if (shifts[b].night && shifts[b].nightDay === last + 1) continue;
          rows.push(`${[...earlier, name(g, a), name(g, b)].join(' + ')} <= ${R}`);
        }
      }
    }
  });

  // z ≥ |Σ h·x − share| ÷ L_c
  ANW_CATEGORIES.forEach((_, c) => {
    if (length[c] <= 0) return;
    gps.forEach((gp, g) => {
      if (!eligible[c][g]) return;
      const terms = vars[g].filter((s) => shifts[s].hours[c] > 0).map((s) => `${shifts[s].hours[c]} ${name(g, s)}`);
      const sum = terms.length ? terms.join(' + ') + ' ' : '';
      const share = shares[c][g];
      rows.push(`${sum}- ${length[c]} z <= ${share}`);
      rows.push(`${sum}+ ${length[c]} z >= ${share}`);
    });
  });

  const lp = [
    'Minimize',
    ' obj: z',
    'Subject To',
    ...rows.map((r, i) => ` r${i}: ${r}`),
    'Bounds',
    // hints narrow the search without changing the optimum: a proven lower bound, a known roster's value
    ` ${hints.atLeast ?? 0} <= z${hints.atMost !== undefined ? ` <= ${hints.atMost}` : ''}`,
    ...fixedOnes.map((v) => ` ${v} = 1`),
    'Binary',
    ...binaries.map((b) => ` ${b}`),
    'End',
  ].join('\n');
  const solver = await loadHighs();
  const started = performance.now();
  const solution = solver.solve(lp, { time_limit: timeLimitSeconds, mip_rel_gap: 0, mip_abs_gap: 1e-7, output_flag: false });
  return {
    status: solution.Status,
    optimum: solution.Status === 'Optimal' ? solution.ObjectiveValue : null,
    seconds: (performance.now() - started) / 1000,
    variables: binaries.length + 1,
    constraints: rows.length,
  };
}
