import { testSsn } from '@dxhub/testing';

// Request bodies a state developer would build from GET /v1/services and docs/test-subjects.md, shared by the
// end-to-end tests that need one of each service.

export const person = (ssn: string, lastName = 'Silva') => ({ ssn, firstName: 'Ana', lastName, dateOfBirth: '1980-02-29' });
export const coverage = (ssn: string, lastName = 'Silva') => ({
  subject: { ...person(ssn, lastName), state: 'MA' },
  coveragePeriod: { startDate: '2026-01-01', endDate: '2026-12-31' },
});
const alienNumber = (lastDigit: number) => `A${String(10000000 + Math.floor(Math.random() * 89999999)).slice(0, 8)}${lastDigit}`;

/** A first-step request of each service whose answer depends on `digit`. */
export const firstSteps: Record<string, (digit: number, lastName?: string) => Record<string, unknown>> = {
  'ssa-composite': (d, lastName) => ({ subject: person(testSsn(d), lastName), options: { citizenship: true } }),
  ifsv: (d, lastName) => ({ household: [{ role: 'PRIMARY', ssn: testSsn(d), firstName: 'Ana', lastName: lastName ?? 'Silva' }] }),
  vci: (d, lastName) => ({ subject: person(testSsn(d), lastName) }),
  'esi-mec': (d, lastName) => coverage(testSsn(d), lastName),
  'non-esi-mec': (d, lastName) => coverage(testSsn(d), lastName),
  'ridp-primary': (d, lastName) => ({
    subject: { ...person(testSsn(d), lastName), address: { street: '12 Main St', city: 'Boston', state: 'MA', zipCode: '02101' }, phone: '617-555-0100' },
  }),
  'vlp-step1': (d, lastName) => ({
    subject: { firstName: 'Ana', lastName: lastName ?? 'Silva', dateOfBirth: '1980-02-29', document: { i551: { alienNumber: alienNumber(d), receiptNumber: 'EAC1234567890', docExpirationDate: '2030-01-31' } } },
  }),
};

