import type { AnwCategory } from '@anw/time';

export const INSTANCE_FORMAT = 'anw-roster-instance/1';
export const RESULT_FORMAT = 'anw-roster-result/1';
/** Version 1.1: per-GP preferences and limits (hard rule 8). */
export const INSTANCE_FORMAT_1_1 = 'anw-roster-instance/1.1';
export const RESULT_FORMAT_1_1 = 'anw-roster-result/1.1';
export type InstanceFormat = typeof INSTANCE_FORMAT | typeof INSTANCE_FORMAT_1_1;
export type ResultFormat = typeof RESULT_FORMAT | typeof RESULT_FORMAT_1_1;

/** The hard rules' parameters (instance format v1, `rules`). */
export interface Rules {
  /** 'HH:mm': where avond starts on working days */
  eveningStart: string;
  minRestHours: number;
  minRestAfterNightHours: number;
  nightRunLength: number;
  restAfterNightRunHours: number;
  maxConsecutiveNights: number;
  maxNightsPerWindow: { nights: number; days: number };
}

export const DEFAULT_RULES: Readonly<Rules> = Object.freeze({
  eveningStart: '17:00',
  minRestHours: 11,
  minRestAfterNightHours: 14,
  nightRunLength: 3,
  restAfterNightRunHours: 46,
  maxConsecutiveNights: 3,
  maxNightsPerWindow: Object.freeze({ nights: 36, days: 112 }),
});

export type GpKind = 'practiceHolder' | 'employed' | 'locum';

/** A local interval as given, with its instants (UTC epoch ms). */
export interface TimeInterval {
  start: string;
  end: string;
  startMs: number;
  endMs: number;
}

export type PreferenceKind = 'want' | 'avoid';

/** A wish (version 1.1): a shift matches it when it overlaps the interval. */
export interface Preference extends TimeInterval {
  kind: PreferenceKind;
  /** 1–3 */
  weight: number;
}

/** The kinds of shift a GP's limits count (hard rule 8). */
export const LIMIT_KINDS = ['night', 'weekend', 'holiday', 'evening', 'total'] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];
/** The most shifts of each kind in the period, fixed ones included; a missing key has no limit. */
export type GpLimits = Partial<Record<LimitKind, number>>;

export interface InstanceGp {
  id: string;
  kind?: GpKind;
  weight: number;
  qualifications: string[];
  unavailable: TimeInterval[];
  noNights: boolean;
  balanceHours: Record<AnwCategory, number>;
  /** version 1.1 only */
  preferences?: Preference[];
  /** version 1.1 only */
  limits?: GpLimits;
}

export interface InstanceShift extends TimeInterval {
  id: string;
  post: string;
  role: string;
  required: number;
  fixed: string[];
}

export interface HistoryShift extends TimeInterval {
  gp: string;
}

/** A validated roster instance with every default filled in and every local time resolved. */
export interface Instance {
  format: InstanceFormat;
  timezone: string;
  /** inclusive dates 'YYYY-MM-DD' */
  period: { start: string; end: string };
  rules: Rules;
  holidays: string[];
  gps: InstanceGp[];
  shifts: InstanceShift[];
  history: HistoryShift[];
}

export interface Assignment {
  shift: string;
  gp: string;
}
