import { randomInt } from 'node:crypto';

/**
 * A fresh valid SSN ending in `lastDigit` (the simulator's outcome rule). Random areas keep tests
 * independent: the simulator's per-SSN counters (Transient, Slow) never collide between tests.
 */
export function testSsn(lastDigit: number, dashed = true): string {
  if (!Number.isInteger(lastDigit) || lastDigit < 0 || lastDigit > 9) throw new Error(`testSsn takes a last digit 0-9, not ${lastDigit}`);
  let area = randomInt(1, 900);
  if (area === 666) area = 667;
  const group = randomInt(1, 100);
  const serial = randomInt(1, 1000) * 10 + lastDigit; // 10..9999: never the invalid 0000
  const parts = [String(area).padStart(3, '0'), String(group).padStart(2, '0'), String(serial).padStart(4, '0')];
  return dashed ? parts.join('-') : parts.join('');
}

export function ssaRequest<E extends Record<string, unknown>>(ssn: string, lastName = 'Silva', extra: E = {} as E) {
  return {
    service: 'ssa-composite',
    subject: { ssn, firstName: 'Ana', middleName: 'B', lastName, dateOfBirth: '1980-02-29' },
    options: { citizenship: true, incarceration: true },
    ...extra,
  };
}
