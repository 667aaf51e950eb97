// A circuit breaker per federal source. It trips on the failure rate of recent calls (only once there are
// enough of them, so one failing subject cannot stall a source), stays open for a cooldown during which
// calls are not made (their jobs wait, without spending an attempt), then lets one probe through: its
// success closes the circuit, its failure opens it again.
import { CallWindow } from './call-window';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitSettings {
  /** Calls in the window before the rate counts. */
  minCalls: number;
  /** Failure rate (0..1) that opens the circuit. */
  failureRate: number;
  /** How far back calls count. */
  windowMs: number;
  /** How long the circuit stays open before a probe. */
  openMs: number;
}

export const DEFAULT_CIRCUIT: CircuitSettings = { minCalls: 20, failureRate: 0.5, windowMs: 30_000, openMs: 15_000 };

export type CircuitDecision = { pass: true; probe: boolean } | { pass: false; retryInMs: number };

export class CircuitBreaker {
  /** The calls in the window and how many of them failed (kept, not recounted per call). */
  private readonly window = new CallWindow();
  private openedAt = 0;
  private probing = false;
  private current: CircuitState = 'closed';

  constructor(
    private readonly settings: CircuitSettings,
    private readonly now: () => number = Date.now,
    private readonly onChange: (state: CircuitState) => void = () => undefined,
  ) {}

  get state(): CircuitState {
    return this.current;
  }

  /** Whether a call may go out now; when not, how long until it is worth asking again. */
  decide(): CircuitDecision {
    if (this.current === 'closed') return { pass: true, probe: false };
    const remaining = this.openedAt + this.settings.openMs - this.now();
    if (this.current === 'open' && remaining <= 0) this.move('half_open');
    if (this.current === 'half_open' && !this.probing) {
      this.probing = true;
      return { pass: true, probe: true };
    }
    return { pass: false, retryInMs: Math.max(remaining, Math.ceil(this.settings.openMs / 10)) };
  }

  /** A probe that ended without a call (nothing to send after all): let the next one through. */
  releaseProbe(): void {
    this.probing = false;
  }

  /** The outcome of a call that went out (a transport failure, not a business "no"). */
  record(failed: boolean, probe: boolean): void {
    const now = this.now();
    if (probe || this.current === 'half_open') {
      this.probing = false;
      if (failed) this.open(now);
      else this.close();
      return;
    }
    if (this.current !== 'closed') return; // a late answer from before the circuit opened
    this.window.add(now, failed);
    this.window.forgetUpTo(now - this.settings.windowMs);
    const { calls, failures } = this.window;
    if (calls >= this.settings.minCalls && failures / calls >= this.settings.failureRate) this.open(now);
  }

  private open(now: number): void {
    this.openedAt = now;
    this.window.clear();
    this.move('open');
  }

  private close(): void {
    this.window.clear();
    this.move('closed');
  }

  private move(state: CircuitState): void {
    if (state === this.current) return;
    this.current = state;
    this.onChange(state);
  }
}
