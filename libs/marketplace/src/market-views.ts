import { localIso } from '@anw/time';
import type { ShiftEntity } from '@anw/rosters';
import { undoVerdict, UndoVerdict, type MarketplacePolicy } from './domain/policy.js';
import type { MarketClaimEntity } from './entities/market-claim.entity.js';
import { type MarketOfferEntity, type OfferAudience, OfferStatus } from './entities/market-offer.entity.js';
import type { MarketSwapEntity, SwapStatus } from './entities/market-swap.entity.js';
import { ClaimStatus } from './entities/market-claim.entity.js';
import { SwapStatus as Swap } from './entities/market-swap.entity.js';

/** A dienst as the marketplace shows it: local and UTC times, hours of real elapsed time. */
export interface ShiftSummary {
  id: string;
  periodId: string;
  postId: string;
  code: string;
  role: string;
  localDate: string;
  start: string;
  end: string;
  startAt: string;
  endAt: string;
  hours: number;
}

export interface OfferView {
  id: string;
  shiftId: string;
  gpId: string;
  audience: OfferAudience;
  namedGpIds: string[];
  deadline: string | null;
  status: OfferStatus;
  /** An open offer past its deadline: no longer claimable. */
  expired: boolean;
  reason: string | null;
  createdAt: string;
  closedAt: string | null;
  shift?: ShiftSummary;
}

export interface ClaimView {
  id: string;
  shiftId: string;
  offerId: string | null;
  gpId: string;
  fromGpId: string | null;
  status: ClaimStatus;
  reason: string | null;
  decisionReason: string | null;
  rule: string | null;
  createdAt: string;
  decidedAt: string | null;
  completedAt: string | null;
  /** Until when the completed trade may be undone (null: it may not). */
  undoUntil: string | null;
  shift?: ShiftSummary;
}

export interface SwapView {
  id: string;
  fromGpId: string;
  fromShiftId: string;
  toGpId: string;
  toShiftId: string;
  status: SwapStatus;
  reason: string | null;
  decisionReason: string | null;
  createdAt: string;
  respondedAt: string | null;
  decidedAt: string | null;
  completedAt: string | null;
  undoUntil: string | null;
  fromShift?: ShiftSummary;
  toShift?: ShiftSummary;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function shiftSummary(s: Pick<ShiftEntity, 'id' | 'periodId' | 'postId' | 'code' | 'role' | 'localDate' | 'startAt' | 'endAt'>): ShiftSummary {
  return {
    id: s.id,
    periodId: s.periodId,
    postId: s.postId,
    code: s.code,
    role: s.role,
    localDate: s.localDate,
    start: localIso(s.startAt),
    end: localIso(s.endAt),
    startAt: s.startAt.toISOString(),
    endAt: s.endAt.toISOString(),
    hours: (s.endAt.getTime() - s.startAt.getTime()) / 3_600_000,
  };
}

function undoUntil(policy: MarketplacePolicy | null, completedAt: Date | null, done: boolean, now: Date): string | null {
  if (!policy || !done || !completedAt || undoVerdict(policy, completedAt.getTime(), now.getTime()) !== UndoVerdict.Allowed) return null;
  return new Date(completedAt.getTime() + policy.undoWindowMinutes * 60_000).toISOString();
}

export function offerView(o: MarketOfferEntity, now: Date, shift?: ShiftEntity): OfferView {
  return {
    id: o.id,
    shiftId: o.shiftId,
    gpId: o.gpId,
    audience: o.audience,
    namedGpIds: o.namedGpIds,
    deadline: iso(o.deadline),
    status: o.status,
    expired: o.status === OfferStatus.Open && o.deadline !== null && o.deadline.getTime() <= now.getTime(),
    reason: o.reason,
    createdAt: o.createdAt.toISOString(),
    closedAt: iso(o.closedAt),
    ...(shift ? { shift: shiftSummary(shift) } : {}),
  };
}

export function claimView(c: MarketClaimEntity, policy: MarketplacePolicy | null, now: Date, shift?: ShiftEntity): ClaimView {
  return {
    id: c.id,
    shiftId: c.shiftId,
    offerId: c.offerId,
    gpId: c.gpId,
    fromGpId: c.fromGpId,
    status: c.status,
    reason: c.reason,
    decisionReason: c.decisionReason,
    rule: c.rule,
    createdAt: c.createdAt.toISOString(),
    decidedAt: iso(c.decidedAt),
    completedAt: iso(c.completedAt),
    undoUntil: undoUntil(policy, c.completedAt, c.status === ClaimStatus.Completed, now),
    ...(shift ? { shift: shiftSummary(shift) } : {}),
  };
}

export function swapView(s: MarketSwapEntity, policy: MarketplacePolicy | null, now: Date, shifts?: Map<string, ShiftEntity>): SwapView {
  const from = shifts?.get(s.fromShiftId);
  const to = shifts?.get(s.toShiftId);
  return {
    id: s.id,
    fromGpId: s.fromGpId,
    fromShiftId: s.fromShiftId,
    toGpId: s.toGpId,
    toShiftId: s.toShiftId,
    status: s.status,
    reason: s.reason,
    decisionReason: s.decisionReason,
    createdAt: s.createdAt.toISOString(),
    respondedAt: iso(s.respondedAt),
    decidedAt: iso(s.decidedAt),
    completedAt: iso(s.completedAt),
    undoUntil: undoUntil(policy, s.completedAt, s.status === Swap.Completed, now),
    ...(from ? { fromShift: shiftSummary(from) } : {}),
    ...(to ? { toShift: shiftSummary(to) } : {}),
  };
}
