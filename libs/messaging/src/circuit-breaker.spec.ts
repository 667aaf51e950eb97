import { CircuitBreaker, CircuitSettings } from './circuit-breaker';

const settings: CircuitSettings = { minCalls: 4, failureRate: 0.5, windowMs: 10_000, openMs: 1000 };

describe('CircuitBreaker', () => {
  let time = 0;
  const changes: string[] = [];
  const breaker = () => new CircuitBreaker(settings, () => time, (s) => changes.push(s));
  beforeEach(() => {
    time = 0;
    changes.length = 0;
  });

  it('stays closed under the minimum number of calls, whatever fails', () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.record(true, false);
    expect(b.state).toBe('closed');
    expect(b.decide()).toEqual({ pass: true, probe: false });
  });

  it('opens at the failure rate, refuses calls while open, then lets one probe through', () => {
    const b = breaker();
    b.record(false, false);
    b.record(true, false);
    b.record(false, false);
    b.record(true, false);
    expect(b.state).toBe('open');
    expect(b.decide()).toEqual({ pass: false, retryInMs: 1000 });
    time = 1000;
    expect(b.decide()).toEqual({ pass: true, probe: true });
    expect(b.state).toBe('half_open');
    expect(b.decide()).toMatchObject({ pass: false });
  });

  it('closes after a successful probe and opens again after a failed one', () => {
    const b = breaker();
    for (let i = 0; i < 4; i++) b.record(true, false);
    time = 1000;
    b.decide();
    b.record(true, true);
    expect(b.state).toBe('open');
    time = 2000;
    expect(b.decide()).toEqual({ pass: true, probe: true });
    b.record(false, true);
    expect(b.state).toBe('closed');
    expect(changes).toEqual(['open', 'half_open', 'open', 'half_open', 'closed']);
  });

  it('forgets calls older than the window', () => {
    const b = breaker();
    b.record(true, false);
    b.record(true, false);
    time = 20_000;
    b.record(false, false);
    b.record(false, false);
    b.record(true, false);
    expect(b.state).toBe('closed');
  });
});
