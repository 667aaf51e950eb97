import type { ValidateFunction } from 'ajv';
import { createStrictAjv, draft04SchemaId, federalSchemaFolder, fieldErrorsOf, loadDraft04Schemas } from '@dxhub/platform';
import { fars } from './fars.service';
import type { PreviousStep, VerificationRequest } from './service-definition';

const ajv = loadDraft04Schemas(federalSchemaFolder('fars'));
const validFederalRequest = ajv.getSchema(draft04SchemaId('FARS-Request-schema.json')) as ValidateFunction;
const validFederalResponse = ajv.getSchema(draft04SchemaId('FARS-Response-schema.json')) as ValidateFunction;
const validBody = createStrictAjv().compile(fars.requestSchema);

function expectValid(validate: ValidateFunction, message: unknown): void {
  const ok = validate(message);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const PREVIOUS_ID = 'ver_01HZX3Q4S5T6V7W8X9YZABCDEF';
const request: VerificationRequest = { service: 'fars', previousVerificationId: PREVIOUS_ID };
const previous = (service: string, result: Record<string, unknown> | null): PreviousStep => ({ id: PREVIOUS_ID, service, result });
const referred = { finalDecisionCode: 'RF1', hubReferenceNumber: 'HRN42', nextStep: 'fars', responseCode: 'HS000000' };

const { toRequest, interpret } = fars.federal;
const check = fars.previous.check;

describe('fars service definition', () => {
  it('follows either RIDP leg, on the FARS schemas of our design', () => {
    expect(fars).toMatchObject({ service: 'fars', category: 'identity', source: 'experian', mode: 'sync' });
    expect(fars.previous.services).toEqual(['ridp-primary', 'ridp-secondary']);
    expect(fars.federal).toMatchObject({ path: '/hub/fars', schemas: { folder: 'fars', request: 'FARS-Request-schema.json', response: 'FARS-Response-schema.json' } });
  });

  describe('request schema', () => {
    it('takes the previous verification and a reference only', () => {
      expect(validBody({ ...request, reference: 'case-7' })).toBe(true);
      expect(validBody({ service: 'fars' })).toBe(false);
      expect(fieldErrorsOf(validBody.errors)).toContainEqual({ field: 'previousVerificationId', message: 'is required' });
      expect(validBody({ ...request, hubReferenceNumber: 'HRN42' })).toBe(false);
      expect(fieldErrorsOf(validBody.errors)).toContainEqual({ field: 'hubReferenceNumber', message: 'is not an allowed field' });
    });
  });

  describe('previous.check', () => {
    it('accepts a primary or secondary that sent the person to the call centre (RF1)', () => {
      expect(check(request, previous('ridp-primary', referred))).toEqual([]);
      expect(check(request, previous('ridp-secondary', { ...referred, responseCode: 'HE000050' }))).toEqual([]);
    });

    it.each([
      ['ACC', { ...referred, finalDecisionCode: 'ACC' }],
      ['RF2', { ...referred, finalDecisionCode: 'RF2' }],
      ['none', { ...referred, finalDecisionCode: null }],
    ])('refuses an earlier leg whose final decision was %s', (decision, result) => {
      expect(check(request, previous('ridp-primary', result))).toEqual([
        { field: 'previousVerificationId', message: `must name a ridp-primary or ridp-secondary that sent the person to the call centre (RF1); its final decision was ${decision}` },
      ]);
    });

    it('refuses an RF1 without a reference number, and no result at all', () => {
      expect(check(request, previous('ridp-primary', { ...referred, hubReferenceNumber: null }))).toHaveLength(1);
      expect(check(request, previous('ridp-primary', null))).toHaveLength(1);
    });
  });

  describe('toRequest', () => {
    it('sends the reference number of the earlier leg', () => {
      const message = toRequest(request, { previous: previous('ridp-secondary', referred) });
      expect(message).toEqual({ farsRequest: { hubReferenceNumber: 'HRN42' } });
      expectValid(validFederalRequest, message);
    });

    it('cannot build the message without an RF1 to follow', () => {
      expect(() => toRequest(request)).toThrow(/needs the RF1 result/);
      expect(() => toRequest(request, { previous: previous('ridp-primary', { ...referred, finalDecisionCode: 'RF4' }) })).toThrow(/needs the RF1 result/);
    });
  });

  describe('interpret', () => {
    const answer = (farsResponse: Record<string, unknown>) => {
      const message = { farsResponse: { responseMetadata: { responseCode: 'HS000000', responseText: 'Success' }, hubReferenceNumber: 'HRN42', ...farsResponse } };
      expectValid(validFederalResponse, message);
      return message;
    };

    it('is verified when the call centre accepted the person', () => {
      expect(interpret(answer({ finalDecisionCode: 'ACC' }))).toEqual({
        outcome: 'verified',
        responseCode: 'HS000000',
        result: { finalDecisionCode: 'ACC', hubReferenceNumber: 'HRN42', responseCode: 'HS000000' },
      });
    });

    it('is not_verified when it refused them', () => {
      expect(interpret(answer({ finalDecisionCode: 'RF4' }))).toMatchObject({ outcome: 'not_verified', result: { finalDecisionCode: 'RF4' } });
    });

    it('is not_verified for a reference number the Hub does not know (HE200006, no decision)', () => {
      const unknown = answer({ responseMetadata: { responseCode: 'HE200006', responseText: 'Reference Number does not exist in hub' } });
      expect(interpret(unknown)).toEqual({
        outcome: 'not_verified',
        responseCode: 'HE200006',
        result: { finalDecisionCode: null, hubReferenceNumber: 'HRN42', responseCode: 'HE200006' },
      });
    });

    it('is checked by a response schema that rejects an unknown decision code', () => {
      expect(validFederalResponse({ farsResponse: { responseMetadata: { responseCode: 'HS000000', responseText: 'Success' }, finalDecisionCode: 'OK' } })).toBe(false);
    });
  });
});
