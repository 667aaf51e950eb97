import { Logger, LoggerService } from '@nestjs/common';
import type { ValidateFunction } from 'ajv';
import { createHash } from 'node:crypto';
import { SYSTEM_ACTOR } from '@dxhub/audit';
import { findService, Interpretation, VerificationRequest } from '@dxhub/contracts';
import type { AttemptEnd, AuditRow, DeliveryToSend, VerificationRepository, VerificationRow } from '@dxhub/persistence';
import { DEV_DEFAULTS, draft04SchemaId, federalSchemaFolder, loadDraft04Schemas, MetricsService } from '@dxhub/platform';
import { PiiCipher, piiKeyFromBase64 } from '@dxhub/security';
import { CircuitBreakers } from '../federal/circuit-breakers';
import { FederalHubClient, FederalReply, responseCodeOf } from '../federal/federal-hub.client';
import { FederalMessageValidator } from '../federal/federal-message-validator';
import { FederalTransferService } from './federal-transfer.service';
import { ImmediateWebhooks } from '../deliveries/immediate-webhooks';
import type { WebhookDeliveryService } from '../deliveries/webhook-delivery.service';
import { testAuditJournal } from '@dxhub/testing';

const SSN = '123-45-6781';
const SSN_DIGITS = '123456781';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const cipher = new PiiCipher(piiKeyFromBase64(DEV_DEFAULTS.PII_ENCRYPTION_KEY));
const validator = new FederalMessageValidator();
const ajv = loadDraft04Schemas(federalSchemaFolder('ssa-rj3'));
const validFederalRequest = ajv.getSchema(draft04SchemaId('SSAC-Request-Schema.json')) as ValidateFunction;

const verificationRequest: VerificationRequest = {
  service: 'ssa-composite',
  subject: { ssn: SSN, firstName: 'Ana', lastName: 'Silva', dateOfBirth: '1980-02-29' },
  options: { citizenship: true },
  reference: 'case-0042',
};

function verificationRow(patch: Partial<VerificationRow> = {}, request: unknown = verificationRequest): VerificationRow {
  const now = new Date();
  return {
    id: '01J0000000000000000000VER1',
    exchangeId: 'exchange-ma',
    service: 'ssa-composite',
    source: 'ssa',
    status: 'queued',
    outcome: null,
    reference: 'case-0042',
    requestEnc: cipher.encryptJson(request),
    ssnLast4: '6781',
    resultEnc: null,
    responseCode: null,
    error: null,
    attempts: 0,
    round: 1,
    requestHash: 'hash',
    correlationId: 'corr-1',
    previousVerificationId: null,
    fti: false,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    ...patch,
  };
}

type EndAttemptInput = Parameters<VerificationRepository['endAttempt']>[0];

/** The repository as the transfer service uses it: each statement recorded, answers scripted. */
class FakeVerifications {
  row: VerificationRow | null = verificationRow();
  nextAttemptNo: number | null = 1;
  readonly started: { id: string; messageId: string; audit: AuditRow }[] = [];
  readonly ended: EndAttemptInput[] = [];
  readonly failedWithout: { id: string; error: Record<string, unknown>; audit: AuditRow }[] = [];

  findById = jest.fn(async (id: string) => (this.row && this.row.id === id ? this.row : null));
  startAttempt = jest.fn(async (id: string, _round: number, messageId: string, audit: AuditRow) => {
    this.started.push({ id, messageId, audit });
    return this.nextAttemptNo;
  });
  endAttempt = jest.fn(async (input: EndAttemptInput) => {
    this.ended.push(input);
    const webhookToSend = input.transition?.sendWebhookHere ? ({ id: 'dlv_sent_here' } as DeliveryToSend) : null;
    return { moved: input.transition !== undefined, webhookToSend };
  });
  failWithoutAttempt = jest.fn(async (id: string, error: Record<string, unknown>, audit: AuditRow) => {
    this.failedWithout.push({ id, error, audit });
    return true;
  });
}

/** The federal Hub client: records what is sent, answers what the test scripts. */
class FakeHub {
  readonly sent: { path: string; requestBytes: string; messageId: string }[] = [];
  replies: FederalReply[] = [];
  send = jest.fn(async (path: string, requestBytes: string, messageId: string): Promise<FederalReply> => {
    this.sent.push({ path, requestBytes, messageId });
    const reply = this.replies.shift();
    if (!reply) throw new Error('unexpected federal call');
    return reply;
  });
}

function answered(httpStatus: number, body: unknown): Extract<FederalReply, { answered: true }> {
  const rawBody = typeof body === 'string' ? body : JSON.stringify(body);
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    parsed = null;
  }
  return { answered: true, httpStatus, rawBody, body: parsed, responseCode: responseCodeOf(parsed), echoedMessageId: null };
}

const metadata = (responseCode: string, responseText = 'text') => ({ responseCode, responseText });
const successBody = (ssaResponse: Record<string, unknown>) => ({
  ssaCompositeResponse: {
    responseMetadata: metadata('HS000000', 'Success'),
    ssaCompositeIndividualResponseArray: [{ responseMetadata: metadata('HS000000', 'Success'), personSocialSecurityNumber: SSN_DIGITS, ssaResponse }],
  },
});
const VERIFIED = successBody({ ssnVerificationIndicator: true, deathConfirmationCode: 'Unconfirmed', personUSCitizenIndicator: true });
const errorBody = (code: string) => ({ ssaCompositeResponse: { responseMetadata: metadata(code) } });

const sha256 = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
const messageOf = (row: AuditRow) => testAuditJournal(cipher).readMessage(row.messageEnc);

/** Every audit row the service prepared for the repository, in order. */
function auditRows(repo: FakeVerifications): AuditRow[] {
  return [
    ...repo.started.map((s) => s.audit),
    ...repo.ended.flatMap((e) => [...e.always, ...(e.transition?.audit ?? [])]),
    ...repo.failedWithout.map((f) => f.audit),
  ];
}

describe('FederalTransferService', () => {
  const logs: string[] = [];
  const collect = (...args: unknown[]) => void logs.push(JSON.stringify(args));
  const collector: LoggerService = { log: collect, error: collect, warn: collect, debug: collect, verbose: collect, fatal: collect };

  let repo: FakeVerifications;
  let hub: FakeHub;
  let metrics: MetricsService;
  let service: FederalTransferService;
  let circuits: CircuitBreakers;
  let webhookSends: jest.Mock;

  beforeAll(() => Logger.overrideLogger(collector));
  afterAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    logs.length = 0;
    repo = new FakeVerifications();
    hub = new FakeHub();
    metrics = new MetricsService();
    service = new FederalTransferService(
      repo as unknown as VerificationRepository,
      cipher,
      testAuditJournal(cipher),
      hub as unknown as FederalHubClient,
      validator,
      metrics,
      { pollIntervalMs: 1000 },
      (circuits = new CircuitBreakers({ minCalls: 2, failureRate: 1, windowMs: 60_000, openMs: 60_000 }, metrics)),
      new ImmediateWebhooks({ sendFirstAttempt: (webhookSends = jest.fn(async () => 'done')) } as unknown as WebhookDeliveryService, { concurrency: 10 }),
    );
  });

  const attempt = (isLastAttempt = false) => service.attempt({ verificationId: '01J0000000000000000000VER1', round: 1, isLastAttempt });
  const callsMetric = async () => (await metrics.registry.getSingleMetric('dxhub_federal_calls_total')!.get()).values;

  it("names the verification and its correlation id on its log lines (there is no logging context per job)", async () => {
    hub.replies = [answered(200, VERIFIED)];
    await attempt();
    const completed = logs.map((line) => JSON.parse(line) as unknown[]).find((args) => args[1] === 'federal transfer completed');
    expect(completed?.[0]).toMatchObject({ verificationId: '01J0000000000000000000VER1', correlationId: 'corr-1' });
  });

  describe('a 200 answer valid per the SSA schema', () => {
    it('completes the verification with what the service definition makes of the answer', async () => {
      hub.replies = [answered(200, VERIFIED)];
      await expect(attempt()).resolves.toBe('done');

      expect(repo.ended).toHaveLength(1);
      const [end] = repo.ended;
      const messageId = hub.sent[0].messageId;
      expect(end.id).toBe('01J0000000000000000000VER1');
      expect(end.attempt).toEqual({ messageId, httpStatus: 200, responseCode: 'HS000000', result: 'success', error: null });
      expect(end.transition).toMatchObject({ to: 'completed', outcome: 'verified', responseCode: 'HS000000' });

      const expected = findService('ssa-composite')!.federal.interpret(VERIFIED, verificationRequest) as Interpretation;
      expect(expected.outcome).toBe('verified');
      expect(cipher.decryptJson(end.transition!.resultEnc!)).toEqual(expected.result);
      expect(cipher.decryptJson(end.transition!.resultEnc!)).toEqual({
        ssnVerified: true,
        deathConfirmed: false,
        citizenshipVerified: true,
        responseCode: 'HS000000',
      });
    });

    it('completes not_verified (still a successful transfer) for an unfavourable answer', async () => {
      hub.replies = [answered(200, successBody({ ssnVerificationIndicator: false }))];
      await expect(attempt()).resolves.toBe('done');
      const [end] = repo.ended;
      expect(end.attempt.result).toBe('success');
      expect(end.transition).toMatchObject({ to: 'completed', outcome: 'not_verified', responseCode: 'HS000000' });
      expect(cipher.decryptJson<Record<string, unknown>>(end.transition!.resultEnc!)).toMatchObject({ ssnVerified: false });
    });

    it('writes the audit kinds federal.request, federal.response and verification.completed', async () => {
      hub.replies = [answered(200, VERIFIED)];
      await attempt();
      expect(repo.started.map((s) => s.audit.kind)).toEqual(['federal.request']);
      expect(repo.ended[0].always.map((a) => a.kind)).toEqual(['federal.response']);
      expect(repo.ended[0].transition!.audit.map((a) => a.kind)).toEqual(['verification.completed']);
      for (const row of auditRows(repo)) {
        expect(row).toMatchObject({ exchangeId: 'exchange-ma', verificationId: '01J0000000000000000000VER1', actor: SYSTEM_ACTOR, correlationId: 'corr-1' });
      }
      expect(JSON.parse(messageOf(repo.ended[0].transition!.audit[0]))).toEqual({
        id: '01J0000000000000000000VER1',
        outcome: 'verified',
        responseCode: 'HS000000',
      });
    });

    it("sends the result's webhook itself once the transition has committed (no outbox row, no job)", async () => {
      hub.replies = [answered(200, VERIFIED)];
      await attempt();
      expect(repo.ended[0].transition).toMatchObject({ to: 'completed', sendWebhookHere: true });
      expect(webhookSends).toHaveBeenCalledWith({ id: 'dlv_sent_here' });
    });

    it('counts a successful call in the metrics', async () => {
      hub.replies = [answered(200, VERIFIED)];
      await attempt();
      expect(await callsMetric()).toContainEqual(expect.objectContaining({ labels: { source: 'ssa', result: 'success' }, value: 1 }));
    });
  });

  describe('the federal request', () => {
    it('is valid per the real schema, carries the 9-digit SSN and goes to the service path', async () => {
      hub.replies = [answered(200, VERIFIED)];
      await attempt();
      expect(hub.sent).toHaveLength(1);
      const { path, requestBytes } = hub.sent[0];
      expect(path).toBe('/hub/ssa-composite');
      const message = JSON.parse(requestBytes);
      expect(validFederalRequest(message)).toBe(true);
      expect(message.ssaCompositeRequest.ssaCompositeIndividualRequestArray[0]).toMatchObject({
        personSocialSecurityNumber: SSN_DIGITS,
        personSurName: 'Silva',
        requestCitizenshipVerificationIndicator: true,
      });
      expect(requestBytes).not.toContain(SSN);
    });

    it('uses a fresh UUID messageID per call, the same for the claim, the call and the attempt end', async () => {
      hub.replies = [answered(500, errorBody('HX009000')), answered(200, VERIFIED)];
      await attempt();
      repo.nextAttemptNo = 2;
      await attempt();
      const [first, second] = hub.sent.map((s) => s.messageId);
      expect(first).toMatch(UUID);
      expect(second).toMatch(UUID);
      expect(first).not.toBe(second);
      expect(repo.started.map((s) => s.messageId)).toEqual([first, second]);
      expect(repo.ended.map((e) => e.attempt.messageId)).toEqual([first, second]);
    });
  });

  describe('makes no call', () => {
    it.each(['completed', 'cancelled'])('for a %s verification', async (status) => {
      repo.row = verificationRow({ status });
      await expect(attempt()).resolves.toBe('done');
      expect(hub.send).not.toHaveBeenCalled();
      expect(repo.startAttempt).not.toHaveBeenCalled();
      expect(repo.endAttempt).not.toHaveBeenCalled();
      expect(repo.failWithoutAttempt).not.toHaveBeenCalled();
    });

    it('for a job of an earlier dispatch round (the verification was re-dispatched since)', async () => {
      repo.row = verificationRow({ round: 2 });
      await expect(attempt()).resolves.toBe('done');
      expect(hub.send).not.toHaveBeenCalled();
      expect(repo.startAttempt).not.toHaveBeenCalled();
      expect(repo.failWithoutAttempt).not.toHaveBeenCalled();
    });

    it('for a verification that does not exist', async () => {
      repo.row = null;
      await expect(attempt()).resolves.toBe('done');
      expect(hub.send).not.toHaveBeenCalled();
      expect(repo.startAttempt).not.toHaveBeenCalled();
      expect(repo.failWithoutAttempt).not.toHaveBeenCalled();
    });

    it('when the verification cannot be claimed (startAttempt returns null)', async () => {
      repo.nextAttemptNo = null;
      await expect(attempt(true)).resolves.toBe('done');
      expect(repo.startAttempt).toHaveBeenCalledTimes(1);
      expect(hub.send).not.toHaveBeenCalled();
      expect(repo.endAttempt).not.toHaveBeenCalled();
      expect(repo.failWithoutAttempt).not.toHaveBeenCalled();
    });

    it('for an unknown service, failing it without an attempt', async () => {
      repo.row = verificationRow({ service: 'no-such-service', attempts: 2 });
      await expect(attempt()).resolves.toBe('done');
      expect(hub.send).not.toHaveBeenCalled();
      expect(repo.startAttempt).not.toHaveBeenCalled();
      expect(repo.failedWithout).toHaveLength(1);
      const [failed] = repo.failedWithout;
      expect(failed.id).toBe('01J0000000000000000000VER1');
      expect(failed.error).toEqual({ code: 'DXHUB_INVALID_TRANSFER', message: expect.stringContaining('no-such-service'), source: 'ssa', attempts: 2 });
      expect(failed.audit.kind).toBe('verification.failed');
      expect(JSON.parse(messageOf(failed.audit))).toEqual(failed.error);
    });

    it('for a stored request that would break the Hub schema, failing it without an attempt and without quoting the SSN', async () => {
      const badSsn = '000-00-0000';
      repo.row = verificationRow({}, { ...verificationRequest, subject: { ...verificationRequest.subject, ssn: badSsn } });
      await expect(attempt()).resolves.toBe('done');
      expect(hub.send).not.toHaveBeenCalled();
      expect(repo.startAttempt).not.toHaveBeenCalled();
      const [failed] = repo.failedWithout;
      expect(failed.error).toMatchObject({ code: 'DXHUB_INVALID_TRANSFER', message: expect.stringMatching(/breaks the Hub schema/) });
      expect(JSON.stringify(failed.error)).not.toMatch(/000-?00-?0000/);
    });
  });

  describe('HTTP 500 HX009000 (retryable)', () => {
    it('asks for a retry, recording the attempt and the answer but moving nothing, when not the last attempt', async () => {
      hub.replies = [answered(500, errorBody('HX009000'))];
      await expect(attempt(false)).resolves.toBe('retry');
      expect(repo.ended).toHaveLength(1);
      const [end] = repo.ended;
      expect(end.transition).toBeUndefined();
      expect(end.attempt).toEqual({
        messageId: hub.sent[0].messageId,
        httpStatus: 500,
        responseCode: 'HX009000',
        result: 'retryable',
        error: expect.stringContaining('HTTP 500'),
      });
      expect(end.always.map((a) => a.kind)).toEqual(['federal.response']);
      expect(await callsMetric()).toContainEqual(expect.objectContaining({ labels: { source: 'ssa', result: 'retryable' }, value: 1 }));
    });

    it('fails the verification on the last attempt, with the code, the source and the attempt count', async () => {
      repo.nextAttemptNo = 5;
      hub.replies = [answered(500, errorBody('HX009000'))];
      await expect(attempt(true)).resolves.toBe('done');
      const [end] = repo.ended;
      expect(end.attempt).toMatchObject({ httpStatus: 500, responseCode: 'HX009000', result: 'retryable' });
      expect(end.transition).toMatchObject({
        to: 'failed',
        responseCode: 'HX009000',
        error: { code: 'HX009000', source: 'ssa', attempts: 5, message: expect.any(String) },
      });
      expect(end.transition!.audit.map((a) => a.kind)).toEqual(['verification.failed']);
      expect(JSON.parse(messageOf(end.transition!.audit[0]))).toEqual(end.transition!.error);
      expect(end.always.map((a) => a.kind)).toEqual(['federal.response']);
    });

    it('names the HTTP status when a 5xx answer has no response code', async () => {
      repo.nextAttemptNo = 3;
      hub.replies = [answered(503, '<html>Service Unavailable</html>')];
      await expect(attempt(true)).resolves.toBe('done');
      expect(repo.ended[0].transition).toMatchObject({ to: 'failed', responseCode: null, error: { code: 'HTTP_503', attempts: 3 } });
    });
  });

  describe('HTTP 400 HE007000 (permanent)', () => {
    it.each([false, true])('fails at once whatever the attempt (last attempt: %s)', async (isLast) => {
      hub.replies = [answered(400, errorBody('HE007000'))];
      await expect(attempt(isLast)).resolves.toBe('done');
      expect(hub.send).toHaveBeenCalledTimes(1);
      const [end] = repo.ended;
      expect(end.attempt).toMatchObject({ httpStatus: 400, responseCode: 'HE007000', result: 'permanent' });
      expect(end.transition).toMatchObject({ to: 'failed', responseCode: 'HE007000', error: { code: 'HE007000', source: 'ssa', attempts: 1 } });
      expect(await callsMetric()).toContainEqual(expect.objectContaining({ labels: { source: 'ssa', result: 'permanent' }, value: 1 }));
    });
  });

  describe('no answer (timeout, connection refused)', () => {
    it('asks for a retry, with no federal.response audit row, when not the last attempt', async () => {
      hub.replies = [{ answered: false, error: 'no answer within 10000 ms' }];
      await expect(attempt(false)).resolves.toBe('retry');
      const [end] = repo.ended;
      expect(end.transition).toBeUndefined();
      expect(end.always).toEqual([]);
      expect(end.attempt).toEqual({
        messageId: hub.sent[0].messageId,
        httpStatus: null,
        responseCode: null,
        result: 'retryable',
        error: 'no answer within 10000 ms',
      });
    });

    it('fails with FEDERAL_NO_ANSWER on the last attempt, still without a federal.response row', async () => {
      repo.nextAttemptNo = 5;
      hub.replies = [{ answered: false, error: 'ECONNREFUSED' }];
      await expect(attempt(true)).resolves.toBe('done');
      const [end] = repo.ended;
      expect(end.always).toEqual([]);
      expect(end.transition).toMatchObject({
        to: 'failed',
        responseCode: null,
        error: { code: 'FEDERAL_NO_ANSWER', message: 'ECONNREFUSED', source: 'ssa', attempts: 5 },
      });
      expect(auditRows(repo).map((a) => a.kind)).toEqual(['federal.request', 'verification.failed']);
    });
  });

  describe('a 200 whose body breaks the response schema', () => {
    const broken = { ssaCompositeResponse: { ssaCompositeIndividualResponseArray: [{ personSocialSecurityNumber: SSN_DIGITS }] } };

    it('is retryable (FEDERAL_BAD_RESPONSE): retry when not the last attempt, the answer still audited', async () => {
      hub.replies = [answered(200, broken)];
      await expect(attempt(false)).resolves.toBe('retry');
      const [end] = repo.ended;
      expect(end.transition).toBeUndefined();
      expect(end.attempt).toMatchObject({ httpStatus: 200, result: 'retryable', error: expect.stringContaining('breaks the Hub schema') });
      expect(end.always.map((a) => a.kind)).toEqual(['federal.response']);
    });

    it('fails with FEDERAL_BAD_RESPONSE on the last attempt', async () => {
      hub.replies = [answered(200, broken)];
      await expect(attempt(true)).resolves.toBe('done');
      expect(repo.ended[0].transition).toMatchObject({ to: 'failed', error: { code: 'FEDERAL_BAD_RESPONSE', source: 'ssa' } });
    });

    it('treats a 200 that is not JSON the same way', async () => {
      hub.replies = [answered(200, 'not json at all')];
      await expect(attempt(false)).resolves.toBe('retry');
      expect(repo.ended[0].attempt).toMatchObject({ httpStatus: 200, result: 'retryable' });
    });
  });

  describe('a duplicate delivery (the answer carries another call\'s messageID)', () => {
    it('is recorded but never applied, and the call is retried', async () => {
      hub.replies = [{ ...answered(200, VERIFIED), echoedMessageId: '00000000-0000-4000-8000-000000000000' }];
      await expect(attempt(false)).resolves.toBe('retry');
      const [end] = repo.ended;
      expect(end.transition).toBeUndefined();
      expect(end.attempt).toMatchObject({ result: 'retryable', error: expect.stringContaining('messageID') });
      expect(end.always.map((a) => a.kind)).toEqual(['federal.response']);
    });

    it('accepts an answer that echoes this call\'s own messageID', async () => {
      hub.replies = [answered(200, VERIFIED)];
      hub.send.mockImplementationOnce(async (path: string, requestBytes: string, messageId: string) => {
        hub.sent.push({ path, requestBytes, messageId });
        return { ...answered(200, VERIFIED), echoedMessageId: messageId };
      });
      await expect(attempt()).resolves.toBe('done');
      expect(repo.ended[0].transition).toMatchObject({ to: 'completed' });
    });
  });

  describe('HTTP 429 past the Hub\'s rate limit', () => {
    it('waits what Retry-After says instead of spending a retry', async () => {
      hub.replies = [{ ...answered(429, errorBody('HX009000')), retryAfterMs: 2000 }];
      await expect(attempt(false)).resolves.toEqual({ waitMs: 2000 });
      expect(repo.ended[0].attempt).toMatchObject({ httpStatus: 429, result: 'retryable' });
    });

    it('falls back to the normal backoff when the Hub gives no Retry-After', async () => {
      hub.replies = [answered(429, errorBody('HX009000'))];
      await expect(attempt(false)).resolves.toBe('retry');
    });
  });

  describe('the source\'s circuit breaker', () => {
    it('opens after repeated transport failures; then jobs wait without a call or a spent attempt', async () => {
      hub.replies = [answered(500, errorBody('HX005001')), answered(500, errorBody('HX005001'))];
      await attempt();
      await attempt();
      expect(circuits.states().ssa).toBe('open');
      const startedBefore = repo.started.length;
      const result = await attempt();
      expect(result).toEqual({ waitMs: expect.any(Number) });
      expect(repo.started).toHaveLength(startedBefore);
      expect(hub.sent).toHaveLength(2);
      expect(circuits.states().irs).toBe('closed');
    });

    it('does not count business answers and rejections as failures', async () => {
      hub.replies = [answered(400, errorBody('HE007000')), answered(400, errorBody('HE007000'))];
      await attempt();
      await attempt();
      expect(circuits.states().ssa).toBe('closed');
    });

    it('exports its state as a metric', async () => {
      const gauge = await metrics.registry.getSingleMetric('dxhub_circuit_state')!.get();
      expect(gauge.values).toContainEqual(expect.objectContaining({ labels: { source: 'ssa' }, value: 0 }));
    });
  });

  describe('an unexpected error (database, decryption, a defect)', () => {
    it('propagates so BullMQ retries it, when not the last attempt', async () => {
      repo.startAttempt.mockRejectedValueOnce(new Error('connection terminated'));
      await expect(attempt(false)).rejects.toThrow('connection terminated');
      expect(repo.failedWithout).toHaveLength(0);
    });

    it('fails the verification visibly on the last attempt instead of leaving it open', async () => {
      repo.startAttempt.mockRejectedValueOnce(new Error('connection terminated'));
      await expect(attempt(true)).resolves.toBe('done');
      expect(repo.failedWithout).toHaveLength(1);
      expect(repo.failedWithout[0].error).toMatchObject({ code: 'DXHUB_TRANSFER_ERROR', source: 'ssa', message: expect.stringContaining('connection terminated') });
      expect(repo.failedWithout[0].audit.kind).toBe('verification.failed');
    });
  });

  describe('PII in the audit trail', () => {
    it('never keeps the SSN in clear, and digests the exact bytes that crossed the boundary', async () => {
      const rawAnswer = JSON.stringify(VERIFIED, null, 1); // not re-serialised: the digest is of these bytes
      hub.replies = [{ answered: true, httpStatus: 200, rawBody: rawAnswer, body: JSON.parse(rawAnswer), responseCode: 'HS000000', echoedMessageId: null }];
      await attempt();

      const rows = auditRows(repo);
      expect(rows.map((r) => r.kind)).toEqual(['federal.request', 'federal.response', 'verification.completed']);
      for (const row of rows) {
        const stored = JSON.stringify(row);
        expect(stored).not.toContain(SSN_DIGITS);
        expect(stored).not.toContain(SSN);
        expect(row.messageEnc).toMatch(/^b1\./); // the bytes as they are, not their base64 text
      }

      const [request, response] = rows;
      const sent = hub.sent[0].requestBytes;
      expect(sent).toContain(SSN_DIGITS); // the federal side does get the SSN...
      expect(request.digest).toBe(sha256(sent)); // ...and the audit keeps its digest and encrypted copy
      expect(messageOf(request)).toBe(sent);
      expect(response.digest).toBe(sha256(rawAnswer));
      expect(messageOf(response)).toBe(rawAnswer);
      expect(response.digest).not.toBe(sha256(JSON.stringify(VERIFIED)));

      expect(logs.join('\n')).not.toContain(SSN_DIGITS);
      expect(cipher.decrypt(repo.ended[0].transition!.resultEnc!)).not.toContain(SSN_DIGITS);
    });

    it('keeps the SSN out of failure audit rows and logs', async () => {
      hub.replies = [answered(400, errorBody('HE007000'))];
      await attempt();
      for (const row of auditRows(repo)) expect(JSON.stringify(row)).not.toContain(SSN_DIGITS);
      expect(JSON.stringify(repo.ended[0].attempt satisfies AttemptEnd)).not.toContain(SSN_DIGITS);
      expect(logs.join('\n')).not.toContain(SSN_DIGITS);
      expect(logs.length).toBeGreaterThan(0); // the collector did see the service's logs
    });
  });
});
