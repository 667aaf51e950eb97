import type { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createStrictAjv, draft04SchemaId, federalSchemaFolder, fieldErrorsOf, loadDraft04Schemas } from '@dxhub/platform';
import { ridpPrimary } from './ridp-primary.service';
import type { VerificationRequest } from './service-definition';

const folder = federalSchemaFolder('ridp-rj139');
const ajv = loadDraft04Schemas(folder);
const validFederalRequest = ajv.getSchema(draft04SchemaId('RIDP-Request-schema.json')) as ValidateFunction;
const validFederalResponse = ajv.getSchema(draft04SchemaId('RIDP-Response-schema.json')) as ValidateFunction;
const validBody = createStrictAjv().compile(ridpPrimary.requestSchema);

function expectValid(validate: ValidateFunction, message: unknown): void {
  const ok = validate(message);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const subject = {
  ssn: '123-45-6783',
  firstName: 'Ana',
  middleName: 'B',
  lastName: "O'Neil-Silva",
  suffix: 'Jr.',
  dateOfBirth: '1980-02-29',
  preferredLanguage: 'spa',
  address: { street: '12 Main St Apt #4', city: 'St. Louis', state: 'MO', zipCode: '63101', zipCodeExtension: '1234' },
  phone: '(314)555-0100',
};
const body = (patch: Record<string, unknown> = {}, options?: Record<string, unknown>) => ({
  service: 'ridp-primary',
  subject: { ...subject, ...patch },
  ...(options ? { options } : {}),
  reference: 'case-7',
});
const minimal = { firstName: 'Ana', lastName: 'Silva', dateOfBirth: '1980-02-29', address: { street: '1 Elm', city: 'Boston', state: 'MA', zipCode: '02101' } };

function errorsOf(candidate: unknown) {
  expect(validBody(candidate)).toBe(false);
  return fieldErrorsOf(validBody.errors);
}

const HS = { responseCode: 'HS000000', responseText: 'Success' };
const question = (text: string, ...choices: string[]) => ({
  verificationQuestionSet: { verificationQuestionText: text, verificationAnswerChoiceArray: choices.map((verificationAnswerChoiceText) => ({ verificationAnswerChoiceText })) },
});
const answer = (ridpResponse: Record<string, unknown>) => {
  const message = { ridpResponse: { responseMetadata: HS, hubReferenceNumber: 'HRN42', ...ridpResponse } };
  expectValid(validFederalResponse, message);
  return message;
};
const { toRequest, interpret } = ridpPrimary.federal;

describe('ridpPrimary service definition', () => {
  it('is the Experian identity service with the RJ139 schemas', () => {
    expect(ridpPrimary).toMatchObject({ service: 'ridp-primary', category: 'identity', source: 'experian', mode: 'sync' });
    expect(ridpPrimary.federal).toMatchObject({ path: '/hub/ridp-primary', schemas: { folder: 'ridp-rj139', request: 'RIDP-Request-schema.json', response: 'RIDP-Response-schema.json' } });
  });

  describe('request schema', () => {
    it('accepts a full request and a minimal one without SSN, phone or options', () => {
      expect(validBody(body({}, { levelOfProofing: 'LevelThree' }))).toBe(true);
      expect(validBody({ service: 'ridp-primary', subject: minimal })).toBe(true);
    });

    it('requires the name, birth date and address', () => {
      const errors = errorsOf({ service: 'ridp-primary', subject: {} });
      for (const field of ['subject.firstName', 'subject.lastName', 'subject.dateOfBirth', 'subject.address']) expect(errors).toContainEqual({ field, message: 'is required' });
      expect(errorsOf(body({ address: { street: '1 Elm', city: 'Boston', state: 'MA' } }))).toContainEqual({ field: 'subject.address.zipCode', message: 'is required' });
    });

    it.each([
      ['a given name with an accent', { firstName: 'Ana\u00efs' }, 'subject.firstName'],
      ['a given name with a hyphen (RJ139 takes letters only)', { firstName: 'Ana-Maria' }, 'subject.firstName'],
      ['a middle name with a space', { middleName: 'B C' }, 'subject.middleName'],
      ['a surname with a digit', { lastName: 'Silva2' }, 'subject.lastName'],
      ['a surname of spaces', { lastName: '   ' }, 'subject.lastName'],
      ['a surname with a control character', { lastName: 'Sil\tva' }, 'subject.lastName'],
      ['a surname over 32 characters', { lastName: 'A'.repeat(33) }, 'subject.lastName'],
      ['a four-character suffix', { suffix: 'Jnr.' }, 'subject.suffix'],
      ['an SSN breaking SSA rules', { ssn: '666-12-3456' }, 'subject.ssn'],
      ['a birth date before 1900', { dateOfBirth: '1899-12-31' }, 'subject.dateOfBirth'],
      ['an impossible birth date', { dateOfBirth: '1981-02-29' }, 'subject.dateOfBirth'],
      ['a future birth date', { dateOfBirth: '2999-01-01' }, 'subject.dateOfBirth'],
      ['another language', { preferredLanguage: 'fra' }, 'subject.preferredLanguage'],
      ['a phone with spaces', { phone: '617 555 0100' }, 'subject.phone'],
      ['a nine-digit phone', { phone: '617555010' }, 'subject.phone'],
      ['an unknown field', { nickname: 'Ann' }, 'subject.nickname'],
    ])('rejects %s', (_label, patch, field) => {
      expect(errorsOf(body(patch)).map((error) => error.field)).toContain(field);
    });

    it.each([
      ['a street with a comma', { street: '12 Main St, Apt 4' }, 'subject.address.street'],
      ['a street of spaces', { street: '   ' }, 'subject.address.street'],
      ['a city of periods', { city: '..' }, 'subject.address.city'],
      ['a city with a digit', { city: 'Boston 2' }, 'subject.address.city'],
      ['an unknown state code', { state: 'XX' }, 'subject.address.state'],
      ['a ZIP+4 in the ZIP code', { zipCode: '02101-1234' }, 'subject.address.zipCode'],
      ['a short ZIP extension', { zipCodeExtension: '123' }, 'subject.address.zipCodeExtension'],
      ['an unknown address field', { country: 'US' }, 'subject.address.country'],
    ])('rejects an address with %s', (_label, patch, field) => {
      expect(errorsOf(body({ address: { ...subject.address, ...patch } })).map((error) => error.field)).toContain(field);
    });

    it('says what a name must be', () => {
      expect(errorsOf(body({ firstName: 'Zoë' }))).toContainEqual({ field: 'subject.firstName', message: 'must be 1-32 letters A-Z (no spaces, accents or punctuation)' });
    });

    it('rejects an unknown level of proofing and unknown options', () => {
      expect(errorsOf(body({}, { levelOfProofing: 'LevelFour' }))[0].field).toBe('options.levelOfProofing');
      expect(errorsOf(body({}, { citizenship: true }))[0].field).toBe('options.citizenship');
    });

    it('offers exactly the state codes of the RJ139 schema', () => {
      const federal = JSON.parse(readFileSync(join(folder, 'RIDP-Request-schema.json'), 'utf8'));
      const schema = ridpPrimary.requestSchema as { properties: { subject: { properties: { address: { properties: { state: { enum: string[] } } } } } } };
      expect(schema.properties.subject.properties.address.properties.state.enum).toEqual(federal.definitions.contactInformationType.properties.usStateCode.enum);
    });
  });

  describe('toRequest', () => {
    it('maps a full request to the RJ139 primary request', () => {
      const message = toRequest(body({}, { levelOfProofing: 'LevelThree' }) as VerificationRequest);
      expect(message).toEqual({
        ridpRequest: {
          primaryRequest: {
            person: {
              personGivenName: 'Ana',
              personMiddleName: 'B',
              personSurName: "O'Neil-Silva",
              personSuffixName: 'Jr.',
              personBirthDate: '1980-02-29',
              personSocialSecurityNumber: '123456783',
              personPreferredLanguage: 'spa',
            },
            contactInformation: { streetName: '12 Main St Apt #4', cityName: 'St. Louis', usStateCode: 'MO', zipCode: '63101', zipCodeExtension: '1234', telephoneNumber: '3145550100' },
            levelOfProofingCode: 'LevelThree',
          },
        },
      });
      expectValid(validFederalRequest, message);
    });

    it('leaves out what was not given, the SSN included', () => {
      const message = toRequest({ service: 'ridp-primary', subject: minimal });
      expect(message).toEqual({
        ridpRequest: {
          primaryRequest: {
            person: { personGivenName: 'Ana', personSurName: 'Silva', personBirthDate: '1980-02-29' },
            contactInformation: { streetName: '1 Elm', cityName: 'Boston', usStateCode: 'MA', zipCode: '02101' },
          },
        },
      });
      expectValid(validFederalRequest, message);
    });

    it.each(['6175550100', '617-555-0100', '(617)555-0100'])('sends phone %s as its ten digits', (phone) => {
      const message = toRequest(body({ phone }) as VerificationRequest) as { ridpRequest: { primaryRequest: { contactInformation: { telephoneNumber: string } } } };
      expect(message.ridpRequest.primaryRequest.contactInformation.telephoneNumber).toBe('6175550100');
    });

    it.each([
      ['edge names', { firstName: 'A'.repeat(32), lastName: " -'x- ", middleName: undefined, suffix: 'III' }],
      ['edge address', { address: { street: '1 #/.-', city: 'A.', state: 'AE', zipCode: '00000' } }],
      ['dashed SSN', { ssn: '078-05-1120' }],
      ['earliest birth date', { dateOfBirth: '1900-01-01' }],
    ])('produces a message valid per the RJ139 request schema for whatever the state schema accepts (%s)', (_label, patch) => {
      const request = body(patch);
      expect(validBody(request)).toBe(true);
      expectValid(validFederalRequest, toRequest(request as VerificationRequest));
    });
  });

  describe('interpret', () => {
    it('is verified on ACC, with nothing to do next', () => {
      expect(interpret(answer({ finalDecisionCode: 'ACC' }))).toEqual({
        outcome: 'verified',
        responseCode: 'HS000000',
        result: { finalDecisionCode: 'ACC', hubReferenceNumber: 'HRN42', nextStep: null, responseCode: 'HS000000' },
      });
    });

    it('is inconclusive on RF2, with the session and the questions numbered as RJ139 numbers answers', () => {
      const message = answer({
        finalDecisionCode: 'RF2',
        sessionIdentification: 'S1.pidd1v',
        verificationQuestionArray: [question('Q one?', 'a', 'b'), question('Q two?', 'c', 'd', 'e'), question('Q three?', 'f')],
      });
      expect(interpret(message)).toEqual({
        outcome: 'inconclusive',
        responseCode: 'HS000000',
        result: {
          finalDecisionCode: 'RF2',
          hubReferenceNumber: 'HRN42',
          sessionId: 'S1.pidd1v',
          questions: [
            { questionId: '1', text: 'Q one?', choices: [{ choiceId: '1', text: 'a' }, { choiceId: '2', text: 'b' }] },
            { questionId: '2', text: 'Q two?', choices: [{ choiceId: '1', text: 'c' }, { choiceId: '2', text: 'd' }, { choiceId: '3', text: 'e' }] },
            { questionId: '3', text: 'Q three?', choices: [{ choiceId: '1', text: 'f' }] },
          ],
          nextStep: 'ridp-secondary',
          responseCode: 'HS000000',
        },
      });
    });

    it('offers no secondary leg for an RF2 without a session', () => {
      const { outcome, result } = interpret(answer({ finalDecisionCode: 'RF2', verificationQuestionArray: [question('Q?', 'a'), question('Q?', 'b'), question('Q?', 'c')] }));
      expect(outcome).toBe('inconclusive');
      expect(result).toEqual({ finalDecisionCode: 'RF2', hubReferenceNumber: 'HRN42', nextStep: null, responseCode: 'HS000000' });
    });

    it('is inconclusive on RF1, next fars, also when no questions could be formulated (HE000050)', () => {
      expect(interpret(answer({ finalDecisionCode: 'RF1' }))).toMatchObject({ outcome: 'inconclusive', result: { nextStep: 'fars' } });
      const cannot = answer({ finalDecisionCode: 'RF1', responseMetadata: { responseCode: 'HE000050', responseText: 'Cannot formulate questions for this consumer' } });
      expect(interpret(cannot)).toEqual({
        outcome: 'inconclusive',
        responseCode: 'HE000050',
        result: { finalDecisionCode: 'RF1', hubReferenceNumber: 'HRN42', nextStep: 'fars', responseCode: 'HE000050' },
      });
    });

    it.each(['RF3', 'RF4'])('is not_verified on %s', (decision) => {
      expect(interpret(answer({ finalDecisionCode: decision }))).toMatchObject({ outcome: 'not_verified', result: { finalDecisionCode: decision, nextStep: null } });
    });

    it('is not_verified with no decision, and reads a missing code as unknown', () => {
      const noDecision = answer({ responseMetadata: { responseCode: 'HE200027', responseText: 'The information provided does not match' } });
      expect(interpret(noDecision)).toMatchObject({ outcome: 'not_verified', responseCode: 'HE200027', result: { finalDecisionCode: null } });
      expect(interpret({ ridpResponse: {} })).toMatchObject({ outcome: 'not_verified', responseCode: 'unknown', result: { hubReferenceNumber: null } });
    });
  });
});
