import { DuplicateResponses } from './duplicate-responses.service';
import { FaultStore } from './fault-store.service';

describe('DuplicateResponses', () => {
  const draws: number[] = [];
  const random = { next: () => draws.shift() ?? 0.99 };
  let store: FaultStore;
  let duplicates: DuplicateResponses;

  beforeEach(() => {
    store = new FaultStore();
    duplicates = new DuplicateResponses(store, random);
    draws.length = 0;
  });

  it('delivers each fresh answer when no duplicateRate is set', () => {
    expect(duplicates.deliver('ssa', 'ssa-composite', { messageId: 'a', body: { n: 1 } })).toEqual({ messageId: 'a', body: { n: 1 } });
    expect(duplicates.deliver('ssa', 'ssa-composite', { messageId: 'b', body: { n: 2 } })).toEqual({ messageId: 'b', body: { n: 2 } });
  });

  it('delivers the earlier answer of the same service again, with its messageID, at the configured rate', () => {
    store.replace({ ssa: { duplicateRate: 0.5 } });
    duplicates.deliver('ssa', 'ssa-composite', { messageId: 'a', body: { n: 1 } });
    draws.push(0.2);
    expect(duplicates.deliver('ssa', 'ssa-composite', { messageId: 'b', body: { n: 2 } })).toEqual({ messageId: 'a', body: { n: 1 } });
    draws.push(0.7);
    expect(duplicates.deliver('ssa', 'ssa-composite', { messageId: 'c', body: { n: 3 } })).toEqual({ messageId: 'c', body: { n: 3 } });
  });

  it('never repeats an answer of another service, and forgets everything on reset', () => {
    store.replace({ '*': { duplicateRate: 1 } });
    expect(duplicates.deliver('irs', 'ifsv', { messageId: 'a', body: {} }).messageId).toBe('a');
    expect(duplicates.deliver('equifax', 'vci', { messageId: 'b', body: {} }).messageId).toBe('b');
    duplicates.reset();
    expect(duplicates.deliver('irs', 'ifsv', { messageId: 'c', body: {} }).messageId).toBe('c');
  });
});
