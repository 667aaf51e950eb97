import { boundedMemo } from './bounded-memo';

describe('boundedMemo', () => {
  it('computes each key once, and starts over past its bound', () => {
    const computed: string[] = [];
    const upper = boundedMemo((key) => (computed.push(key), key.toUpperCase()), 2);
    expect([upper('a'), upper('a'), upper('b'), upper('b')]).toEqual(['A', 'A', 'B', 'B']);
    expect(computed).toEqual(['a', 'b']);
    expect(upper('c')).toBe('C'); // the third key: the memory is cleared, then holds c
    expect(upper('a')).toBe('A');
    expect(computed).toEqual(['a', 'b', 'c', 'a']);
  });
});
