import { FakeClock } from '../testing/federal-hub-test-app';
import { RidpTransactions } from './ridp-transactions';
import { primaryMessage } from './ridp-test-messages';

const TTL = 15 * 60_000;
const primary = (ssn: string) => primaryMessage({ personSocialSecurityNumber: ssn }).ridpRequest.primaryRequest!;
const transaction = (hubReferenceNumber: string, sessionIdentification?: string) => ({
  hubReferenceNumber,
  ...(sessionIdentification ? { sessionIdentification } : {}),
  choiceCounts: [5, 5, 4],
  farsDecision: 'ACC' as const,
  surname: 'Silva',
});

describe('RidpTransactions', () => {
  let clock: FakeClock;
  let transactions: RidpTransactions;

  beforeEach(() => {
    clock = new FakeClock();
    transactions = new RidpTransactions(clock, TTL, 3);
  });

  it('gives the same request the same ids, another request others, in the RJ139 formats', () => {
    const ids = transactions.idsFor(primary('123456783'));
    expect(transactions.idsFor(primary('123456783'))).toEqual(ids);
    expect(transactions.idsFor(primary('123456784')).hubReferenceNumber).not.toBe(ids.hubReferenceNumber);
    expect(ids.hubReferenceNumber).toMatch(/^HRN[0-9A-F]{24}$/);
    expect(ids.sessionIdentification).toMatch(/^[a-zA-Z0-9# \-/.]{1,70}$/);
  });

  it('derives ids with a key of its own, so they are no plain hash of the SSN', () => {
    expect(new RidpTransactions(clock, TTL).idsFor(primary('123456783'))).not.toEqual(transactions.idsFor(primary('123456783')));
  });

  it('finds a session by its id and reference number only when both match', () => {
    transactions.issue(transaction('HRN1', 'S1'));
    transactions.issue(transaction('HRN2'));
    expect(transactions.session('S1', 'HRN1')).toMatchObject({ hubReferenceNumber: 'HRN1', issuedAt: clock.now() });
    expect(transactions.session('S1', 'HRN2')).toBeUndefined();
    expect(transactions.session('S2', 'HRN1')).toBeUndefined();
    expect(transactions.find('HRN2')).toMatchObject({ hubReferenceNumber: 'HRN2' });
  });

  it('expires a session exactly when its time to live has passed, and a re-issued one starts again', () => {
    transactions.issue(transaction('HRN1', 'S1'));
    clock.advance(TTL - 1);
    expect(transactions.expired(transactions.session('S1', 'HRN1')!)).toBe(false);
    clock.advance(1);
    expect(transactions.expired(transactions.session('S1', 'HRN1')!)).toBe(true);
    transactions.issue(transaction('HRN1', 'S1'));
    expect(transactions.expired(transactions.session('S1', 'HRN1')!)).toBe(false);
  });

  it('forgets the oldest transaction beyond its capacity, counting a re-issued one as new', () => {
    for (const reference of ['HRN1', 'HRN2', 'HRN3']) transactions.issue(transaction(reference));
    transactions.issue(transaction('HRN1'));
    transactions.issue(transaction('HRN4'));
    expect(transactions.find('HRN2')).toBeUndefined();
    expect(['HRN1', 'HRN3', 'HRN4'].map((reference) => transactions.find(reference)?.hubReferenceNumber)).toEqual(['HRN1', 'HRN3', 'HRN4']);
  });
});
