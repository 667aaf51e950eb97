import type { ValidateFunction } from 'ajv';
import { draft04SchemaId, federalSchemaFolder, loadDraft04Schemas } from '@dxhub/platform';
import { VerificationRequestValidator } from '../request-validator';
import type { VerificationRequest } from '../service-definition';
import { vlpStep1 } from './vlp-step1.service';

const ajv = loadDraft04Schemas(federalSchemaFolder('vlp'));
const validRequest = ajv.getSchema(draft04SchemaId('VLP-Step1-Request-schema.json')) as ValidateFunction;
const validResponse = ajv.getSchema(draft04SchemaId('VLP-Step1-Response-schema.json')) as ValidateFunction;
const validator = new VerificationRequestValidator();

function expectValid(validate: ValidateFunction, message: unknown): void {
  const ok = validate(message);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const passport = { passportNumber: 'x1234560', countryOfIssuance: 'mex' };
/** One valid document of each type, in the state's form (mixed case where the hub normalises). */
const DOCUMENTS: Record<string, Record<string, string>> = {
  i327: { alienNumber: 'A123456780' },
  i551: { alienNumber: 'a123456780', receiptNumber: 'eac1234567890', docExpirationDate: '2030-01-31' },
  i571: { alienNumber: '123456780', docExpirationDate: '2030-01-31' },
  i766: { alienNumber: '123456780', receiptNumber: 'EAC1234567890', docExpirationDate: '2030-01-31' },
  certificateOfCitizenship: { citizenshipNumber: 'C1234560', alienNumber: 'A123456780' },
  naturalizationCertificate: { naturalizationNumber: 'N1234560' },
  machineReadableImmigrantVisa: { alienNumber: '123456780', visaNumber: 'ab123456', ...passport },
  temporaryI551Stamp: { alienNumber: '123456780', ...passport },
  i94: { i94Number: '1234567890a', sevisId: 'N0012345670' },
  i94InForeignPassport: { i94Number: '12345678900', ...passport, visaNumber: 'AB123456', sevisId: 'N0012345670', docExpirationDate: '2030-01-31' },
  foreignPassport: { ...passport, docExpirationDate: '2030-01-31' },
  i20: { sevisId: 'n0012345670', ...passport },
  ds2019: { sevisId: 'N0012345670', i94Number: '12345678900' },
  otherWithAlienNumber: { alienNumber: '123456780', documentDescription: 'Parole document' },
  otherWithI94Number: { i94Number: '12345678900', documentDescription: 'Parole document', ...passport },
};

const subject = (document: Record<string, unknown> = { i551: DOCUMENTS.i551 }) => ({ firstName: 'Ana', middleName: 'B', lastName: "O'Neil-Silva", dateOfBirth: '1980-02-29', document });
const body = (patch: Record<string, unknown> = {}) => ({ service: 'vlp-step1', subject: subject(), reference: 'case-0042', ...patch });
const errorsOf = (request: unknown) => {
  const result = validator.validate(request);
  if (result.ok) throw new Error('expected invalid');
  return result.errors;
};
const withDocument = (document: Record<string, unknown>) => body({ subject: subject(document) });

const { toRequest, interpret } = vlpStep1.federal;
const individualOf = (message: unknown) =>
  (message as { initialVerificationRequest: { initialVerificationRequestSetArray: Record<string, unknown>[] } }).initialVerificationRequest
    .initialVerificationRequestSetArray[0];

const HS = { responseCode: 'HS000000', responseText: 'Success' };
const CASE = '0024172183006NT';
const determination = {
  caseNumber: CASE,
  eligStatementCd: 3,
  eligStatementTxt: 'LAWFUL PERMANENT RESIDENT - EMPLOYMENT AUTHORIZED',
  webServSftwrVer: '37',
  agencyAction: 'Invoke CloseCase Web method to close the case.',
  fiveYearBarApplyCode: 'X',
  qualifiedNonCitizenCode: 'Y',
  fiveYearBarMetCode: 'X',
  usCitizenCode: 'X',
};
const answer = (code: string, set: Record<string, unknown> | null = determination, metadata = HS) => ({
  initialVerificationResponse: {
    responseMetadata: HS,
    initialVerificationResponseSet: {
      initialVerificationIndividualResponseArray: [{ responseMetadata: metadata, lawfulPresenceVerifiedCode: code, ...(set ? { initialVerificationIndividualResponseSet: set } : {}) }],
    },
  },
});

describe('vlpStep1 service definition', () => {
  it('describes the DHS source, a synchronous eligibility service, and its VLP schemas', () => {
    expect(vlpStep1).toMatchObject({ service: 'vlp-step1', category: 'eligibility', source: 'dhs', mode: 'sync' });
    expect(vlpStep1.federal).toMatchObject({
      path: '/hub/vlp-step1',
      schemas: { folder: 'vlp', request: 'VLP-Step1-Request-schema.json', response: 'VLP-Step1-Response-schema.json' },
    });
  });

  describe('request schema', () => {
    it.each(Object.keys(DOCUMENTS))('accepts a %s', (type) => {
      expect(validator.validate(withDocument({ [type]: DOCUMENTS[type] }))).toMatchObject({ ok: true });
    });

    it('accepts the flags and comments', () => {
      const options = { fiveYearBarApplicability: true, requestSponsorData: true, requestGrantDate: false, comments: 'Applicant attests LPR status' };
      expect(validator.validate(body({ options })).ok).toBe(true);
    });

    it.each([
      ['alienNumber', { i551: { ...DOCUMENTS.i551, alienNumber: 'A12345678' } }, 'subject.document.i551.alienNumber', /A-number: 9 digits/],
      ['alienNumber', { i327: { alienNumber: 'B123456789' } }, 'subject.document.i327.alienNumber', /A-number/],
      ['receiptNumber', { i551: { ...DOCUMENTS.i551, receiptNumber: 'EA1234567890' } }, 'subject.document.i551.receiptNumber', /3 letters and 10 digits/],
      ['i94Number', { i94: { i94Number: '1234567890' } }, 'subject.document.i94.i94Number', /11 letters or digits/],
      ['sevisId', { i20: { sevisId: '0012345670' } }, 'subject.document.i20.sevisId', /N and 10 digits/],
      ['passportNumber', { foreignPassport: { ...DOCUMENTS.foreignPassport, passportNumber: 'X12' } }, 'subject.document.foreignPassport.passportNumber', /6-12/],
      ['countryOfIssuance', { foreignPassport: { ...DOCUMENTS.foreignPassport, countryOfIssuance: 'MX' } }, 'subject.document.foreignPassport.countryOfIssuance', /alpha-3/],
      ['docExpirationDate', { i766: { ...DOCUMENTS.i766, docExpirationDate: '2030-02-30' } }, 'subject.document.i766.docExpirationDate', /calendar date/],
    ])('rejects a wrongly formatted %s, naming the field', (_label, document, field, message) => {
      expect(errorsOf(withDocument(document))).toContainEqual({ field, message: expect.stringMatching(message) });
    });

    it('requires exactly one document, of a known type', () => {
      expect(errorsOf(withDocument({}))).toContainEqual({ field: 'subject.document', message: expect.stringContaining('fewer than 1') });
      expect(errorsOf(withDocument({ i551: DOCUMENTS.i551, i94: DOCUMENTS.i94 }))).toContainEqual({ field: 'subject.document', message: expect.stringContaining('more than 1') });
      expect(errorsOf(withDocument({ greenCard: DOCUMENTS.i551 }))).toContainEqual({ field: 'subject.document.greenCard', message: 'is not an allowed field' });
      const { document: _, ...noDocument } = subject();
      expect(errorsOf(body({ subject: noDocument }))).toContainEqual({ field: 'subject.document', message: 'is required' });
    });

    it("requires each document's own fields, the expiration date where the document has one, and refuses others'", () => {
      expect(errorsOf(withDocument({ i766: { alienNumber: '123456780', receiptNumber: 'EAC1234567890' } }))).toContainEqual({
        field: 'subject.document.i766.docExpirationDate',
        message: 'is required',
      });
      expect(errorsOf(withDocument({ i551: { alienNumber: '123456780' } }))).toContainEqual({ field: 'subject.document.i551.receiptNumber', message: 'is required' });
      expect(errorsOf(withDocument({ i327: { alienNumber: '123456780', sevisId: 'N0012345670' } }))).toContainEqual({
        field: 'subject.document.i327.sevisId',
        message: 'is not an allowed field',
      });
    });

    it('takes a passport number and its country together or not at all', () => {
      expect(errorsOf(withDocument({ i20: { sevisId: 'N0012345670', passportNumber: 'X1234560' } }))).toContainEqual({
        field: 'subject.document.i20',
        message: expect.stringContaining('countryOfIssuance'),
      });
      expect(validator.validate(withDocument({ i20: { sevisId: 'N0012345670' } })).ok).toBe(true);
    });

    it("applies SAVE's name rules and requires the given name", () => {
      expect(errorsOf(body({ subject: { ...subject(), lastName: 'Silvá' } }))[0]).toMatchObject({ field: 'subject.lastName', message: expect.stringContaining('A-Z') });
      expect(errorsOf(body({ subject: { ...subject(), firstName: 'A'.repeat(26) } }))[0].field).toBe('subject.firstName');
      expect(validator.validate(body({ subject: { ...subject(), lastName: 'A'.repeat(40) } })).ok).toBe(true);
      const { firstName: _, ...noFirstName } = subject();
      expect(errorsOf(body({ subject: noFirstName }))).toContainEqual({ field: 'subject.firstName', message: 'is required' });
    });

    it('rejects unknown options and a future birth date', () => {
      expect(errorsOf(body({ options: { sponsor: true } }))).toContainEqual({ field: 'options.sponsor', message: 'is not an allowed field' });
      expect(errorsOf(body({ subject: { ...subject(), dateOfBirth: '2999-01-01' } }))).toContainEqual({ field: 'subject.dateOfBirth', message: 'must not be in the future' });
    });
  });

  describe('toRequest', () => {
    const requestWith = (document: Record<string, unknown>, options?: Record<string, unknown>): VerificationRequest => ({
      service: 'vlp-step1',
      subject: subject(document),
      ...(options ? { options } : {}),
    });

    it.each(Object.keys(DOCUMENTS))('builds a message valid per the VLP request schema from a %s', (type) => {
      expectValid(validRequest, toRequest(requestWith({ [type]: DOCUMENTS[type] })));
    });

    it('maps the person, the flags (false unless asked) and the comments', () => {
      expect(individualOf(toRequest(requestWith({ i327: DOCUMENTS.i327 })))).toEqual({
        dhsId: { i327DocumentID: { alienNumber: '123456780' } },
        firstName: 'Ana',
        middleName: 'B',
        lastName: "O'Neil-Silva",
        dateOfBirth: '1980-02-29',
        fiveYearBarApplicabilityIndicator: false,
        requestSponsorDataIndicator: false,
        requestGrantDateIndicator: false,
      });
      const options = { fiveYearBarApplicability: true, requestSponsorData: true, requestGrantDate: true, comments: 'Attested LPR' };
      expect(individualOf(toRequest(requestWith({ i327: DOCUMENTS.i327 }, options)))).toMatchObject({
        fiveYearBarApplicabilityIndicator: true,
        requestSponsorDataIndicator: true,
        requestGrantDateIndicator: true,
        requesterCommentsForHub: 'Attested LPR',
      });
    });

    it("normalises numbers to the Hub's formats: A and N prefixes dropped, letters upper case", () => {
      expect(individualOf(toRequest(requestWith({ i551: DOCUMENTS.i551 }))).dhsId).toEqual({
        i551DocumentID: { alienNumber: '123456780', receiptNumber: 'EAC1234567890', docExpirationDate: '2030-01-31' },
      });
      expect(individualOf(toRequest(requestWith({ i94: DOCUMENTS.i94 }))).dhsId).toEqual({ i94DocumentID: { i94Number: '1234567890A', sevisId: '0012345670' } });
    });

    it('nests the passport where the Hub nests it (passportCountry) and keeps it flat where it does not', () => {
      expect(individualOf(toRequest(requestWith({ i20: DOCUMENTS.i20 }))).dhsId).toEqual({
        i20DocumentID: { sevisId: '0012345670', passportCountry: { passportNumber: 'X1234560', countryOfIssuance: 'MEX' } },
      });
      expect(individualOf(toRequest(requestWith({ foreignPassport: DOCUMENTS.foreignPassport }))).dhsId).toEqual({
        unexpForeignPassportDocumentID: { passportNumber: 'X1234560', countryOfIssuance: 'MEX', docExpirationDate: '2030-01-31' },
      });
      expect(individualOf(toRequest(requestWith({ otherWithAlienNumber: DOCUMENTS.otherWithAlienNumber }))).dhsId).toEqual({
        otherCase1DocumentID: { alienNumber: '123456780', docDescReq: 'Parole document' },
      });
    });
  });

  describe('interpret', () => {
    const request: VerificationRequest = { service: 'vlp-step1', subject: subject() };

    it('is verified for lawfulPresenceVerifiedCode Y, with every determination field and the next step', () => {
      const response = answer('Y');
      expectValid(validResponse, response);
      expect(interpret(response, request)).toEqual({
        outcome: 'verified',
        responseCode: 'HS000000',
        result: {
          caseNumber: CASE,
          lawfulPresenceVerifiedCode: 'Y',
          eligStatementCd: 3,
          eligStatementTxt: 'LAWFUL PERMANENT RESIDENT - EMPLOYMENT AUTHORIZED',
          agencyAction: 'Invoke CloseCase Web method to close the case.',
          qualifiedNonCitizenCode: 'Y',
          fiveYearBarApplyCode: 'X',
          fiveYearBarMetCode: 'X',
          usCitizenCode: 'X',
          nextStep: 'vlp-close-case',
          responseCode: 'HS000000',
        },
      });
    });

    it('is not_verified for N', () => {
      expect(interpret(answer('N', { ...determination, qualifiedNonCitizenCode: 'N' }), request).outcome).toBe('not_verified');
    });

    it('is inconclusive, pointing to step 2, for P with InitiateAdditionalVerif', () => {
      const response = answer('P', { ...determination, agencyAction: 'InitiateAdditionalVerif', eligStatementCd: 5, eligStatementTxt: 'INSTITUTE ADDITIONAL VERIFICATION' });
      expectValid(validResponse, response);
      const { outcome, result } = interpret(response, request);
      expect(outcome).toBe('inconclusive');
      expect(result).toMatchObject({ lawfulPresenceVerifiedCode: 'P', agencyAction: 'InitiateAdditionalVerif', nextStep: 'vlp-step2', caseNumber: CASE });
    });

    it('is inconclusive, pointing back to step 1, for X with Reverify', () => {
      const { outcome, result } = interpret(answer('X', { ...determination, agencyAction: 'Reverify' }), request);
      expect(outcome).toBe('inconclusive');
      expect(result.nextStep).toBe('vlp-step1');
    });

    it('is inconclusive when an agency action asks for another step, whatever the code', () => {
      expect(interpret(answer('Y', { ...determination, agencyAction: 'InitiateAdditionalVerif' }), request).outcome).toBe('inconclusive');
    });

    it('is inconclusive with null fields for an individual error (no determination), keeping its code', () => {
      const response = answer('X', null, { responseCode: 'HE001234', responseText: 'Document not found' });
      expectValid(validResponse, response);
      const { outcome, responseCode, result } = interpret(response, request);
      expect({ outcome, responseCode }).toEqual({ outcome: 'inconclusive', responseCode: 'HE001234' });
      expect(result).toMatchObject({ caseNumber: null, lawfulPresenceVerifiedCode: null, agencyAction: null, nextStep: null, responseCode: 'HE001234' });
    });

    it('takes the envelope code when there is no individual answer', () => {
      const envelopeOnly = { initialVerificationResponse: { responseMetadata: { responseCode: 'HE007000', responseText: 'Schema validation failed' } } };
      expectValid(validResponse, envelopeOnly);
      expect(interpret(envelopeOnly, request)).toMatchObject({ outcome: 'inconclusive', responseCode: 'HE007000' });
    });

    it('reports the grant date and sponsors only when asked', () => {
      const sponsor = { lastName: 'EXAMPLE', firstName: 'MARIA', city: 'SPRINGFIELD' };
      const response = answer('Y', { ...determination, grantDate: '2010-05-04', sponsorDataFoundIndicator: true, arrayOfSponsorshipData: [sponsor] });
      expectValid(validResponse, response);
      const asked = interpret(response, { ...request, options: { requestGrantDate: true, requestSponsorData: true } });
      expect(asked.result).toMatchObject({ grantDate: '2010-05-04', sponsorDataFound: true, sponsors: [sponsor] });
      const notAsked = interpret(answer('Y'), request).result;
      expect(notAsked).not.toHaveProperty('sponsors');
      expect(notAsked).not.toHaveProperty('grantDate');
      const askedNoData = interpret(answer('Y'), { ...request, options: { requestGrantDate: true, requestSponsorData: true } }).result;
      expect(askedNoData).toMatchObject({ grantDate: null, sponsorDataFound: null, sponsors: [] });
    });
  });
});
