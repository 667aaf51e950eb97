import { useHubTestApp } from '../testing/federal-hub-test-app';
import { schemaAssertion } from '../testing/hub-calls';
import { closeCase, individual, initiateStep2, initiateStep3, step1Message, step2Resolution, step3Resolution } from './vlp-test-messages';
import { VlpSchemaFile, vlpSchema } from './vlp.schemas';
import { VlpStep1Response } from './vlp.types';

const STEP2_DELAY = 3000;
const STEP3_DELAY = 5000;

const RESPONSE_SCHEMA: Record<string, VlpSchemaFile> = {
  'vlp-step1': 'VLP-Step1-Response-schema.json',
  'vlp-step2': 'VLP-Step2-Response-schema.json',
  'vlp-step2-resolution': 'VLP-Step2-Resolution-Response-schema.json',
  'vlp-step3': 'VLP-Step3-Response-schema.json',
  'vlp-step3-resolution': 'VLP-Step3-Resolution-Response-schema.json',
  'vlp-close-case': 'VLP-CloseCase-Response-schema.json',
};

type Body = Record<string, Record<string, unknown> & { responseMetadata: { responseCode: string } }>;

describe('VLP simulators (POST /hub/vlp-*)', () => {
  const hub = useHubTestApp({ config: { vlpStep2DelayMs: STEP2_DELAY, vlpStep3DelayMs: STEP3_DELAY, slowMs: 30_000 } });

  /** Calls a VLP service and checks the answer against its response schema, whatever its status. */
  async function call(service: string, payload: unknown, status = 200): Promise<Body> {
    const response = await hub.call(service, payload);
    expect(response.statusCode).toBe(status);
    schemaAssertion(vlpSchema(RESPONSE_SCHEMA[service]))(response.json());
    return response.json<Body>();
  }
  const codeOf = (body: Body) => Object.values(body)[0].responseMetadata.responseCode;

  async function step1Case(digit: number, fiveYearBarApplicabilityIndicator = false): Promise<string> {
    const body = (await call('vlp-step1', step1Message(individual(digit, { fiveYearBarApplicabilityIndicator })))) as unknown as VlpStep1Response;
    return body.initialVerificationResponse.initialVerificationResponseSet!.initialVerificationIndividualResponseArray[0].initialVerificationIndividualResponseSet!
      .caseNumber;
  }
  const resolutionOf = (body: Body, step: 2 | 3) => body[`retrieveStep${step}CaseResolutionResponse`][`retrieveStep${step}CaseResolutionResponseSet`] as Record<string, unknown>;

  describe('step 1', () => {
    it('answers each individual of the message', async () => {
      const body = (await call('vlp-step1', step1Message(individual(0), individual(9)))) as unknown as VlpStep1Response;
      const answers = body.initialVerificationResponse.initialVerificationResponseSet!.initialVerificationIndividualResponseArray;
      expect(answers.map((answer) => answer.lawfulPresenceVerifiedCode)).toEqual(['Y', 'N']);
    });

    it('rejects a wrongly formatted document number with 400 HE007000 naming the field, not the value', async () => {
      const body = await call('vlp-step1', step1Message(individual(0, { dhsId: { i551DocumentID: { alienNumber: 'A12345678', receiptNumber: 'EAC1234567890' } } })), 400);
      expect(body).toEqual({ initialVerificationResponse: { responseMetadata: { responseCode: 'HE007000', responseText: expect.stringContaining('alienNumber has an invalid format') } } });
      expect(JSON.stringify(body)).not.toContain('A12345678');
    });

    it('rejects two documents at once', async () => {
      const twoDocuments = { i94DocumentID: { i94Number: '12345678901' }, i551DocumentID: { alienNumber: '123456789', receiptNumber: 'EAC1234567890' } };
      expect(codeOf(await call('vlp-step1', step1Message(individual(0, { dhsId: twoDocuments })), 400))).toBe('HE007000');
    });
  });

  describe('step 2 (asynchronous)', () => {
    it('acknowledges, answers "in process" until the delay has passed, then resolves by the case number', async () => {
      const caseNumber = await step1Case(6, true);
      const initiated = await call('vlp-step2', initiateStep2(caseNumber));
      expect(initiated).toEqual({
        initiateAdditionalVerificationResponse: {
          responseMetadata: { responseCode: 'HS000000', responseText: 'Success' },
          initiateAdditionalVerificationResponseSet: { caseNumber, webServSftwrVer: '37' },
        },
      });
      const pending = await call('vlp-step2-resolution', step2Resolution(caseNumber));
      expect(pending).toEqual({ retrieveStep2CaseResolutionResponse: { responseMetadata: expect.objectContaining({ responseCode: 'HS030001' }) } });

      hub.clock.advance(STEP2_DELAY - 1);
      expect(codeOf(await call('vlp-step2-resolution', step2Resolution(caseNumber)))).toBe('HS030001');
      hub.clock.advance(1);
      const resolved = await call('vlp-step2-resolution', step2Resolution(caseNumber));
      expect(codeOf(resolved)).toBe('HS000000');
      expect(resolutionOf(resolved, 2)).toMatchObject({
        caseNumber,
        lawfulPresenceVerifiedCode: 'Y',
        qualifiedNonCitizenCode: 'Y',
        fiveYearBarApplyCode: 'Y',
        fiveYearBarMetCode: 'Y',
        agencyAction: 'Invoke CloseCase Web method to close the case.',
      });
    });

    it('keeps the first initiation time when step 2 is initiated again', async () => {
      const caseNumber = await step1Case(7);
      await call('vlp-step2', initiateStep2(caseNumber));
      hub.clock.advance(STEP2_DELAY);
      await call('vlp-step2', initiateStep2(caseNumber));
      expect(resolutionOf(await call('vlp-step2-resolution', step2Resolution(caseNumber)), 2)).toMatchObject({ lawfulPresenceVerifiedCode: 'N', eligStatementCd: 9 });
    });

    it('refuses, at HTTP 200, an unknown case (HE030001) and a case step 1 did not send to step 2 (HE030002)', async () => {
      expect(codeOf(await call('vlp-step2', initiateStep2('123456789012NAB')))).toBe('HE030001');
      expect(codeOf(await call('vlp-step2', initiateStep2(await step1Case(0))))).toBe('HE030002');
      expect(codeOf(await call('vlp-step2-resolution', step2Resolution('123456789012NAB')))).toBe('HE030001');
    });

    it('answers HE030003 for the resolution of a case on which step 2 was never initiated', async () => {
      expect(codeOf(await call('vlp-step2-resolution', step2Resolution(await step1Case(8))))).toBe('HE030003');
    });
  });

  describe('step 3 (asynchronous)', () => {
    it('follows the one case step 2 sends to it (8), resolved after its own delay', async () => {
      const caseNumber = await step1Case(8);
      await call('vlp-step2', initiateStep2(caseNumber));
      hub.clock.advance(STEP2_DELAY);
      expect(resolutionOf(await call('vlp-step2-resolution', step2Resolution(caseNumber)), 2)).toMatchObject({
        lawfulPresenceVerifiedCode: 'P',
        agencyAction: 'InitiateThirdVerif',
      });

      expect(codeOf(await call('vlp-step3', initiateStep3(caseNumber)))).toBe('HS000000');
      hub.clock.advance(STEP3_DELAY - 1);
      expect(codeOf(await call('vlp-step3-resolution', step3Resolution(caseNumber)))).toBe('HS030001');
      hub.clock.advance(1);
      expect(resolutionOf(await call('vlp-step3-resolution', step3Resolution(caseNumber)), 3)).toMatchObject({
        caseNumber,
        lawfulPresenceVerifiedCode: 'Y',
        eligStatementTxt: 'ASYLEE - EMPLOYMENT AUTHORIZED',
        fiveYearBarApplyCode: 'X',
      });
    });

    it('refuses step 3 for a case step 2 resolves itself (HE030002)', async () => {
      expect(codeOf(await call('vlp-step3', initiateStep3(await step1Case(6))))).toBe('HE030002');
    });
  });

  describe('close case', () => {
    it('acknowledges the closure of a case DHS issued, and refuses an unknown one at HTTP 200', async () => {
      const caseNumber = await step1Case(0);
      expect(await call('vlp-close-case', closeCase(caseNumber))).toEqual({
        closeCaseResponse: { responseMetadata: { responseCode: 'HS000000', responseText: 'Success' }, closeCaseResponseSet: { caseNumber, webServSftwrVer: '37' } },
      });
      expect(codeOf(await call('vlp-close-case', closeCase('123456789012NAB')))).toBe('HE030001');
    });
  });

  describe('lastName triggers', () => {
    it('Transient fails the first 2 calls of step 1 for a document, then answers', async () => {
      const message = step1Message(individual(0, { lastName: 'Transient' }));
      expect(codeOf(await call('vlp-step1', message, 500))).toBe('HX009000');
      expect(codeOf(await call('vlp-step1', message, 500))).toBe('HX009000');
      expect(codeOf(await call('vlp-step1', message))).toBe('HS000000');
    });

    it('work on the later steps through the surname carried with the case number; the resolution polls are never failed', async () => {
      const caseNumber = await step1Case(6);
      expect(codeOf(await call('vlp-step2', initiateStep2(caseNumber, 'Sourcedown'), 500))).toBe('HX005001');
      expect(codeOf(await call('vlp-step2', initiateStep2(caseNumber, 'Transient'), 500))).toBe('HX009000');
      expect(codeOf(await call('vlp-close-case', closeCase(caseNumber, 'rejected'), 400))).toBe('HE007000');
      expect(codeOf(await call('vlp-step2', initiateStep2(caseNumber, 'Slow')))).toBe('HS000000');
      expect(hub.clock.sleeps).toEqual([30_000]);
      // Initiated once the slow call was answered: in process, not failed.
      expect(codeOf(await call('vlp-step2-resolution', step2Resolution(caseNumber)))).toBe('HS030001');
    });
  });
});
