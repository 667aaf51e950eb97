import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { OUTBOX_CHANNEL } from '@dxhub/contracts';
import { countRows, insertExchange, integrationDatabaseUrl, openIntegrationDatabase, testAuditRow, testPiiCipher } from '@dxhub/testing';
import { newId } from '../ids';
import { DeliveryRepository } from './delivery.repository';
import { VerificationRepository } from './verification.repository';

// Against the real PostgreSQL (DATABASE_URL = dxhub_test, recreated for this file): deliveries are created
// with a verification's end, in the same statement, only when the exchange has a webhook.

const WITH_WEBHOOK = 'ex-hooked';
const WITHOUT_WEBHOOK = 'ex-polling';
const cipher = testPiiCipher();

let dataSource: DataSource;
let verifications: VerificationRepository;
let deliveries: DeliveryRepository;

const audit = (id: string, exchangeId: string, kind: 'federal.request' | 'verification.completed' | 'verification.failed' | 'delivery.attempt') =>
  testAuditRow({ kind, exchangeId, verificationId: id, actor: 'system:broker', message: { id } }, cipher);

/** A verification of `exchangeId`, received and claimed once (in_progress, attempt 1 started). */
async function inProgress(exchangeId: string): Promise<{ id: string; messageId: string; correlationId: string }> {
  const id = newId.verification();
  const correlationId = randomUUID();
  const received = await verifications.insertReceived(
    {
      id,
      exchangeId,
      service: 'ssa-composite',
      source: 'ssa',
      reference: null,
      requestEnc: cipher.encryptJson({ subject: { lastName: 'Silva' } }),
      ssnIndex: null,
      ssnLast4: '6789',
      idempotencyKey: null,
      requestHash: 'hash',
      correlationId,
    },
    testAuditRow({ kind: 'verification.received', exchangeId, verificationId: id }, cipher),
  );
  if (!received) throw new Error('setup: not received');
  const messageId = randomUUID();
  if ((await verifications.startAttempt(id, 0, messageId, audit(id, exchangeId, 'federal.request'))) !== 1) throw new Error('setup: not claimed');
  return { id, messageId, correlationId };
}

function endWith(v: { id: string; messageId: string }, exchangeId: string, to: 'completed' | 'failed' | 'awaiting_federal', sendWebhookHere = false) {
  return verifications.endAttempt({
    id: v.id,
    attempt: { messageId: v.messageId, httpStatus: 200, responseCode: 'HS000000', result: 'success', error: null },
    always: [],
    transition: {
      to,
      outcome: to === 'completed' ? 'verified' : null,
      error: to === 'failed' ? { code: 'HX005001' } : null,
      audit: to === 'awaiting_federal' ? [] : [audit(v.id, exchangeId, `verification.${to}`)],
      sendWebhookHere,
    },
  });
}

const end = async (v: { id: string; messageId: string }, exchangeId: string, to: 'completed' | 'failed' | 'awaiting_federal') =>
  (await endWith(v, exchangeId, to)).moved;

const deliveriesOf = (verificationId: string) => dataSource.query('SELECT * FROM deliveries WHERE verification_id = $1', [verificationId]);
const deliveryOutboxRows = (deliveryId: string) =>
  dataSource.query(`SELECT payload FROM outbox WHERE topic = 'delivery.send' AND payload->>'deliveryId' = $1`, [deliveryId]);

beforeAll(async () => {
  dataSource = await openIntegrationDatabase();
  verifications = new VerificationRepository(dataSource);
  deliveries = new DeliveryRepository(dataSource);
  await insertExchange(dataSource, WITH_WEBHOOK);
  await insertExchange(dataSource, WITHOUT_WEBHOOK);
  await dataSource.query(`UPDATE exchanges SET webhook_url = 'https://hooks.example.gov/dxhub', webhook_secret_enc = $2 WHERE id = $1`, [
    WITH_WEBHOOK,
    cipher.encrypt('whsec_test'),
  ]);
});

afterAll(async () => {
  await dataSource?.destroy();
});

describe('a verification reaching its end', () => {
  it('completed, with a webhook: exactly one pending delivery and one delivery.send outbox row, ids only', async () => {
    const v = await inProgress(WITH_WEBHOOK);
    expect(await end(v, WITH_WEBHOOK, 'completed')).toBe(true);

    const rows = await deliveriesOf(v.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ exchange_id: WITH_WEBHOOK, type: 'verification.completed', status: 'pending', attempts: 0, delivered_at: null });
    expect(rows[0].id).toMatch(/^dlv_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect((await deliveryOutboxRows(rows[0].id)).map((r: { payload: unknown }) => r.payload)).toEqual([
      { deliveryId: rows[0].id, correlationId: v.correlationId },
    ]);
  });

  it('completed, without a webhook: no delivery and no delivery outbox row (the exchange polls)', async () => {
    const outboxBefore = await countRows(dataSource, 'outbox', `topic = 'delivery.send'`);
    const v = await inProgress(WITHOUT_WEBHOOK);
    expect(await end(v, WITHOUT_WEBHOOK, 'completed')).toBe(true);
    expect(await deliveriesOf(v.id)).toHaveLength(0);
    expect(await countRows(dataSource, 'outbox', `topic = 'delivery.send'`)).toBe(outboxBefore);
  });

  it('failed (after an attempt, or without one): a verification.failed delivery', async () => {
    const attempted = await inProgress(WITH_WEBHOOK);
    expect(await end(attempted, WITH_WEBHOOK, 'failed')).toBe(true);
    expect(await deliveriesOf(attempted.id)).toEqual([expect.objectContaining({ type: 'verification.failed', status: 'pending' })]);

    const unattempted = await inProgress(WITH_WEBHOOK);
    const error = { code: 'DXHUB_INVALID_TRANSFER' };
    expect(await verifications.failWithoutAttempt(unattempted.id, error, audit(unattempted.id, WITH_WEBHOOK, 'verification.failed'))).toBe(true);
    const [delivery] = await deliveriesOf(unattempted.id);
    expect(delivery).toMatchObject({ type: 'verification.failed', status: 'pending' });
    expect(await deliveryOutboxRows(delivery.id)).toHaveLength(1);
  });

  it('no delivery for a step that is not an end (awaiting_federal), nor for a transition the state machine refuses', async () => {
    const waiting = await inProgress(WITH_WEBHOOK);
    expect(await end(waiting, WITH_WEBHOOK, 'awaiting_federal')).toBe(true);
    expect(await deliveriesOf(waiting.id)).toHaveLength(0);

    const done = await inProgress(WITH_WEBHOOK);
    expect(await end(done, WITH_WEBHOOK, 'completed')).toBe(true);
    // A late duplicate answer: the guarded update matches nothing, so no second delivery.
    expect(await end(done, WITH_WEBHOOK, 'completed')).toBe(false);
    expect(await end(done, WITH_WEBHOOK, 'failed')).toBe(false);
    expect(await deliveriesOf(done.id)).toHaveLength(1);
  });

  it('left to the broker (sendWebhookHere): attempt 1 started, and all it takes to send it comes back, with no outbox row', async () => {
    const v = await inProgress(WITH_WEBHOOK);
    const ended = await endWith(v, WITH_WEBHOOK, 'completed', true);
    const rows = await deliveriesOf(v.id);
    expect(rows).toEqual([expect.objectContaining({ status: 'pending', attempts: 1, channel: 'webhook' })]);
    expect(ended.moved).toBe(true);
    const toSend = ended.webhookToSend!;
    expect(toSend).toMatchObject({
      id: rows[0].id,
      verificationId: v.id,
      type: 'verification.completed',
      channel: 'webhook',
      status: 'pending',
      attempts: 1,
      webhookUrl: 'https://hooks.example.gov/dxhub',
    });
    expect(cipher.decrypt(toSend.webhookSecretEnc!)).toBe('whsec_test');
    expect(toSend.createdAt).toBeInstanceOf(Date);
    // The verification as it is now (what GET shows), the same as a delivery job would load.
    expect(toSend.verification).toEqual((await deliveries.findToSend(rows[0].id))!.verification);
    expect(toSend.verification).toMatchObject({ id: v.id, status: 'completed', outcome: 'verified', completedAt: expect.any(Date) });
    const attempts = await dataSource.query('SELECT attempt_no, started_at, finished_at FROM delivery_attempts WHERE delivery_id = $1', [rows[0].id]);
    expect(attempts).toEqual([{ attempt_no: 1, started_at: expect.any(Date), finished_at: null }]);
    expect(await deliveryOutboxRows(rows[0].id)).toHaveLength(0);

    // Nothing to send: no webhook, or no move.
    const polling = await inProgress(WITHOUT_WEBHOOK);
    expect(await endWith(polling, WITHOUT_WEBHOOK, 'completed', true)).toEqual({ moved: true, webhookToSend: null });
    expect(await endWith(v, WITH_WEBHOOK, 'failed', true)).toEqual({ moved: false, webhookToSend: null });
  });

  it('wakes the outbox relay on commit when a delivery is created', async () => {
    const listener = new Client({ connectionString: integrationDatabaseUrl() });
    await listener.connect();
    try {
      const notified: string[] = [];
      listener.on('notification', (n) => notified.push(n.channel));
      await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
      const v = await inProgress(WITH_WEBHOOK);
      await new Promise((resolve) => setTimeout(resolve, 100));
      notified.length = 0; // the receipt's own notification
      await end(v, WITH_WEBHOOK, 'completed');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(notified).toEqual([OUTBOX_CHANNEL]);
    } finally {
      await listener.end();
    }
  });
});

describe('DeliveryRepository', () => {
  async function pendingDelivery(): Promise<{ deliveryId: string; verificationId: string }> {
    const v = await inProgress(WITH_WEBHOOK);
    await end(v, WITH_WEBHOOK, 'completed');
    return { deliveryId: (await deliveriesOf(v.id))[0].id, verificationId: v.id };
  }

  it('finds a delivery with its exchange webhook (secret still encrypted)', async () => {
    const { deliveryId, verificationId } = await pendingDelivery();
    const found = await deliveries.findToSend(deliveryId);
    expect(found).toMatchObject({ id: deliveryId, verificationId, exchangeId: WITH_WEBHOOK, status: 'pending', webhookUrl: 'https://hooks.example.gov/dxhub' });
    expect(cipher.decrypt(found!.webhookSecretEnc!)).toBe('whsec_test');
    expect(await deliveries.findToSend('dlv_missing')).toBeNull();
  });

  it('records attempts: a retry keeps it pending, a 2xx delivers it, and then it takes no more attempts', async () => {
    const { deliveryId, verificationId } = await pendingDelivery();
    expect(await deliveries.startAttempt(deliveryId)).toBe(1);
    await deliveries.endAttempt({
      deliveryId,
      attemptNo: 1,
      httpStatus: 500,
      error: 'the webhook answered HTTP 500',
      outcome: 'retry',
      audit: audit(verificationId, WITH_WEBHOOK, 'delivery.attempt'),
    });
    expect(await deliveries.findToSend(deliveryId)).toMatchObject({ status: 'pending', attempts: 1, lastHttpStatus: 500, deliveredAt: null });

    expect(await deliveries.startAttempt(deliveryId)).toBe(2);
    const deliveredAudit = audit(verificationId, WITH_WEBHOOK, 'delivery.attempt');
    await deliveries.endAttempt({ deliveryId, attemptNo: 2, httpStatus: 204, error: null, outcome: 'delivered', audit: deliveredAudit });
    const delivered = await deliveries.findToSend(deliveryId);
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 2, lastHttpStatus: 204, lastError: null });
    expect(delivered!.deliveredAt).toBeInstanceOf(Date);
    expect(await deliveries.startAttempt(deliveryId)).toBeNull();

    const attempts = await dataSource.query(
      'SELECT attempt_no, http_status, error, finished_at FROM delivery_attempts WHERE delivery_id = $1 ORDER BY attempt_no',
      [deliveryId],
    );
    expect(attempts).toEqual([
      expect.objectContaining({ attempt_no: 1, http_status: 500, error: 'the webhook answered HTTP 500', finished_at: expect.any(Date) }),
      expect.objectContaining({ attempt_no: 2, http_status: 204, error: null, finished_at: expect.any(Date) }),
    ]);
    expect(await countRows(dataSource, 'audit_events', `verification_id = $1 AND kind = 'delivery.attempt'`, [verificationId])).toBe(2);
  });

  it('queues the retry of an attempt made outside a job through the outbox (delay, attempt number), and nothing once delivered', async () => {
    const { deliveryId, verificationId } = await pendingDelivery();
    await dataSource.query(`DELETE FROM outbox WHERE payload->>'deliveryId' = $1`, [deliveryId]); // as if left to the broker
    const correlationId = randomUUID();
    const attempt = async (attemptNo: number, outcome: 'retry' | 'delivered') => {
      expect(await deliveries.startAttempt(deliveryId)).toBe(attemptNo);
      await deliveries.endAttempt({
        deliveryId,
        attemptNo,
        httpStatus: outcome === 'retry' ? 503 : 200,
        error: outcome === 'retry' ? 'the webhook answered HTTP 503' : null,
        outcome,
        audit: audit(verificationId, WITH_WEBHOOK, 'delivery.attempt'),
        retryThroughOutbox: { delayMs: 10_000, correlationId },
      });
    };
    await attempt(1, 'retry');
    expect((await deliveryOutboxRows(deliveryId)).map((r: { payload: unknown }) => r.payload)).toEqual([
      { deliveryId, correlationId, delayMs: 10_000, priorAttempts: 1 },
    ]);
    await attempt(2, 'delivered');
    expect(await deliveryOutboxRows(deliveryId)).toHaveLength(1);
    expect(await deliveries.findToSend(deliveryId)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('leaves out of the idle list a delivery whose attempt is still being sent, and lists it once that attempt has outlived its limit', async () => {
    const v = await inProgress(WITH_WEBHOOK);
    const { webhookToSend } = await endWith(v, WITH_WEBHOOK, 'completed', true); // attempt 1 started, not ended
    const id = webhookToSend!.id;
    await dataSource.query(`UPDATE deliveries SET updated_at = now() - interval '2 minutes' WHERE id = $1`, [id]);
    const idleIds = async (sendingMs: number) => (await deliveries.idlePending(60_000, 1000, sendingMs)).map((d) => d.id);

    expect(await idleIds(10_000)).not.toContain(id); // started just now: being sent
    expect(await idleIds(0)).toContain(id);
    await dataSource.query(`UPDATE delivery_attempts SET started_at = now() - interval '20 seconds' WHERE delivery_id = $1`, [id]);
    expect(await idleIds(10_000)).toContain(id); // a crash left it unfinished: the reconciler takes it
  });

  it('lists failed deliveries for the operators, newest first, filtered, with a cursor', async () => {
    const failed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { deliveryId, verificationId } = await pendingDelivery();
      await deliveries.startAttempt(deliveryId);
      await deliveries.endAttempt({
        deliveryId,
        attemptNo: 1,
        httpStatus: null,
        error: 'the webhook could not be reached: ECONNREFUSED',
        outcome: 'failed',
        audit: audit(verificationId, WITH_WEBHOOK, 'delivery.attempt'),
      });
      failed.unshift(deliveryId);
    }
    const { deliveryId: noWebhook } = await pendingDelivery();
    expect(await deliveries.failWithoutAttempt(noWebhook, 'the exchange has no webhook any more')).toBe(true);
    expect(await deliveries.failWithoutAttempt(noWebhook, 'again')).toBe(false);
    failed.unshift(noWebhook);

    const page1 = await deliveries.listFailedDeliveries({ exchangeId: WITH_WEBHOOK, service: 'ssa-composite', source: 'ssa', limit: 3 });
    expect(page1.rows.map((r) => r.id)).toEqual(failed.slice(0, 3));
    expect(page1.hasMore).toBe(true);
    expect(page1.rows[1]).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastHttpStatus: null,
      lastError: expect.stringContaining('ECONNREFUSED'),
      service: 'ssa-composite',
    });
    const page2 = await deliveries.listFailedDeliveries({ exchangeId: WITH_WEBHOOK, afterId: page1.rows[2].id, limit: 3 });
    expect(page2).toEqual({ rows: [expect.objectContaining({ id: failed[3] })], hasMore: false });

    expect((await deliveries.listFailedDeliveries({ exchangeId: WITHOUT_WEBHOOK, limit: 10 })).rows).toEqual([]);
    expect((await deliveries.listFailedDeliveries({ source: 'dhs', limit: 10 })).rows).toEqual([]);
    expect((await deliveries.listFailedDeliveries({ until: new Date(Date.now() - 60_000), limit: 10 })).rows).toEqual([]);
    expect((await deliveries.listFailedDeliveries({ since: new Date(Date.now() - 60_000), limit: 10 })).rows).toHaveLength(4);
  });
});
