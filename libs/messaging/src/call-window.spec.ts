import { CallWindow } from './call-window';

describe('CallWindow', () => {
  it('counts calls and failures, and forgets those at or before the cutoff', () => {
    const window = new CallWindow();
    window.add(1, false);
    window.add(2, true);
    window.add(3, true);
    expect([window.calls, window.failures]).toEqual([3, 2]);

    window.forgetUpTo(2);
    expect([window.calls, window.failures]).toEqual([1, 1]);
    window.forgetUpTo(3);
    expect([window.calls, window.failures]).toEqual([0, 0]);
  });

  it('keeps the order of its calls when it grows after wrapping around', () => {
    const window = new CallWindow();
    let at = 0;
    // Fill past the first capacity while forgetting from the front, so the ring wraps before it grows.
    for (; at < 50; at++) window.add(at, false);
    window.forgetUpTo(39);
    for (; at < 300; at++) window.add(at, at % 3 === 0);
    expect(window.calls).toBe(260);
    // 40..49 succeeded; of 50..299, every third failed.
    expect(window.failures).toBe(Array.from({ length: 250 }, (_, i) => i + 50).filter((n) => n % 3 === 0).length);

    // Oldest first: forgetting up to 99 leaves exactly the calls made at 100..299.
    window.forgetUpTo(99);
    expect(window.calls).toBe(200);
    expect(window.failures).toBe(Array.from({ length: 200 }, (_, i) => i + 100).filter((n) => n % 3 === 0).length);
  });

  it('starts empty again when cleared', () => {
    const window = new CallWindow();
    for (let at = 0; at < 100; at++) window.add(at, true);
    window.clear();
    expect([window.calls, window.failures]).toEqual([0, 0]);
    window.add(200, true);
    window.forgetUpTo(150);
    expect([window.calls, window.failures]).toEqual([1, 1]);
  });
});
