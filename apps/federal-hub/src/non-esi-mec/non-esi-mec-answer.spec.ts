import { schemaAssertion } from '../testing/hub-calls';
import { SOURCE_TIMED_OUT, answerIndividual } from './non-esi-mec-answer';
import { nonEsiIndividual } from './non-esi-mec.fixtures';
import { loadNonEsiMecSchemas } from './non-esi-mec.schemas';
import { NonEsiIndividualResponse, ORGANIZATION_CODES, OrganizationCode } from './non-esi-mec.types';

const expectValidResponse = schemaAssertion(loadNonEsiMecSchemas().response);
const expectValid = (individual: NonEsiIndividualResponse) => expectValidResponse({ verifyNonESIMECResponse: { individualResponseArray: [individual] } });

/** Each source's MECVerificationCode, or `timeout` for a source that did not answer. */
const verdicts = (individual: NonEsiIndividualResponse) =>
  Object.fromEntries(individual.otherCoverageArray.map((coverage) => [coverage.organizationCode, coverage.mecCoverage?.mecVerificationCode ?? 'timeout']));

const allN = Object.fromEntries(ORGANIZATION_CODES.map((code) => [code, 'N']));
const expected: [string, Partial<Record<OrganizationCode, string>>, boolean][] = [
  ['0', {}, false],
  ['1', {}, false],
  ['2', { PECO: 'Y' }, false],
  ['3', { MEDC: 'Y' }, false],
  ['4', { CHIP: 'Y' }, false],
  ['5', { BHPC: 'Y' }, false],
  ['6', { MEDI: 'Y' }, false],
  ['7', { VHPC: 'Y', TRIC: 'Y' }, false],
  ['8', { MEDC: 'P' }, false],
  ['9', { VHPC: 'timeout', TRIC: 'timeout' }, true],
];

describe('answerIndividual', () => {
  it.each(expected)('last digit %s: every source answers N except %j (partial: %s)', (digit, exceptions, partial) => {
    const answer = answerIndividual(nonEsiIndividual(`12345678${digit}`));
    expectValid(answer);
    expect(answer.otherCoverageArray.map((coverage) => coverage.organizationCode)).toEqual([...ORGANIZATION_CODES]);
    expect(verdicts(answer)).toEqual({ ...allN, ...exceptions });
    expect(answer.partialResponseIndicator).toBe(partial);
  });

  it('answers only the sources asked, each once, in the order asked', () => {
    const answer = answerIndividual(nonEsiIndividual('123456783', { organizationCodeArray: ['MEDI', 'MEDC', 'MEDI'] }));
    expectValid(answer);
    expect(verdicts(answer)).toEqual({ MEDI: 'N', MEDC: 'Y' });
    expect(answer.otherCoverageArray.map((coverage) => coverage.organizationCode)).toEqual(['MEDI', 'MEDC']);
  });

  it('gives a complete answer to digit 9 when neither VHA nor TRICARE is asked', () => {
    const answer = answerIndividual(nonEsiIndividual('123456789', { organizationCodeArray: ['MEDC', 'MEDI'] }));
    expect(answer.partialResponseIndicator).toBe(false);
    expect(verdicts(answer)).toEqual({ MEDC: 'N', MEDI: 'N' });
  });

  it('marks a silent source with HX005001 and nothing else', () => {
    const tricare = answerIndividual(nonEsiIndividual('123456789')).otherCoverageArray.find((coverage) => coverage.organizationCode === 'TRIC');
    expect(tricare).toEqual({ organizationCode: 'TRIC', responseMetadata: SOURCE_TIMED_OUT });
    expect(SOURCE_TIMED_OUT.responseCode).toBe('HX005001');
  });

  it("describes a state programme's coverage with the state and dates that run through the asked period", () => {
    const answer = answerIndividual(nonEsiIndividual('123456783', { usStateCode: 'NV', organizationCodeArray: ['MEDC'] }));
    const [medicaid] = answer.otherCoverageArray;
    expect(medicaid.responseMetadata).toEqual({ responseCode: 'HS000000', responseText: 'Success' });
    expect(medicaid.mecCoverage).toEqual({
      usStateCode: 'NV',
      mecVerificationCode: 'Y',
      insuranceArray: [{ insurancePolicyEffectiveDate: expect.stringMatching(/^202[3-6]-01-01$/), insurancePolicyExpirationDate: '2026-12-31' }],
    });
  });

  it('gives Medicare no end date and no state, and a pending Medicaid check a state but no dates', () => {
    const [medicare] = answerIndividual(nonEsiIndividual('123456786', { organizationCodeArray: ['MEDI'] })).otherCoverageArray;
    expect(medicare.mecCoverage).toEqual({ mecVerificationCode: 'Y', insuranceArray: [{ insurancePolicyEffectiveDate: expect.stringMatching(/-01-01$/) }] });
    const [pending] = answerIndividual(nonEsiIndividual('123456788', { organizationCodeArray: ['MEDC'] })).otherCoverageArray;
    expect(pending.mecCoverage).toEqual({ usStateCode: 'MA', mecVerificationCode: 'P' });
  });

  it('keeps coverage dates valid for a period early in the calendar', () => {
    const answer = answerIndividual(
      nonEsiIndividual('123456787', { insurancePolicyEffectiveDate: '0001-03-01', insurancePolicyExpirationDate: '0002-02-28' }),
    );
    expectValid(answer);
    const veteran = answer.otherCoverageArray.find((coverage) => coverage.organizationCode === 'VHPC')!;
    expect(veteran.mecCoverage!.insuranceArray![0].insurancePolicyEffectiveDate).toMatch(/^000[01]-01-01$/);
  });

  it('echoes the person, without the state or the dates asked', () => {
    const answer = answerIndividual(nonEsiIndividual('123456780', { personMiddleName: 'B', personSuffixName: 'Jr', personSexCode: 'F' }));
    expectValid(answer);
    const { otherCoverageArray: _, ...person } = answer;
    expect(person).toEqual({
      personSocialSecurityNumber: '123456780',
      personGivenName: 'Ana',
      personMiddleName: 'B',
      personSurName: 'Silva',
      personSuffixName: 'Jr',
      personBirthDate: '1980-02-29',
      personSexCode: 'F',
      partialResponseIndicator: false,
    });
  });

  it('derives the coverage start from the SSN: the same request, the same answer', () => {
    const ask = nonEsiIndividual('223344557');
    expect(answerIndividual(ask)).toEqual(answerIndividual(ask));
  });
});
