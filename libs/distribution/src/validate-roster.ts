import { HardRule, type Violation, describeStaticRule } from './hard-rules.js';
import { type Assignment, type Instance, LIMIT_KINDS } from './instance.js';
import { describeLimit, shiftKindMask } from './limits.js';
import { nightFacts } from './shift-facts.js';

interface Worked {
  id: string;
  startMs: number;
  endMs: number;
  night: boolean;
  nightDay: number;
  late: boolean;
  history: boolean;
}

const MS_PER_HOUR = 3_600_000;

/**
 * Every hard-rule violation in a roster (history and `fixed` count as worked shifts; a conflict
 * among history shifts alone is not a violation). Deliberately simple and independent of the
 * solver's incremental checker: all pairs of a GP's shifts, every run of nights, every window.
 * Throws on an assignment naming an unknown shift or GP.
 */
export function validateRoster(instance: Instance, assignments: readonly Assignment[]): Violation[] {
  const zone = instance.timezone;
  const rules = instance.rules;
  const shifts = new Map(instance.shifts.map((s) => [s.id, s]));
  const byGp = new Map<string, Worked[]>(instance.gps.map((g) => [g.id, []]));
  const violations: Violation[] = [];

  for (const h of instance.history) {
    const f = nightFacts(h.startMs, h.endMs, zone);
    byGp.get(h.gp)?.push({ id: `history:${h.start}`, startMs: h.startMs, endMs: h.endMs, ...f, history: true });
  }
  const gps = new Map(instance.gps.map((g) => [g.id, g]));
  for (const a of assignments) {
    const shift = shifts.get(a.shift);
    const gp = gps.get(a.gp);
    if (!shift || !gp) throw new RangeError(`onbekende dienst of huisarts in bezetting ${a.shift}/${a.gp}`);
    const f = nightFacts(shift.startMs, shift.endMs, zone);
    const fail = (rule: HardRule.Qualification | HardRule.Unavailable | HardRule.NoNights): void => {
      violations.push({ rule, gp: gp.id, shift: shift.id, reason: describeStaticRule(rule, shift.role) });
    };
    if (!gp.qualifications.includes(shift.role)) fail(HardRule.Qualification);
    if (gp.unavailable.some((u) => u.startMs < shift.endMs && shift.startMs < u.endMs)) fail(HardRule.Unavailable);
    if (gp.noNights && f.night) fail(HardRule.NoNights);
    byGp.get(gp.id)?.push({ id: shift.id, startMs: shift.startMs, endMs: shift.endMs, ...f, history: false });
  }

  for (const [gp, worked] of byGp) {
    worked.sort((a, b) => a.startMs - b.startMs);
    const nightDays = new Set(worked.filter((w) => w.night).map((w) => w.nightDay));
    const runEndingOn = (day: number): number => {
      let run = 0;
      while (nightDays.has(day - run)) run++;
      return run;
    };
    const report = (rule: HardRule, w: Worked, reason: string, other?: Worked): void => {
      violations.push({ rule, gp, shift: w.id, ...(other ? { other: other.id } : {}), reason });
    };

    // rules 4 and 5, every pair
    for (let i = 0; i < worked.length; i++) {
      for (let j = i + 1; j < worked.length; j++) {
        const a = worked[i];
        const b = worked[j];
        if (a.history && b.history) continue;
        const subject = b.history ? a : b;
        const other = b.history ? b : a;
        if (b.startMs < a.endMs) {
          report(HardRule.Overlap, subject, 'overlapt met een andere dienst van deze huisarts', other);
          continue;
        }
        let required = rules.minRestHours;
        let reason = `onvoldoende rust tussen twee diensten (${rules.minRestHours} uur vereist)`;
        if (a.night && a.late && rules.minRestAfterNightHours > required) {
          required = rules.minRestAfterNightHours;
          reason = `onvoldoende rust na nachtdienst (${required} uur vereist)`;
        }
        const run = a.night ? runEndingOn(a.nightDay) : 0;
        const continuesRun = b.night && b.nightDay === a.nightDay + 1;
        if (a.night && run >= rules.nightRunLength && !continuesRun && rules.restAfterNightRunHours > required) {
          required = rules.restAfterNightRunHours;
          reason = `onvoldoende rust na een reeks van ${run} nachtdiensten (${required} uur vereist)`;
        }
        if (b.startMs - a.endMs < required * MS_PER_HOUR) report(HardRule.Rest, subject, reason, other);
      }
    }

    const nights = worked.filter((w) => w.night).sort((a, b) => a.nightDay - b.nightDay);
    // rule 6: every maximal run of consecutive night days
    const days = [...nightDays].sort((a, b) => a - b);
    for (let i = 0; i < days.length; ) {
      let j = i;
      while (j + 1 < days.length && days[j + 1] === days[j] + 1) j++;
      const length = j - i + 1;
      if (length > rules.maxConsecutiveNights) {
        const inRun = nights.filter((n) => n.nightDay >= days[i] && n.nightDay <= days[j] && !n.history);
        if (inRun.length > 0) {
          report(HardRule.ConsecutiveNights, inRun[inRun.length - 1], `meer dan ${rules.maxConsecutiveNights} nachtdiensten achter elkaar (${length})`);
        }
      }
      i = j + 1;
    }
    // rule 7: windows starting on each night's day (a fuller window always exists that starts on one)
    const { nights: limit, days: span } = rules.maxNightsPerWindow;
    for (const first of nights) {
      const inWindow = nights.filter((n) => n.nightDay >= first.nightDay && n.nightDay < first.nightDay + span);
      const own = inWindow.filter((n) => !n.history);
      if (inWindow.length > limit && own.length > 0) {
        report(HardRule.NightsPerWindow, own[own.length - 1], `meer dan ${limit} nachtdiensten in ${span} dagen (${inWindow.length})`);
      }
    }
  }
  violations.push(...limitViolations(instance, assignments));
  return violations;
}

/** Rule 8 (version 1.1): per GP with limits, the shift of a kind that first goes over its limit. */
function limitViolations(instance: Instance, assignments: readonly Assignment[]): Violation[] {
  const limited = new Map(instance.gps.filter((g) => g.limits).map((g) => [g.id, g]));
  if (limited.size === 0) return [];
  const options = { eveningStart: instance.rules.eveningStart, holidays: new Set(instance.holidays), zone: instance.timezone };
  const shifts = new Map(instance.shifts.map((s) => [s.id, s]));
  const violations: Violation[] = [];
  for (const [id, gp] of limited) {
    const own = assignments
      .filter((a) => a.gp === id)
      .map((a) => shifts.get(a.shift))
      .filter((s) => s !== undefined)
      .sort((a, b) => a.startMs - b.startMs);
    LIMIT_KINDS.forEach((kind, k) => {
      const limit = gp.limits?.[kind];
      if (limit === undefined) return;
      const ofKind = own.filter((s) => shiftKindMask(s.startMs, s.endMs, options) & (1 << k));
      if (ofKind.length > limit) {
        violations.push({ rule: HardRule.Limit, gp: id, shift: ofKind[limit].id, reason: describeLimit(kind, limit, ofKind.length) });
      }
    });
  }
  return violations;
}
