import { ANW_CATEGORIES, type AnwCategory } from '@anw/time';
import { isIsoDate } from './iso-date.js';
import { TariffError } from './tariff-error.js';

export type SurchargeKind = 'role' | 'template' | 'shortNotice';

/**
 * An HDS's extra pay for hard-to-fill work. Applies to the ANW minutes (not `dag`) of a matching
 * assignment that fall on dates in [effectiveFrom, effectiveTo], optionally only in `categories`.
 * Exactly one amount: `centsPerHour` (fixed) or `percentBp` (basis points of the rate paid for
 * that minute, after percentOfMaximum). All matching surcharges add up.
 */
export interface Surcharge {
  readonly kind: SurchargeKind;
  /** kind 'role': the assignment's role, e.g. 'regiearts' */
  readonly role?: string;
  /** kind 'template': the shift template code, e.g. 'N' */
  readonly templateCode?: string;
  readonly centsPerHour?: number;
  readonly percentBp?: number;
  readonly categories?: readonly AnwCategory[];
  readonly effectiveFrom: string;
  readonly effectiveTo?: string;
}

/** How an HDS pays: a share of the NZa maximum in basis points (10000 = 100 %, 9550 = 95.5 %) and surcharges. */
export interface PayPolicy {
  readonly percentOfMaximumBp: number;
  readonly surcharges: readonly Surcharge[];
}

export const FULL_MAXIMUM: PayPolicy = Object.freeze({ percentOfMaximumBp: 10_000, surcharges: Object.freeze([]) });

/** 95.5 → 9550; throws when the percentage has more than two decimals or is negative. */
export function basisPoints(percent: number): number {
  const bp = Math.round(percent * 100);
  if (!Number.isFinite(percent) || percent < 0 || Math.abs(percent * 100 - bp) > 1e-6) {
    throw new TariffError('invalid_policy', `percentage ${percent} moet ≥ 0 zijn met hoogstens twee decimalen`);
  }
  return bp;
}

const MAX_BP = 1_000_000;

/** Checks a policy; lists all problems in one `invalid_policy` error. */
export function validatePayPolicy(policy: PayPolicy): PayPolicy {
  const problems: string[] = [];
  const { percentOfMaximumBp: bp } = policy;
  if (!Number.isSafeInteger(bp) || bp < 0 || bp > 10_000) problems.push('percentOfMaximumBp moet een geheel getal van 0 tot 10000 zijn');
  policy.surcharges.forEach((s, i) => {
    const at = `toeslag ${i + 1}`;
    if (s.kind === 'role' && !s.role) problems.push(`${at}: rol ontbreekt`);
    if (s.kind === 'template' && !s.templateCode) problems.push(`${at}: dienstcode ontbreekt`);
    if (!['role', 'template', 'shortNotice'].includes(s.kind)) problems.push(`${at}: onbekende soort "${String(s.kind)}"`);
    const fixed = s.centsPerHour !== undefined;
    const percent = s.percentBp !== undefined;
    if (fixed === percent) problems.push(`${at}: geef óf centsPerHour óf percentBp`);
    if (fixed && (!Number.isSafeInteger(s.centsPerHour) || (s.centsPerHour as number) < 0 || (s.centsPerHour as number) > 10_000_000)) {
      problems.push(`${at}: centsPerHour moet een geheel aantal centen ≥ 0 zijn`);
    }
    if (percent && (!Number.isSafeInteger(s.percentBp) || (s.percentBp as number) < 0 || (s.percentBp as number) > MAX_BP)) {
      problems.push(`${at}: percentBp moet een geheel getal ≥ 0 zijn`);
    }
    if (s.categories?.some((c) => !(ANW_CATEGORIES as readonly string[]).includes(c))) problems.push(`${at}: onbekende categorie`);
    if (!isIsoDate(s.effectiveFrom)) problems.push(`${at}: effectiveFrom moet een datum JJJJ-MM-DD zijn`);
    if (s.effectiveTo !== undefined && (!isIsoDate(s.effectiveTo) || s.effectiveTo < s.effectiveFrom)) {
      problems.push(`${at}: effectiveTo moet een datum op of na effectiveFrom zijn`);
    }
  });
  if (problems.length > 0) throw new TariffError('invalid_policy', `ongeldig vergoedingsbeleid: ${problems.join('; ')}`);
  return policy;
}
