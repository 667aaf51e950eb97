import { allowedSourcesOf, canTransition, isTerminal, TERMINAL_STATUSES } from './verification-status';

describe('verification state machine', () => {
  it('follows the documented happy paths', () => {
    expect(canTransition('queued', 'in_progress')).toBe(true);
    expect(canTransition('in_progress', 'completed')).toBe(true);
    expect(canTransition('in_progress', 'awaiting_federal')).toBe(true);
    expect(canTransition('awaiting_federal', 'completed')).toBe(true);
    expect(canTransition('failed', 'queued')).toBe(true);
  });

  it('never leaves a terminal status', () => {
    expect(TERMINAL_STATUSES).toEqual(['completed', 'cancelled']);
    expect(canTransition('completed', 'in_progress')).toBe(false);
    expect(canTransition('cancelled', 'queued')).toBe(false);
    expect(isTerminal('failed')).toBe(false);
  });

  it('does not move backwards', () => {
    expect(canTransition('in_progress', 'queued')).toBe(false);
    expect(canTransition('completed', 'failed')).toBe(false);
  });

  it('derives the guard of each transition', () => {
    expect(allowedSourcesOf('in_progress')).toEqual(['queued', 'in_progress']);
    expect(allowedSourcesOf('completed')).toEqual(['in_progress', 'awaiting_federal']);
    expect(allowedSourcesOf('failed')).toEqual(['queued', 'in_progress', 'awaiting_federal']);
    expect(allowedSourcesOf('cancelled')).toEqual(['queued', 'in_progress', 'awaiting_federal', 'failed']);
  });
});
