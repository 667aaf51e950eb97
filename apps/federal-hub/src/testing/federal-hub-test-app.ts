import { Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { FEDERAL_HUB_CONFIG, FederalHubConfig, loadFederalHubConfig } from '../federal-hub.config';
import { FederalHubModule } from '../federal-hub.module';
import { CLOCK, Clock } from '../runtime/clock';
import { RANDOM_SOURCE, RandomSource } from '../runtime/random-source';

export interface TestAppOptions {
  config?: Partial<FederalHubConfig>;
  clock?: Clock;
  random?: RandomSource;
}

/**
 * The simulator on Fastify, for `app.inject()`, with providers replaced by test doubles: a
 * provider given again in a dynamic module's metadata takes the place of the decorator's one.
 */
export async function createFederalHubTestApp(options: TestAppOptions = {}): Promise<NestFastifyApplication> {
  const overrides: Provider[] = [{ provide: FEDERAL_HUB_CONFIG, useValue: { ...loadFederalHubConfig({}), ...options.config } }];
  if (options.clock) overrides.push({ provide: CLOCK, useValue: options.clock });
  if (options.random) overrides.push({ provide: RANDOM_SOURCE, useValue: options.random });
  const app = await NestFactory.create<NestFastifyApplication>({ module: FederalHubModule, providers: overrides }, new FastifyAdapter(), {
    logger: false,
    abortOnError: false, // a failing test should report its error, not exit the worker
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** Time that only moves when told to; sleeps are recorded and return at once. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(private time = Date.UTC(2025, 0, 1)) {}

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}

/** Plays the numbers queued with `play()` in order, then `fallback`. */
export class ScriptedRandom implements RandomSource {
  private readonly queued: number[] = [];

  constructor(private readonly fallback = 0.5) {}

  play(...values: number[]): void {
    this.queued.push(...values);
  }

  next(): number {
    return this.queued.shift() ?? this.fallback;
  }
}
