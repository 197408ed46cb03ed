export { InstanceError, type DistributionErrorCode } from './distribution-error.js';
export {
  type Assignment,
  DEFAULT_RULES,
  type GpKind,
  type GpLimits,
  type HistoryShift,
  INSTANCE_FORMAT,
  INSTANCE_FORMAT_1_1,
  type Instance,
  type InstanceFormat,
  type InstanceGp,
  type InstanceShift,
  LIMIT_KINDS,
  type LimitKind,
  type Preference,
  type PreferenceKind,
  RESULT_FORMAT,
  RESULT_FORMAT_1_1,
  type ResultFormat,
  type Rules,
  type TimeInterval,
} from './instance.js';
export { parseInstance } from './parse-instance.js';
export { HardRule, type Violation } from './hard-rules.js';
export { type CandidateShift, type GpRuleContext, type LimitContext, type RuleShift, checkAssignment } from './check-assignment.js';
export { validateRoster } from './validate-roster.js';
export { waterFill } from './fair-share.js';
export { solve } from './solver.js';
export { greedyBaseline } from './greedy-baseline.js';
export { lowerBound } from './lower-bound.js';
export { preferenceCounts, preferenceScore, scoreRoster } from './report.js';
export {
  type GpReport,
  type PreferenceCounts,
  type RosterReport,
  type RosterResult,
  type Score,
  type ShortfallReason,
  type SolveOptions,
  type SolveProgress,
  type StopReason,
  type UnfilledPosition,
  compareScores,
  thirdLevel,
} from './result.js';
