import { backoffDelay, classifyFederalFailure, pollDelay, RETRY_POLICIES } from './retry-policy';

describe('retry policy', () => {
  it('classifies federal failures', () => {
    expect(classifyFederalFailure({ httpStatus: null, responseCode: null })).toBe('retryable');
    expect(classifyFederalFailure({ httpStatus: 500, responseCode: 'HX009000' })).toBe('retryable');
    expect(classifyFederalFailure({ httpStatus: 503, responseCode: null })).toBe('retryable');
    expect(classifyFederalFailure({ httpStatus: 429, responseCode: null })).toBe('retryable');
    expect(classifyFederalFailure({ httpStatus: 400, responseCode: 'HE007000' })).toBe('permanent');
    expect(classifyFederalFailure({ httpStatus: 404, responseCode: null })).toBe('permanent');
    expect(classifyFederalFailure({ httpStatus: 500, responseCode: 'HE020004' })).toBe('permanent');
    // IRS's systemic error: an HE code that is a system failure, to be retried.
    expect(classifyFederalFailure({ httpStatus: 500, responseCode: 'HE020001' })).toBe('retryable');
  });

  it('backs off exponentially with full jitter, capped', () => {
    const policy = RETRY_POLICIES.ssa;
    expect(backoffDelay(policy, 1, () => 0.999)).toBe(999);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(2000);
    expect(backoffDelay(policy, 30, () => 0.999)).toBeLessThanOrEqual(policy.maxDelayMs);
    expect(backoffDelay(policy, 4, () => 0)).toBe(0);
  });

  it('waits longer before each poll of an asynchronous answer, up to a cap', () => {
    expect(pollDelay(2000, 1)).toBe(2000);
    expect(pollDelay(2000, 2)).toBe(3000);
    expect(pollDelay(2000, 3)).toBe(4500);
    expect(pollDelay(2000, 100)).toBe(15 * 60_000);
  });
});
