import { Provider } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';

/** Time as the simulator sees it: injectable so tests control token expiry, rate limits and hangs. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => (ms > 0 ? delay(ms) : Promise.resolve()),
};

export const clockProvider: Provider = { provide: CLOCK, useValue: systemClock };
