import { dataSourceOptions } from './data-source-options';

describe('dataSourceOptions', () => {
  const extra = (poolSize?: number) => dataSourceOptions('postgres://dxhub_app@127.0.0.1:5432/dxhub', poolSize).extra as Record<string, unknown>;

  it('keeps idle pooled connections for minutes, not pg’s 10 s, so a quiet spell does not empty the pools', () => {
    expect(extra().idleTimeoutMillis).toBeGreaterThanOrEqual(60_000);
  });

  it('sizes the pool as asked, 10 by default', () => {
    expect(extra().max).toBe(10);
    expect(extra(4).max).toBe(4);
  });
});
