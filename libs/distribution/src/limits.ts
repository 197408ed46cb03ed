import { splitInterval } from '@anw/time';
import { type GpLimits, type Instance, LIMIT_KINDS, type LimitKind } from './instance.js';
import { nightFacts } from './shift-facts.js';

/** Hard rule 8: a bit per kind of shift, in LIMIT_KINDS order (night, weekend, holiday, evening, total). */
export const LIMIT_KIND_COUNT = LIMIT_KINDS.length;
export const TOTAL_BIT = 1 << LIMIT_KINDS.indexOf('total');

const NAMES: Record<LimitKind, string> = {
  night: 'nachtdiensten',
  weekend: 'weekenddiensten',
  holiday: 'feestdagdiensten',
  evening: 'avonddiensten',
  total: 'diensten',
};

/**
 * The kinds a shift counts as for the limits: night by the Arbeidstijdenwet (as rules 3–7), weekend,
 * holiday and evening when it has minutes in that ANW category; every shift counts for total.
 */
export function kindMask(night: boolean, minutes: { avond: number; weekend: number; feestdag: number }): number {
  return (night ? 1 : 0) | (minutes.weekend > 0 ? 2 : 0) | (minutes.feestdag > 0 ? 4 : 0) | (minutes.avond > 0 ? 8 : 0) | TOTAL_BIT;
}

/** The kind mask of a shift given by its instants. */
export function shiftKindMask(startMs: number, endMs: number, options: { eveningStart: string; holidays: ReadonlySet<string>; zone: string }): number {
  return kindMask(nightFacts(startMs, endMs, options.zone).night, splitInterval(startMs, endMs, options));
}

/** Per shift of the instance: its kind mask. */
export function instanceKindMasks(instance: Instance): Uint8Array {
  const options = { eveningStart: instance.rules.eveningStart, holidays: new Set(instance.holidays), zone: instance.timezone };
  return Uint8Array.from(instance.shifts, (s) => shiftKindMask(s.startMs, s.endMs, options));
}

/** A GP's limits as an array in LIMIT_KINDS order, Infinity where none. */
export function limitArray(limits: GpLimits | undefined): number[] {
  return LIMIT_KINDS.map((k) => limits?.[k] ?? Infinity);
}

/** The first limit that `counts` (shifts per kind, LIMIT_KINDS order) exceed, or null. */
export function exceededLimit(limits: GpLimits | undefined, counts: ArrayLike<number>): { kind: LimitKind; limit: number; count: number } | null {
  if (!limits) return null;
  for (let k = 0; k < LIMIT_KIND_COUNT; k++) {
    const limit = limits[LIMIT_KINDS[k]];
    if (limit !== undefined && counts[k] > limit) return { kind: LIMIT_KINDS[k], limit, count: counts[k] };
  }
  return null;
}

/** Counts of shifts per kind (LIMIT_KINDS order) for a list of kind masks. */
export function countKinds(masks: Iterable<number>): number[] {
  const counts = LIMIT_KINDS.map(() => 0);
  for (const m of masks) for (let k = 0; k < LIMIT_KIND_COUNT; k++) if (m & (1 << k)) counts[k]++;
  return counts;
}

/** The Dutch reason of a broken limit. */
export function describeLimit(kind: LimitKind, limit: number, count?: number): string {
  return `meer ${NAMES[kind]} dan de limiet van deze huisarts (${limit}${count !== undefined ? `; nu ${count}` : ''})`;
}
