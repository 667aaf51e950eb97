import { CaseInitiations } from './vlp-case-initiations';

describe('CaseInitiations', () => {
  it('keeps the first initiation of a case: a retried call does not restart DHS work', () => {
    const initiations = new CaseInitiations();
    expect(initiations.when('A')).toBeUndefined();
    initiations.initiate('A', 1000);
    initiations.initiate('A', 5000);
    expect(initiations.when('A')).toBe(1000);
  });

  it('forgets the oldest case first once 100,000 are remembered', () => {
    const initiations = new CaseInitiations();
    for (let i = 0; i < 100_000; i++) initiations.initiate(`case-${i}`, i);
    initiations.initiate('newest', 1);
    expect(initiations.when('case-0')).toBeUndefined();
    expect(initiations.when('case-1')).toBe(1);
    expect(initiations.when('newest')).toBe(1);
  });
});
