import { chainerRestMs } from './audit-chainer.host';

describe('chainerRestMs', () => {
  const idle = 50;
  const batch = 5000;

  it('goes again at once after a full batch, and rests AUDIT_CHAIN_IDLE_MS after a partial one', () => {
    expect(chainerRestMs(batch, batch, 800, idle)).toBe(0);
    expect(chainerRestMs(1, batch, 800, idle)).toBe(idle);
    expect(chainerRestMs(4999, batch, 0, idle)).toBe(idle);
  });

  it('doubles its rest while it finds nothing, up to twenty times AUDIT_CHAIN_IDLE_MS', () => {
    const rests: number[] = [];
    let rest = chainerRestMs(10, batch, 0, idle);
    for (let look = 0; look < 7; look++) rests.push((rest = chainerRestMs(0, batch, rest, idle)));
    expect(rests).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('starts from AUDIT_CHAIN_IDLE_MS after a full batch, and is back to it as soon as events come', () => {
    expect(chainerRestMs(0, batch, 0, idle)).toBe(2 * idle);
    expect(chainerRestMs(3, batch, 1000, idle)).toBe(idle);
  });
});
