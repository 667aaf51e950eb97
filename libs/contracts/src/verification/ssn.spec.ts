import { isValidSsn, normalizeSsn, ssnLast4 } from './ssn';

describe('SSN rules', () => {
  it.each(['123-45-6789', '123456789', '001-01-0001', '899-99-9999', '665-12-3456'])('accepts %s', (ssn) => {
    expect(isValidSsn(ssn)).toBe(true);
  });

  it.each([
    ['000-12-3456', 'area 000'],
    ['666-12-3456', 'area 666'],
    ['900-12-3456', 'area 900'],
    ['999-12-3456', 'area 999'],
    ['123-00-4567', 'group 00'],
    ['123-45-0000', 'serial 0000'],
    ['123-456789', 'mixed separators'],
    ['12345678', 'too short'],
    ['1234567890', 'too long'],
    ['abc-de-fghi', 'letters'],
  ])('rejects %s (%s)', (ssn) => {
    expect(isValidSsn(ssn)).toBe(false);
  });

  it('normalizes and keeps the last four', () => {
    expect(normalizeSsn('123-45-6789')).toBe('123456789');
    expect(ssnLast4('123-45-6789')).toBe('6789');
  });
});
