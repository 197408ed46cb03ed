import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnwCategory } from '@anw/time';
import { parseInstance } from './parse-instance.js';
import { solve } from './solver.js';
import { validateRoster } from './validate-roster.js';

const DIR = fileURLToPath(new URL('../test-data/golden/', import.meta.url));

interface Expectations {
  assignments?: { shift: string; gp: string }[];
  forbidden?: { shift: string; gp: string }[];
  unfilled?: { shift: string; missing: number; reason?: string }[];
  unfilledCount?: number;
  unfilledOneOf?: string[][];
  unfilledReason?: string;
  perGp?: { gp: string; hours?: Partial<Record<AnwCategory, number>>; share?: Partial<Record<AnwCategory, number>> }[];
  hoursOneOf?: { gp: string; hours: Record<AnwCategory, number> }[];
  deviationNull?: { gp: string; category: AnwCategory }[];
  reasons?: { gp: string; category: AnwCategory; reason: string }[];
}

const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => {
    const json = JSON.parse(readFileSync(`${DIR}${file}`, 'utf8')) as { description: string; expect: Expectations };
    return { file, json, expectations: json.expect };
  });

describe('golden instances (libs/distribution/test-data/golden)', () => {
  it.each(cases)('$file', ({ json, expectations: e }) => {
    const instance = parseInstance(json);
    const sut = solve(instance, { seed: 7, timeBudgetMs: 10_000, maxIterations: 60_000 });
    const pairs = new Set(sut.assignments.map((a) => `${a.shift}|${a.gp}`));

    expect(validateRoster(instance, sut.assignments)).toEqual([]);
    for (const a of e.assignments ?? []) expect(pairs).toContain(`${a.shift}|${a.gp}`);
    for (const a of e.forbidden ?? []) expect(pairs).not.toContain(`${a.shift}|${a.gp}`);
    if (e.unfilled) {
      expect(sut.unfilled.map((u) => ({ shift: u.shift, missing: u.missing }))).toEqual(e.unfilled.map((u) => ({ shift: u.shift, missing: u.missing })));
      e.unfilled.forEach((u, i) => u.reason !== undefined && expect(sut.unfilled[i].reason).toBe(u.reason));
    }
    if (e.unfilledCount !== undefined) expect(sut.unfilled.reduce((n, u) => n + u.missing, 0)).toBe(e.unfilledCount);
    for (const group of e.unfilledOneOf ?? []) expect(sut.unfilled.filter((u) => group.includes(u.shift))).toHaveLength(1);
    if (e.unfilledReason) for (const u of sut.unfilled) expect(u.reason).toContain(e.unfilledReason);

    const report = (gp: string) => {
      const found = sut.report.perGp.find((p) => p.gp === gp);
      if (!found) throw new Error(`geen rapport voor ${gp}`);
      return found;
    };
    for (const p of e.perGp ?? []) {
      const r = report(p.gp);
      for (const [c, v] of Object.entries(p.hours ?? {})) expect(r.hours[c as AnwCategory]).toBeCloseTo(v, 5);
      for (const [c, v] of Object.entries(p.share ?? {})) expect(r.share[c as AnwCategory]).toBeCloseTo(v, 5);
    }
    if (e.hoursOneOf) expect(e.hoursOneOf.map((o) => o.hours)).toContainEqual(report(e.hoursOneOf[0].gp).hours);
    for (const d of e.deviationNull ?? []) expect(report(d.gp).deviation[d.category]).toBeNull();
    for (const r of e.reasons ?? []) {
      expect(report(r.gp).reasons).toContainEqual(expect.objectContaining({ category: r.category, reason: r.reason }));
    }
  });
});
