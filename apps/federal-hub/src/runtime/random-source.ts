import { Provider } from '@nestjs/common';

/** Uniform numbers in [0, 1) behind the chaos faults; injectable so tests are deterministic. */
export interface RandomSource {
  next(): number;
}

export const RANDOM_SOURCE = Symbol('RANDOM_SOURCE');

export const randomSourceProvider: Provider = { provide: RANDOM_SOURCE, useValue: { next: () => Math.random() } satisfies RandomSource };
