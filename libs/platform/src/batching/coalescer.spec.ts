import { Coalescer } from './coalescer';

describe('Coalescer', () => {
  /** A batch runner that records each batch and answers with `out:<input>`; `gate` holds batches until released. */
  function recorder(gate?: Promise<void>) {
    const batches: string[][] = [];
    const run = async (inputs: string[]) => {
      batches.push([...inputs]);
      if (gate) await gate;
      return inputs.map((input) => `out:${input}`);
    };
    return { batches, run };
  }

  it('answers each call with its own output', async () => {
    const { run } = recorder();
    const coalescer = new Coalescer(run, (input: string) => input);
    await expect(Promise.all(['a', 'b', 'c'].map((input) => coalescer.call(input)))).resolves.toEqual(['out:a', 'out:b', 'out:c']);
  });

  it('runs the calls of one turn of the event loop as one batch', async () => {
    const { batches, run } = recorder();
    const coalescer = new Coalescer(run, (input: string) => input);
    await Promise.all(['a', 'b', 'c'].map((input) => coalescer.call(input)));
    expect(batches).toEqual([['a', 'b', 'c']]);
  });

  it('holds calls while maxInFlight batches run, then sends them together', async () => {
    let release!: () => void;
    const { batches, run } = recorder(new Promise<void>((resolve) => (release = resolve)));
    const coalescer = new Coalescer(run, (input: string) => input, { maxBatch: 100, maxInFlight: 1 });
    const first = coalescer.call('a');
    await new Promise((resolve) => setImmediate(resolve));
    const later = ['b', 'c', 'd'].map((input) => coalescer.call(input));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([['a']]);
    release();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('puts at most one call per key in a batch, and at most maxBatch calls', async () => {
    const { batches, run } = recorder();
    const coalescer = new Coalescer(run, (input: string) => input.split(':')[0], { maxBatch: 2, maxInFlight: 1 });
    const outputs = await Promise.all(['x:1', 'x:2', 'y:1', 'z:1'].map((input) => coalescer.call(input)));
    expect(outputs).toEqual(['out:x:1', 'out:x:2', 'out:y:1', 'out:z:1']);
    expect(batches).toEqual([['x:1', 'y:1'], ['x:2', 'z:1']]);
  });

  it('runs each call of a failed batch again alone, so that only the bad one fails', async () => {
    const batches: string[][] = [];
    const coalescer = new Coalescer(
      async (inputs: string[]) => {
        batches.push([...inputs]);
        if (inputs.includes('bad')) throw new Error('violates check constraint');
        return inputs.map((input) => `out:${input}`);
      },
      (input: string) => input,
    );
    const outcomes = await Promise.allSettled(['a', 'bad', 'c'].map((input) => coalescer.call(input)));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual(['out:a', 'violates check constraint', 'out:c']);
    expect(batches).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('fails every call when the database is down, and goes on with the next batch', async () => {
    let fail = true;
    const coalescer = new Coalescer(
      async (inputs: string[]) => {
        if (fail) throw new Error('connection lost');
        return inputs;
      },
      (input: string) => input,
    );
    const failed = await Promise.allSettled([coalescer.call('a'), coalescer.call('b')]);
    expect(failed.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect((failed[0] as PromiseRejectedResult).reason.message).toBe('connection lost');
    fail = false;
    await expect(coalescer.call('c')).resolves.toBe('c');
  });

  describe('with lingerMs', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    /** Lets the promise callbacks that a fake timer released run. */
    const settle = async () => {
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };

    it('sends a lone call on the next turn, without waiting', async () => {
      const { batches, run } = recorder();
      const coalescer = new Coalescer(run, (input: string) => input, { maxBatch: 100, maxInFlight: 2, lingerMs: 50 });
      const answer = coalescer.call('a');
      jest.advanceTimersByTime(0);
      expect(batches).toEqual([['a']]);
      await expect(answer).resolves.toBe('out:a');
    });

    it('never holds a caller that sends its next call when the last one is answered', async () => {
      const { batches, run } = recorder();
      const coalescer = new Coalescer(run, (input: string) => input, { maxBatch: 100, maxInFlight: 2, lingerMs: 50 });
      for (const input of ['a', 'b', 'c']) {
        const answer = coalescer.call(input);
        jest.advanceTimersByTime(0);
        await settle();
        await expect(answer).resolves.toBe(`out:${input}`);
        jest.advanceTimersByTime(1);
      }
      expect(batches).toEqual([['a'], ['b'], ['c']]);
    });

    it('holds calls that overlap others for lingerMs, and sends the ones that came meanwhile together', async () => {
      let release!: () => void;
      const { batches, run } = recorder(new Promise<void>((resolve) => (release = resolve)));
      const coalescer = new Coalescer(run, (input: string) => input, { maxBatch: 100, maxInFlight: 2, lingerMs: 50 });
      const first = coalescer.call('a');
      jest.advanceTimersByTime(0);
      jest.advanceTimersByTime(10);
      const later = [coalescer.call('b')]; // 'a' is still running: calls overlap
      jest.advanceTimersByTime(30);
      later.push(coalescer.call('c'));
      jest.advanceTimersByTime(19);
      expect(batches).toEqual([['a']]);
      jest.advanceTimersByTime(1);
      expect(batches).toEqual([['a'], ['b', 'c']]);
      release();
      await expect(Promise.all([first, ...later])).resolves.toEqual(['out:a', 'out:b', 'out:c']);
    });
  });
});
