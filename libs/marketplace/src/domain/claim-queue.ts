/** A queued claim as the queue needs it. */
export interface Queued {
  id: string;
  createdAt: Date;
}

/** First come, first served: by creation time, then id (a stable tie-break). */
export function queueOrder<T extends Queued>(claims: readonly T[]): T[] {
  return [...claims].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface QueueOutcome<T> {
  winners: T[];
  refused: { claim: T; reason: string; rule: string | null }[];
  lost: T[];
  /** Still pending: positions were left and no claim was lost. */
  remaining: T[];
}

/** Why a claim may not win, or null when it may. */
export type Verdict = { reason: string; rule: string | null } | null;

/**
 * Walks a queue in order: each claim is judged when its turn comes; the earliest valid ones fill
 * the open positions, invalid ones before that are refused with their reason, and once every
 * position is filled the rest lose. Claims after the last position are never judged.
 */
export async function walkQueue<T extends Queued>(claims: readonly T[], positions: number, judge: (claim: T) => Promise<Verdict>): Promise<QueueOutcome<T>> {
  const outcome: QueueOutcome<T> = { winners: [], refused: [], lost: [], remaining: [] };
  let left = positions;
  for (const claim of queueOrder(claims)) {
    if (left <= 0) {
      outcome.lost.push(claim);
      continue;
    }
    const verdict = await judge(claim);
    if (verdict) {
      outcome.refused.push({ claim, ...verdict });
    } else {
      outcome.winners.push(claim);
      left -= 1;
    }
  }
  return outcome;
}
