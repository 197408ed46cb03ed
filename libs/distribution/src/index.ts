export { InstanceError, type DistributionErrorCode } from './distribution-error.js';
export {
  type Assignment,
  DEFAULT_RULES,
  type GpKind,
  type HistoryShift,
  INSTANCE_FORMAT,
  type Instance,
  type InstanceGp,
  type InstanceShift,
  RESULT_FORMAT,
  type Rules,
  type TimeInterval,
} from './instance.js';
export { parseInstance } from './parse-instance.js';
export { HardRule, type Violation } from './hard-rules.js';
export { type CandidateShift, type GpRuleContext, type RuleShift, checkAssignment } from './check-assignment.js';
export { validateRoster } from './validate-roster.js';
export { waterFill } from './fair-share.js';
export { solve } from './solver.js';
export { greedyBaseline } from './greedy-baseline.js';
export { lowerBound } from './lower-bound.js';
export { scoreRoster } from './report.js';
export {
  type GpReport,
  type RosterReport,
  type RosterResult,
  type Score,
  type ShortfallReason,
  type SolveOptions,
  type SolveProgress,
  type StopReason,
  type UnfilledPosition,
  compareScores,
} from './result.js';
