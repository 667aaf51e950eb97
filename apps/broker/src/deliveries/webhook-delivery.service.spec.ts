import { Logger } from '@nestjs/common';
import { SYSTEM_ACTOR } from '@dxhub/audit';
import { VerificationPresenter } from '@dxhub/hub-core';
import type { BatchRepository, BatchRow, DeliveryAttemptEnd, DeliveryRepository, DeliveryToSend, VerificationRow } from '@dxhub/persistence';
import { DEV_DEFAULTS, MetricsService } from '@dxhub/platform';
import { PiiCipher, piiKeyFromBase64 } from '@dxhub/security';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { webhookSignature } from './webhook-signature';
import type { WebhookClient, WebhookReply } from './webhook.client';
import { testAuditJournal } from '@dxhub/testing';

const cipher = new PiiCipher(piiKeyFromBase64(DEV_DEFAULTS.PII_ENCRYPTION_KEY));
const created = new Date('2026-11-26T12:00:00.000Z');

const verification: VerificationRow = {
  id: 'ver_1',
  exchangeId: 'ma',
  service: 'ssa-composite',
  source: 'ssa',
  status: 'completed',
  outcome: 'verified',
  reference: 'case-1',
  requestEnc: cipher.encryptJson({ subject: { ssn: '123-45-6781' } }),
  ssnLast4: '6781',
  resultEnc: cipher.encryptJson({ ssnVerified: true, responseCode: 'HS000000' }),
  responseCode: 'HS000000',
  error: null,
  attempts: 1,
  round: 0,
  requestHash: 'hash',
  correlationId: 'corr-1',
  previousVerificationId: null,
  fti: false,
  createdAt: created,
  updatedAt: created,
  completedAt: created,
};

const batch: BatchRow = {
  id: 'bat_1',
  exchangeId: 'ma',
  status: 'completed',
  total: 3,
  dispatchedThrough: 3,
  requestHash: 'hash',
  correlationId: 'corr-batch',
  createdAt: created,
  completedAt: created,
};
const batches = { findById: async () => batch, counts: async () => ({ completed: 2, failed: 1 }) };

function delivery(patch: Partial<DeliveryToSend> = {}): DeliveryToSend {
  return {
    id: 'dlv_1',
    verificationId: 'ver_1',
    batchId: null,
    exchangeId: 'ma',
    type: 'verification.completed',
    channel: 'webhook',
    idempotencyKey: null,
    status: 'pending',
    attempts: 0,
    createdAt: created,
    updatedAt: created,
    deliveredAt: null,
    lastError: null,
    lastHttpStatus: null,
    webhookUrl: 'https://ma.example.gov/hook',
    webhookSecretEnc: cipher.encrypt('whsec_secret'),
    verification,
    ...patch,
  };
}

describe('WebhookDeliveryService', () => {
  let stored: DeliveryToSend;
  let nextAttemptNo: number | null;
  let ended: DeliveryAttemptEnd[];
  let failedWithout: string[];
  let posts: { url: string; rawBody: string; signature: string }[];
  let reply: WebhookReply;
  let service: WebhookDeliveryService;

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  beforeEach(() => {
    stored = delivery();
    nextAttemptNo = 1;
    ended = [];
    failedWithout = [];
    posts = [];
    reply = { httpStatus: 200, error: null };
    const deliveries = {
      findToSend: async () => stored,
      startAttempt: async () => nextAttemptNo,
      endAttempt: async (end: DeliveryAttemptEnd) => void ended.push(end),
      failWithoutAttempt: async (id: string) => (failedWithout.push(id), true),
    };
    const client = { post: async (url: string, rawBody: string, signature: string) => (posts.push({ url, rawBody, signature }), reply) };
    service = new WebhookDeliveryService(
      deliveries as unknown as DeliveryRepository,
      new VerificationPresenter(cipher),
      cipher,
      testAuditJournal(cipher),
      client as unknown as WebhookClient,
      new MetricsService(),
      { retry: { baseMs: 100, horizonMs: 1000 } }, // delays 100, 300, 600: 4 attempts
      batches as unknown as BatchRepository,
    );
  });

  it('POSTs the delivery with the resource as data, signed with the decrypted secret, and marks it delivered', async () => {
    await expect(service.deliver('dlv_1')).resolves.toBe('done');
    const [post] = posts;
    expect(post.url).toBe('https://ma.example.gov/hook');
    expect(JSON.parse(post.rawBody)).toEqual({
      id: 'dlv_1',
      type: 'verification.completed',
      createdAt: '2026-11-26T12:00:00.000Z',
      data: new VerificationPresenter(cipher).present(verification, { fti: 'show' }),
    });
    const t = Number(/^t=(\d+),/.exec(post.signature)![1]);
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(5);
    expect(post.signature).toBe(webhookSignature('whsec_secret', t, post.rawBody));
    expect(post.rawBody).not.toContain('123-45-6781');

    expect(ended).toEqual([expect.objectContaining({ deliveryId: 'dlv_1', attemptNo: 1, httpStatus: 200, error: null, outcome: 'delivered' })]);
    expect(ended[0].audit).toMatchObject({ kind: 'delivery.attempt', exchangeId: 'ma', verificationId: 'ver_1', actor: SYSTEM_ACTOR, correlationId: 'corr-1' });
    const message = JSON.parse(testAuditJournal(cipher).readMessage(ended[0].audit.messageEnc));
    expect(message).toMatchObject({ deliveryId: 'dlv_1', attemptNo: 1, httpStatus: 200, outcome: 'delivered', body: post.rawBody });
  });

  it('decrypts an exchange\'s secret once for all its deliveries, and signs with a rotated secret at once', async () => {
    const decrypt = jest.spyOn(cipher, 'decrypt');
    try {
      const first = stored.webhookSecretEnc;
      await service.deliver('dlv_1');
      await service.deliver('dlv_1');
      expect(decrypt.mock.calls.filter(([envelope]) => envelope === first)).toHaveLength(1);
      stored = delivery({ webhookSecretEnc: cipher.encrypt('whsec_rotated') });
      await service.deliver('dlv_1');
      const last = posts[2];
      const t = Number(/^t=(\d+),/.exec(last.signature)![1]);
      expect(last.signature).toBe(webhookSignature('whsec_rotated', t, last.rawBody));
    } finally {
      decrypt.mockRestore();
    }
  });

  it('asks for a retry after a non-2xx answer or none, while the schedule lasts', async () => {
    reply = { httpStatus: 500, error: 'the webhook answered HTTP 500' };
    await expect(service.deliver('dlv_1')).resolves.toBe('retry');
    nextAttemptNo = 3;
    reply = { httpStatus: null, error: 'the webhook could not be reached: no answer within 10000 ms' };
    await expect(service.deliver('dlv_1')).resolves.toBe('retry');
    expect(ended.map((e) => [e.attemptNo, e.httpStatus, e.outcome])).toEqual([
      [1, 500, 'retry'],
      [3, null, 'retry'],
    ]);
  });

  it("sends the broker's own first attempt as it was started (no load, no start) and queues its retry through the outbox", async () => {
    reply = { httpStatus: 503, error: 'the webhook answered HTTP 503' };
    nextAttemptNo = null; // a start now would be refused: the first attempt must not ask for one
    await expect(service.sendFirstAttempt(delivery({ attempts: 1 }))).resolves.toBe('retry');
    expect(posts).toHaveLength(1);
    expect(ended[0]).toMatchObject({ attemptNo: 1, outcome: 'retry', retryThroughOutbox: { delayMs: 100, correlationId: 'corr-1' } });
    nextAttemptNo = 2;
    // Inside a job, BullMQ's backoff retries it: nothing through the outbox.
    await service.deliver('dlv_1');
    expect(ended[1].retryThroughOutbox).toBeUndefined();
  });

  it('fails the delivery when the last attempt of the schedule fails', async () => {
    nextAttemptNo = 4;
    reply = { httpStatus: 503, error: 'the webhook answered HTTP 503' };
    await expect(service.deliver('dlv_1')).resolves.toBe('done');
    expect(ended).toEqual([expect.objectContaining({ attemptNo: 4, httpStatus: 503, outcome: 'failed' })]);
  });

  it('leaves a delivery that is no longer pending alone (a duplicate or late job)', async () => {
    stored = delivery({ status: 'delivered' });
    await expect(service.deliver('dlv_1')).resolves.toBe('done');
    nextAttemptNo = null;
    stored = delivery();
    await expect(service.deliver('dlv_1')).resolves.toBe('done');
    expect(posts).toEqual([]);
    expect(ended).toEqual([]);
  });

  it('POSTs batch.completed with the batch resource as data, audited about the exchange and no verification', async () => {
    stored = delivery({ verificationId: null, batchId: 'bat_1', type: 'batch.completed' });
    await expect(service.deliver('dlv_1')).resolves.toBe('done');
    const [post] = posts;
    expect(JSON.parse(post.rawBody)).toEqual({
      id: 'dlv_1',
      type: 'batch.completed',
      createdAt: '2026-11-26T12:00:00.000Z',
      data: { id: 'bat_1', status: 'completed', total: 3, counts: { completed: 2, failed: 1 }, createdAt: created.toISOString(), completedAt: created.toISOString() },
    });
    expect(ended[0].audit).toMatchObject({ kind: 'delivery.attempt', exchangeId: 'ma', verificationId: null, actor: SYSTEM_ACTOR, correlationId: 'corr-batch' });
  });

  it('fails a delivery whose exchange no longer has a webhook, without a call', async () => {
    stored = delivery({ webhookUrl: null, webhookSecretEnc: null });
    await expect(service.deliver('dlv_1')).resolves.toBe('done');
    expect(failedWithout).toEqual(['dlv_1']);
    expect(posts).toEqual([]);
  });
});
