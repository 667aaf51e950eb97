import { randomInt } from 'node:crypto';
import { testSsn } from '@dxhub/testing';

// Valid first-step bodies of every synchronous service (as in test/catalogue.e2e-spec.ts), with ordinary
// surnames: no simulator trigger, so every failure in the run comes from the injected faults.

export const CHAOS_SERVICES = ['ssa-composite', 'vci', 'esi-mec', 'non-esi-mec', 'ifsv', 'vlp-step1', 'ridp-primary'] as const;

const SURNAMES = ['Silva', 'Costa', 'Moreau', 'Okafor', 'Nguyen', 'Kowalski', 'Haddad', 'Lindqvist'];

const person = (ssn: string, lastName: string) => ({ ssn, firstName: 'Ana', lastName, dateOfBirth: '1980-02-29' });
const coverage = (ssn: string, lastName: string) => ({
  subject: { ...person(ssn, lastName), state: 'MA' },
  coveragePeriod: { startDate: '2026-01-01', endDate: '2026-12-31' },
});
const alienNumber = (lastDigit: number) => `A${String(randomInt(10_000_000, 99_999_999))}${lastDigit}`;

const bodies: Record<(typeof CHAOS_SERVICES)[number], (digit: number, lastName: string) => Record<string, unknown>> = {
  'ssa-composite': (d, lastName) => ({ subject: person(testSsn(d), lastName), options: { citizenship: true } }),
  vci: (d, lastName) => ({ subject: person(testSsn(d), lastName) }),
  'esi-mec': (d, lastName) => coverage(testSsn(d), lastName),
  'non-esi-mec': (d, lastName) => coverage(testSsn(d), lastName),
  ifsv: (d, lastName) => ({ household: [{ role: 'PRIMARY', ssn: testSsn(d), firstName: 'Ana', lastName }] }),
  'vlp-step1': (d, lastName) => ({
    subject: { firstName: 'Ana', lastName, dateOfBirth: '1980-02-29', document: { i551: { alienNumber: alienNumber(d), receiptNumber: 'EAC1234567890', docExpirationDate: '2030-01-31' } } },
  }),
  'ridp-primary': (d, lastName) => ({
    subject: { ...person(testSsn(d), lastName), address: { street: '12 Main St', city: 'Boston', state: 'MA', zipCode: '02101' }, phone: '617-555-0100' },
  }),
};

/** The n-th request of the run: services in turn, outcomes (the SSN's last digit) at random. */
export function chaosRequest(n: number): Record<string, unknown> {
  const service = CHAOS_SERVICES[n % CHAOS_SERVICES.length];
  // IFSV's digit 8 is IRS's systemic error on every call (docs/test-subjects.md): a failure no re-drive can
  // fix, so it stays out of a run whose failures must all come from the faults.
  let digit = randomInt(0, 10);
  if (service === 'ifsv' && digit === 8) digit = 0;
  return { service, ...bodies[service](digit, SURNAMES[n % SURNAMES.length]), reference: `chaos-${n}` };
}
