import { CallSlots } from './call-slots';

describe('CallSlots', () => {
  const later = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  };

  it('runs at most its size at once and the rest in the order they came, each as a slot frees', async () => {
    const slots = new CallSlots(2);
    const gates = [later(), later(), later(), later()];
    const started: number[] = [];
    const runs = gates.map((gate, i) => slots.run(async () => (started.push(i), await gate.promise, i)));
    await new Promise(setImmediate);
    expect(started).toEqual([0, 1]);
    gates[1].resolve();
    await new Promise(setImmediate);
    expect(started).toEqual([0, 1, 2]);
    gates[0].resolve();
    gates[2].resolve();
    gates[3].resolve();
    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3]);
  });

  it('frees the slot of a call that fails', async () => {
    const slots = new CallSlots(1);
    await expect(slots.run(async () => Promise.reject(new Error('no answer')))).rejects.toThrow('no answer');
    await expect(slots.run(async () => 'next')).resolves.toBe('next');
  });
});
