/**
 * Group commit in the application. Calls made while the database (or Redis) is busy with earlier ones are held
 * and then run together as one multi-row statement (or one script): one round trip and one commit for many jobs
 * instead of one each. An idle hub pays nothing. The call goes out on the next turn of the event loop, unless
 * `maxInFlight` batches are already running. Under load, batches grow until they keep up. On a 2-core machine
 * that shares PostgreSQL, round trips and commits are the cost (PERFORMANCE.md), not the rows.
 *
 * Given `keyOf`, a batch holds at most one call per key (e.g. a verification id), so that the statement's
 * guards decide each call on its own; a second call for the same key waits for the next batch. Without it, a
 * batch may hold several calls with the same input (the rate limiter counts them). If a batch fails, each of
 * its calls is run again alone, so that one bad call (a defect, a constraint it breaks) fails by itself and
 * does not take the calls that happened to travel with it down too.
 *
 * Given `lingerMs`, a call waits up to that long for company while calls overlap (one was made in the last
 * `OVERLAP_WINDOW_LINGERS` lingers while others waited or ran): a steady stream of requests that each come
 * alone (an open loop, not a burst) then shares statements and commits instead of paying one each, which
 * costs more than the wait (verification intake, docs/scaling.md). Calls that never overlap go on the next
 * turn: an idle hub's lone request, or a client that sends its next call when the last one is answered, whom
 * a wait would only slow down.
 */
const OVERLAP_WINDOW_LINGERS = 10;

export interface CoalescerOptions {
  maxBatch: number;
  maxInFlight: number;
  /** 0: never wait for company (the class comment says when a call does otherwise). */
  lingerMs: number;
}

const DEFAULT_OPTIONS: CoalescerOptions = { maxBatch: 500, maxInFlight: 2, lingerMs: 0 };

export class Coalescer<In, Out> {
  private pending: { input: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;
  private lastOverlapAt = -Infinity;
  private readonly options: CoalescerOptions;

  constructor(
    /** Runs one batch: one output per input, in the same order. */
    private readonly runBatch: (inputs: In[]) => Promise<Out[]>,
    private readonly keyOf: ((input: In) => string) | null,
    options: Partial<CoalescerOptions> = {},
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  call(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      this.schedule(this.overlapsOthers());
    });
  }

  /** Whether calls overlap lately (see lingerMs); notes this one if it does. */
  private overlapsOthers(): boolean {
    if (!this.options.lingerMs) return false;
    const now = performance.now();
    if (this.pending.length > 1 || this.inFlight) this.lastOverlapAt = now;
    return now - this.lastOverlapAt < OVERLAP_WINDOW_LINGERS * this.options.lingerMs;
  }

  private schedule(linger = false): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight || !this.pending.length) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.flush();
    };
    if (linger) setTimeout(go, this.options.lingerMs);
    else setImmediate(go);
  }

  private async flush(): Promise<void> {
    const batch = this.take();
    if (!batch.length) return;
    this.inFlight++;
    try {
      const outputs = await this.runBatch(batch.map((call) => call.input));
      batch.forEach((call, i) => call.resolve(outputs[i]));
    } catch (error) {
      if (batch.length === 1) batch[0].reject(error);
      else await Promise.all(batch.map((call) => this.runBatch([call.input]).then(([out]) => call.resolve(out), call.reject)));
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }

  /** The oldest pending calls, up to maxBatch (and one per key, given `keyOf`); the others stay pending, in order. */
  private take(): Coalescer<In, Out>['pending'] {
    if (!this.keyOf) return this.pending.splice(0, this.options.maxBatch);
    const keys = new Set<string>();
    const batch: Coalescer<In, Out>['pending'] = [];
    const rest: Coalescer<In, Out>['pending'] = [];
    for (const call of this.pending) {
      const key = this.keyOf(call.input);
      if (batch.length < this.options.maxBatch && !keys.has(key)) {
        keys.add(key);
        batch.push(call);
      } else {
        rest.push(call);
      }
    }
    this.pending = rest;
    return batch;
  }
}
