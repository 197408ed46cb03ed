/** Who completes a trade: the system at once (when lawful), or a planner. */
export enum ApprovalMode {
  Automatic = 'automatic',
  Planner = 'planner',
}

/** An HDS's marketplace policy (stored in `hds.marketplace_policy`). */
export interface MarketplacePolicy {
  approval: ApprovalMode;
  /** How long after a completed trade its parties may undo it; 0 = no undo. */
  undoWindowMinutes: number;
  /** Trades of a dienst starting within this many hours need a planner's approval, whatever `approval` says. */
  noTradeWithinHours: number;
  /** A GP may not drop below this many hours in a period by giving diensten away; null = no limit. */
  minimumShareHours: number | null;
  /** A dienst still (partly) open this many days before it starts escalates to the planners. */
  escalateOpenDaysBefore: number;
}

export const DEFAULT_POLICY: Readonly<MarketplacePolicy> = Object.freeze({
  approval: ApprovalMode.Automatic,
  undoWindowMinutes: 30,
  noTradeWithinHours: 48,
  minimumShareHours: null,
  escalateOpenDaysBefore: 7,
});

export interface PolicyProblem {
  /** A key of MarketplacePolicy, or another (unknown) one that was sent. */
  field: string;
  message: string;
}

const LIMITS = {
  undoWindowMinutes: [0, 7 * 24 * 60],
  noTradeWithinHours: [0, 24 * 31],
  minimumShareHours: [0, 10_000],
  escalateOpenDaysBefore: [0, 366],
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function inRange(value: unknown, [min, max]: readonly [number, number]): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

/**
 * Checks a policy change (a partial policy merged over `base`) and lists every problem at once,
 * in Dutch. Unknown fields are problems too, so a typo does not pass silently.
 */
export function validatePolicy(input: unknown, base: MarketplacePolicy = DEFAULT_POLICY): { policy: MarketplacePolicy; problems: PolicyProblem[] } {
  const problems: PolicyProblem[] = [];
  if (!isRecord(input)) return { policy: { ...base }, problems: [{ field: 'policy', message: 'het beleid moet een object zijn' }] };
  const policy: MarketplacePolicy = { ...base };
  for (const [key, value] of Object.entries(input)) {
    switch (key) {
      case 'approval':
        if (value === ApprovalMode.Automatic || value === ApprovalMode.Planner) policy.approval = value;
        else problems.push({ field: key, message: "approval moet 'automatic' of 'planner' zijn" });
        break;
      case 'minimumShareHours':
        if (value === null || inRange(value, LIMITS.minimumShareHours)) policy.minimumShareHours = value;
        else problems.push({ field: key, message: `minimumShareHours moet null of een getal van ${LIMITS.minimumShareHours[0]} tot ${LIMITS.minimumShareHours[1]} zijn` });
        break;
      case 'undoWindowMinutes':
      case 'noTradeWithinHours':
      case 'escalateOpenDaysBefore':
        if (inRange(value, LIMITS[key]) && Number.isInteger(value)) policy[key] = value;
        else problems.push({ field: key, message: `${key} moet een geheel getal van ${LIMITS[key][0]} tot ${LIMITS[key][1]} zijn` });
        break;
      default:
        problems.push({ field: key, message: `onbekend veld ${key}` });
    }
  }
  return { policy, problems };
}

/** The policy in force: what is stored over the defaults; a field that is not valid keeps its default. */
export function resolvePolicy(stored: unknown): MarketplacePolicy {
  if (!isRecord(stored)) return { ...DEFAULT_POLICY };
  const policy: MarketplacePolicy = { ...DEFAULT_POLICY };
  for (const [key, value] of Object.entries(stored)) {
    const { policy: one, problems } = validatePolicy({ [key]: value }, policy);
    if (problems.length === 0) Object.assign(policy, one);
  }
  return policy;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Whether a trade of diensten starting at these instants needs a planner: by policy, or because one starts soon. */
export function needsApproval(policy: MarketplacePolicy, shiftStartsMs: readonly number[], nowMs: number): boolean {
  if (policy.approval === ApprovalMode.Planner) return true;
  return shiftStartsMs.some((start) => start - nowMs < policy.noTradeWithinHours * HOUR);
}

export enum UndoVerdict {
  Allowed = 'allowed',
  NotAllowed = 'not_allowed',
  WindowPassed = 'window_passed',
}

/** Whether a trade completed at `completedAtMs` may still be undone. */
export function undoVerdict(policy: MarketplacePolicy, completedAtMs: number, nowMs: number): UndoVerdict {
  if (policy.undoWindowMinutes <= 0) return UndoVerdict.NotAllowed;
  return nowMs - completedAtMs <= policy.undoWindowMinutes * MINUTE ? UndoVerdict.Allowed : UndoVerdict.WindowPassed;
}

/** Diensten starting before this instant (and after now) escalate when still open. */
export function escalationHorizonMs(policy: MarketplacePolicy, nowMs: number): number {
  return nowMs + policy.escalateOpenDaysBefore * DAY;
}

/** Whether giving diensten away takes a GP from `beforeHours` below the minimum share (moving up is always fine). */
export function dropsBelowMinimum(policy: MarketplacePolicy, beforeHours: number, afterHours: number): boolean {
  if (policy.minimumShareHours === null) return false;
  return afterHours < beforeHours - 1e-9 && afterHours < policy.minimumShareHours - 1e-9;
}
