import { Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { FEDERAL_HUB_CONFIG, FederalHubConfig, loadFederalHubConfig } from '../federal-hub.config';
import { FederalHubModule } from '../federal-hub.module';
import { CLOCK, Clock } from '../runtime/clock';
import { RANDOM_SOURCE, RandomSource } from '../runtime/random-source';
import { callHub, issueToken } from './hub-calls';

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

/** The app of a describe block: set in its `beforeAll`, so read it in tests and hooks only. */
export interface TestApp {
  readonly app: NestFastifyApplication;
}

/** Registers the hooks that create the block's app before its tests and close it after them. */
export function useTestApp(options: TestAppOptions = {}): TestApp {
  const block: { app?: NestFastifyApplication } = {};
  beforeAll(async () => {
    block.app = await createFederalHubTestApp(options);
  });
  afterAll(() => block.app?.close());
  return block as TestApp;
}

/** A block's app on a fake clock, calling the Hub as a state would (see `useHubTestApp`). */
export class HubTestApp {
  /** Issued before each test; a test that moves the clock past its lifetime issues another. */
  token: string;

  constructor(
    readonly clock: FakeClock,
    private readonly block: TestApp,
  ) {}

  get app(): NestFastifyApplication {
    return this.block.app;
  }

  /** `POST /hub/<service>` with this test's token and valid headers. */
  call(service: string, payload: unknown) {
    return callHub(this.app, service, { token: this.token, payload });
  }

  putFaults(faults: object) {
    return this.app.inject({ method: 'PUT', url: '/admin/faults', payload: faults });
  }

  reset() {
    return this.app.inject({ method: 'POST', url: '/admin/reset' });
  }
}

/**
 * Registers the hooks of a block calling `/hub`: its app on a fake clock, and before each test no faults,
 * no lastName trigger counts, no recorded sleeps and a fresh token (an earlier test may have moved the
 * clock past the last one's lifetime).
 */
export function useHubTestApp(options: Omit<TestAppOptions, 'clock'> = {}): HubTestApp {
  const clock = new FakeClock();
  const hub = new HubTestApp(clock, useTestApp({ ...options, clock }));
  beforeEach(async () => {
    clock.sleeps.length = 0;
    const reset = await hub.reset();
    if (reset.statusCode !== 204) throw new Error(`POST /admin/reset answered ${reset.statusCode}`);
    hub.token = await issueToken(hub.app);
  });
  return hub;
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
