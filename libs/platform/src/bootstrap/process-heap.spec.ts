import { DEFAULT_HEAP_LIMIT_MB, heapLimitArgs } from './process-heap';

describe('heapLimitArgs', () => {
  it('caps the old space at the default, or at HEAP_LIMIT_MB', () => {
    expect(heapLimitArgs({})).toEqual([`--max-old-space-size=${DEFAULT_HEAP_LIMIT_MB}`]);
    expect(heapLimitArgs({ HEAP_LIMIT_MB: '256' })).toEqual(['--max-old-space-size=256']);
  });

  it('leaves a cap set in NODE_OPTIONS alone', () => {
    expect(heapLimitArgs({ NODE_OPTIONS: '--max-old-space-size=512' })).toEqual([]);
  });

  it('refuses a value that is not a sensible number of megabytes', () => {
    expect(() => heapLimitArgs({ HEAP_LIMIT_MB: 'lots' })).toThrow(/HEAP_LIMIT_MB/);
    expect(() => heapLimitArgs({ HEAP_LIMIT_MB: '16' })).toThrow(/at least 64/);
  });
});
