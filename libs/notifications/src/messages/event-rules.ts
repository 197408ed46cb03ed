/** The groups a GP can switch on or off in their preferences. */
export enum NotificationKind {
  Roster = 'roster',
  Assignment = 'assignment',
  Swap = 'swap',
  Offer = 'offer',
  Claim = 'claim',
  OpenShift = 'open_shift',
  Reminder = 'reminder',
}

export const ALL_KINDS: readonly NotificationKind[] = Object.values(NotificationKind);

/** Who receives the people-facing message of an event. */
export enum Audience {
  /** Every GP of the HDS active in the period, one digest each. */
  PeriodDigest = 'period_digest',
  /** payload.gpId */
  Gp = 'gp',
  /** payload.gpIds */
  Gps = 'gps',
  /** payload.fromGpId (who proposed or offered) */
  FromGp = 'from_gp',
  /** payload.toGpId (who is asked) */
  ToGp = 'to_gp',
  /** payload.gpIds when given, else every GP qualified for the dienst except payload.fromGpId */
  OfferCandidates = 'offer_candidates',
  /** The planners of the HDS (their user accounts). */
  Planners = 'planners',
}

export enum ReminderReplan {
  None = 'none',
  Named = 'named',
  All = 'all',
}

export interface EventRule {
  kind: NotificationKind;
  audience: Audience;
  /** Roster edits notify people only once the period was published (drafts change all day). */
  publishedOnly: boolean;
  /**
   * Reminders to re-plan: `named` for the GPs the event names on its diensten (someone added,
   * removed, traded), `all` for everyone on them (the dienst itself moved or went), or none.
   */
  replanReminders: ReminderReplan;
}

/**
 * Event type → message. Types not listed (shift.added, period.generated, distribution.completed,
 * whatever a later capability emits) reach the HDS's webhook only; nothing fails on them.
 */
export const EVENT_RULES: Readonly<Record<string, EventRule>> = Object.freeze({
  'roster.published': { kind: NotificationKind.Roster, audience: Audience.PeriodDigest, publishedOnly: false, replanReminders: ReminderReplan.None },
  'assignment.added': { kind: NotificationKind.Assignment, audience: Audience.Gp, publishedOnly: true, replanReminders: ReminderReplan.Named },
  'assignment.moved': { kind: NotificationKind.Assignment, audience: Audience.Gp, publishedOnly: true, replanReminders: ReminderReplan.Named },
  'assignment.removed': { kind: NotificationKind.Assignment, audience: Audience.Gp, publishedOnly: true, replanReminders: ReminderReplan.Named },
  'shift.changed': { kind: NotificationKind.Assignment, audience: Audience.Gps, publishedOnly: true, replanReminders: ReminderReplan.All },
  'shift.removed': { kind: NotificationKind.Assignment, audience: Audience.Gps, publishedOnly: true, replanReminders: ReminderReplan.All },
  'swap.proposed': { kind: NotificationKind.Swap, audience: Audience.ToGp, publishedOnly: false, replanReminders: ReminderReplan.None },
  'swap.accepted': { kind: NotificationKind.Swap, audience: Audience.FromGp, publishedOnly: false, replanReminders: ReminderReplan.Named },
  'swap.declined': { kind: NotificationKind.Swap, audience: Audience.FromGp, publishedOnly: false, replanReminders: ReminderReplan.None },
  'swap.approved': { kind: NotificationKind.Swap, audience: Audience.Gps, publishedOnly: false, replanReminders: ReminderReplan.Named },
  'swap.refused': { kind: NotificationKind.Swap, audience: Audience.Gps, publishedOnly: false, replanReminders: ReminderReplan.None },
  'trade.undone': { kind: NotificationKind.Swap, audience: Audience.Gps, publishedOnly: false, replanReminders: ReminderReplan.Named },
  'offer.created': { kind: NotificationKind.Offer, audience: Audience.OfferCandidates, publishedOnly: false, replanReminders: ReminderReplan.None },
  'claim.won': { kind: NotificationKind.Claim, audience: Audience.Gp, publishedOnly: false, replanReminders: ReminderReplan.Named },
  'claim.lost': { kind: NotificationKind.Claim, audience: Audience.Gp, publishedOnly: false, replanReminders: ReminderReplan.None },
  'claim.approved': { kind: NotificationKind.Claim, audience: Audience.Gp, publishedOnly: false, replanReminders: ReminderReplan.Named },
  'claim.refused': { kind: NotificationKind.Claim, audience: Audience.Gp, publishedOnly: false, replanReminders: ReminderReplan.None },
  'shift.still_open': { kind: NotificationKind.OpenShift, audience: Audience.Planners, publishedOnly: false, replanReminders: ReminderReplan.None },
});

/** Events the pipeline itself emits; they are handled, never sent to webhooks. */
export const INTERNAL_EVENT_PREFIX = 'notification.';

export enum InternalEvent {
  /** An hds-admin retried a dead letter: payload { deliveryId, round }. */
  Retry = 'notification.retry',
  /** A GP changed their preferences: payload { gpId } (reminders follow the new lead time). */
  PreferencesChanged = 'notification.preferences_changed',
}

export function ruleFor(type: string): EventRule | undefined {
  return Object.hasOwn(EVENT_RULES, type) ? EVENT_RULES[type] : undefined;
}

/** The ids of the diensten and GPs an event names, whatever the emitter called the fields. */
export function referencedIds(payload: Record<string, unknown>): { shiftIds: string[]; gpIds: string[] } {
  const strings = (...values: unknown[]): string[] =>
    values.flatMap((v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []));
  return {
    shiftIds: [...new Set(strings(payload.shiftId, payload.fromShiftId, payload.otherShiftId, payload.toShiftId, payload.shiftIds))],
    gpIds: [...new Set(strings(payload.gpId, payload.gpIds, payload.fromGpId, payload.toGpId))],
  };
}
