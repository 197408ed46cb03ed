import { MarketplaceError, MarketplaceErrorCode } from './marketplace.errors.js';

/** What the marketplace needs to know of the caller. */
export interface Caller {
  /** The caller's own GP record in this HDS, if any. */
  gpId: string | null;
  /** Planner or hds-admin of this HDS: may act on a GP's behalf. */
  planner: boolean;
}

/** The GP a change is made for, and whether a planner made it for them. */
export interface Acting {
  gpId: string;
  onBehalf: boolean;
  reason: string | null;
}

/**
 * A GP acts as their own GP record only; a planner may act for any GP of the HDS, with a reason.
 * `requestedGpId` omitted means "myself".
 */
export function resolveActing(caller: Caller, requestedGpId?: string | null, reason?: string | null): Acting {
  const why = reason?.trim() ? reason.trim() : null;
  const target = requestedGpId ?? caller.gpId;
  if (!target) {
    if (caller.planner) throw new MarketplaceError(MarketplaceErrorCode.GpRequired, 'Geef de huisarts (gpId) namens wie u handelt.', [{ field: 'gpId', message: 'verplicht voor een planner' }]);
    throw new MarketplaceError(MarketplaceErrorCode.NotAGp, 'Alleen een huisarts met een eigen dossier in deze HDS kan diensten ruilen.');
  }
  if (target === caller.gpId) return { gpId: target, onBehalf: false, reason: why };
  if (!caller.planner) throw new MarketplaceError(MarketplaceErrorCode.NotYourGpRecord, 'U kunt alleen voor uzelf ruilen, aanbieden of overnemen.');
  if (!why) throw new MarketplaceError(MarketplaceErrorCode.OnBehalfReasonRequired, 'Geef een reden wanneer u namens een huisarts handelt.', [{ field: 'reason', message: 'verplicht namens een huisarts' }]);
  return { gpId: target, onBehalf: true, reason: why };
}

/** The parties of a trade who may act on it (or any planner). */
export function assertParty(caller: Caller, parties: readonly (string | null)[], reason?: string | null): Acting {
  const why = reason?.trim() ? reason.trim() : null;
  if (caller.gpId && parties.includes(caller.gpId)) return { gpId: caller.gpId, onBehalf: false, reason: why };
  if (!caller.planner) throw new MarketplaceError(MarketplaceErrorCode.NotYourTrade, 'Dit verzoek is niet van u.');
  const gpId = parties.find((p): p is string => p !== null);
  if (!gpId) throw new MarketplaceError(MarketplaceErrorCode.NotYourTrade, 'Dit verzoek heeft geen huisarts.');
  if (!why) throw new MarketplaceError(MarketplaceErrorCode.OnBehalfReasonRequired, 'Geef een reden wanneer u namens een huisarts handelt.', [{ field: 'reason', message: 'verplicht namens een huisarts' }]);
  return { gpId, onBehalf: true, reason: why };
}
