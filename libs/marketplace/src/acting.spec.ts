import { describe, expect, it } from '@jest/globals';
import { assertParty, resolveActing } from './acting.js';
import { MarketplaceErrorCode } from './marketplace.errors.js';

const ME = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe(resolveActing.name, () => {
  it('lets a GP act as themselves only', () => {
    expect(resolveActing({ gpId: ME, planner: false })).toEqual({ gpId: ME, onBehalf: false, reason: null });
    expect(resolveActing({ gpId: ME, planner: false }, ME, '  ')).toEqual({ gpId: ME, onBehalf: false, reason: null });
    expect(codeOf(() => resolveActing({ gpId: ME, planner: false }, OTHER, 'graag'))).toBe(MarketplaceErrorCode.NotYourGpRecord);
    expect(codeOf(() => resolveActing({ gpId: null, planner: false }))).toBe(MarketplaceErrorCode.NotAGp);
  });

  it('lets a planner act for a GP, with a reason', () => {
    expect(resolveActing({ gpId: null, planner: true }, OTHER, 'belde de post')).toEqual({ gpId: OTHER, onBehalf: true, reason: 'belde de post' });
    expect(codeOf(() => resolveActing({ gpId: null, planner: true }, OTHER))).toBe(MarketplaceErrorCode.OnBehalfReasonRequired);
    expect(codeOf(() => resolveActing({ gpId: null, planner: true }))).toBe(MarketplaceErrorCode.GpRequired);
  });
});

describe(assertParty.name, () => {
  it('admits the parties of a trade, and planners with a reason', () => {
    expect(assertParty({ gpId: ME, planner: false }, [OTHER, ME]).onBehalf).toBe(false);
    expect(codeOf(() => assertParty({ gpId: ME, planner: false }, [OTHER]))).toBe(MarketplaceErrorCode.NotYourTrade);
    expect(assertParty({ gpId: null, planner: true }, [OTHER], 'ziek')).toEqual({ gpId: OTHER, onBehalf: true, reason: 'ziek' });
    expect(codeOf(() => assertParty({ gpId: null, planner: true }, [OTHER]))).toBe(MarketplaceErrorCode.OnBehalfReasonRequired);
  });
});
