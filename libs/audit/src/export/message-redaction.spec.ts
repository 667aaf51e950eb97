import { redactMessage } from './message-redaction';

describe('redactMessage', () => {
  it('keeps codes, indicators, statuses and ids; redacts people', () => {
    const message = JSON.stringify({
      service: 'ssa-composite',
      subject: { ssn: '123-45-6789', firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-01-01' },
      ssaCompositeIndividualResponse: [{ responseMetadata: { responseCode: 'HS000000' }, ssnVerificationIndicator: true, deathConfirmationCode: 'N' }],
      income: 52000,
      verificationId: 'ver_01',
    });
    expect(redactMessage(message)).toEqual({
      service: 'ssa-composite',
      subject: { ssn: '[redacted]', firstName: '[redacted]', lastName: '[redacted]', dateOfBirth: '[redacted]' },
      ssaCompositeIndividualResponse: [{ responseMetadata: { responseCode: 'HS000000' }, ssnVerificationIndicator: true, deathConfirmationCode: 'N' }],
      income: '[redacted]',
      verificationId: 'ver_01',
    });
  });

  it('masks an SSN even under a key thought safe, and hides text that is not JSON', () => {
    expect(redactMessage(JSON.stringify({ reason: 'bad ssn 123-45-6789' }))).toEqual({ reason: 'bad ssn ***-**-****' });
    expect(redactMessage('federal request breaks the Hub schema')).toBe('[redacted] (37 bytes, not JSON)');
  });
});
