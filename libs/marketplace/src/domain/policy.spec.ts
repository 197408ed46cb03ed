import { describe, expect, it } from '@jest/globals';
import { ApprovalMode, DEFAULT_POLICY, dropsBelowMinimum, escalationHorizonMs, needsApproval, resolvePolicy, undoVerdict, UndoVerdict, validatePolicy } from './policy.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 1, 12);

describe('marketplace policy', () => {
  it('fills what an HDS did not set with the defaults, and ignores stored garbage field by field', () => {
    expect(resolvePolicy({})).toEqual(DEFAULT_POLICY);
    expect(resolvePolicy(null)).toEqual(DEFAULT_POLICY);
    expect(resolvePolicy({ approval: 'planner', undoWindowMinutes: -5, noTradeWithinHours: 24, extra: true })).toEqual({
      ...DEFAULT_POLICY,
      approval: ApprovalMode.Planner,
      noTradeWithinHours: 24,
    });
  });

  it.each([
    [{ approval: 'sometimes' }, 'approval'],
    [{ undoWindowMinutes: 1.5 }, 'undoWindowMinutes'],
    [{ noTradeWithinHours: -1 }, 'noTradeWithinHours'],
    [{ minimumShareHours: 'veel' }, 'minimumShareHours'],
    [{ escalateOpenDaysBefore: 400 }, 'escalateOpenDaysBefore'],
    [{ approve: 'planner' }, 'approve'],
  ])('refuses %j naming %s', (input, field) => {
    const { problems } = validatePolicy(input);
    expect(problems.map((p) => p.field)).toEqual([field]);
    expect(problems[0].message).toMatch(/\S/);
  });

  it('lists every problem at once and merges a valid change over the current policy', () => {
    expect(validatePolicy({ approval: 'x', undoWindowMinutes: -1 }).problems).toHaveLength(2);
    const current = { ...DEFAULT_POLICY, approval: ApprovalMode.Planner };
    expect(validatePolicy({ minimumShareHours: 40 }, current).policy).toEqual({ ...current, minimumShareHours: 40 });
    expect(validatePolicy({ minimumShareHours: null }, { ...current, minimumShareHours: 40 }).policy.minimumShareHours).toBeNull();
  });

  it.each([
    ['automatic, a week ahead', ApprovalMode.Automatic, [NOW + 7 * 24 * HOUR], false],
    ['automatic, 47 h ahead', ApprovalMode.Automatic, [NOW + 47 * HOUR], true],
    ['automatic, exactly 48 h ahead', ApprovalMode.Automatic, [NOW + 48 * HOUR], false],
    ['automatic, a swap with one side soon', ApprovalMode.Automatic, [NOW + 30 * 24 * HOUR, NOW + 10 * HOUR], true],
    ['planner, a month ahead', ApprovalMode.Planner, [NOW + 30 * 24 * HOUR], true],
  ])('approval: %s', (_, approval, starts, expected) => {
    expect(needsApproval({ ...DEFAULT_POLICY, approval }, starts, NOW)).toBe(expected);
  });

  it('allows undo only inside the window, and never when the window is 0', () => {
    const policy = { ...DEFAULT_POLICY, undoWindowMinutes: 30 };
    expect(undoVerdict(policy, NOW, NOW + 30 * 60_000)).toBe(UndoVerdict.Allowed);
    expect(undoVerdict(policy, NOW, NOW + 31 * 60_000)).toBe(UndoVerdict.WindowPassed);
    expect(undoVerdict({ ...policy, undoWindowMinutes: 0 }, NOW, NOW)).toBe(UndoVerdict.NotAllowed);
  });

  it('escalates diensten starting within N days', () => {
    expect(escalationHorizonMs({ ...DEFAULT_POLICY, escalateOpenDaysBefore: 3 }, NOW)).toBe(NOW + 72 * HOUR);
  });

  it('keeps a GP at or above the minimum share when giving diensten away', () => {
    const policy = { ...DEFAULT_POLICY, minimumShareHours: 40 };
    expect(dropsBelowMinimum(policy, 48, 39)).toBe(true);
    expect(dropsBelowMinimum(policy, 48, 40)).toBe(false);
    // Already below and gaining hours: allowed.
    expect(dropsBelowMinimum(policy, 30, 35)).toBe(false);
    expect(dropsBelowMinimum(DEFAULT_POLICY, 48, 0)).toBe(false);
  });
});
