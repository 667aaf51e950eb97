import { Logger } from '@nestjs/common';
import { Problems } from '@dxhub/platform';
import { AmqpIntakeService } from './amqp-intake.service';
import type { ConsumedMessage } from './amqp-replies';

// The AMQP intake's decisions, with the database, the HTTP intake and RabbitMQ faked: who the sender is,
// what is dead-lettered (and answered), and that the hub's own failure requeues instead.
function setup(options: { exchangeOf?: (user: string) => Promise<string | null>; submit?: () => Promise<unknown> } = {}) {
  const calls: string[] = [];
  const replies = {
    reply: jest.fn(async (_c, exchangeId: string, event: string) => void calls.push(`reply ${exchangeId}.${event}`)),
    deadLetter: jest.fn(async (_c, _m, refusal: { reason: string }) => void calls.push(`dlq ${refusal.reason}`)),
  };
  const intake = { submit: jest.fn(options.submit ?? (async () => ({ created: true, resource: { id: 'ver_1', status: 'queued' } }))) };
  const tenants = { exchangeOfAmqpUser: jest.fn(options.exchangeOf ?? (async (user: string) => (user === 'ma-backend' ? 'ma' : null))) };
  const metrics = { counter: () => ({ inc: () => undefined }) };
  const channel = { ack: jest.fn(() => void calls.push('ack')), nack: jest.fn((_m, _all, requeue: boolean) => void calls.push(`nack requeue=${requeue}`)) };
  const service = new AmqpIntakeService(intake as never, tenants as never, replies as never, metrics as never);
  return { service, calls, intake, channel };
}

const message = (properties: Partial<ConsumedMessage['properties']> = {}, body: string = '{"service":"ssa-composite"}'): ConsumedMessage => ({
  content: Buffer.from(body),
  properties: { userId: 'ma-backend', messageId: 'key-1', contentType: 'application/json', ...properties },
  fields: {},
});

describe('AmqpIntakeService', () => {
  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('submits for the exchange the RabbitMQ user is mapped to, with message_id as the idempotency key', async () => {
    const { service, calls, intake, channel } = setup();
    expect(await service.handle(message(), channel as never)).toBe('accepted');
    expect(intake.submit).toHaveBeenCalledWith(
      expect.objectContaining({ principal: { credentialId: 'amqp:ma-backend', role: 'submitter', exchangeId: 'ma' }, idempotencyKey: 'key-1', replyChannel: 'amqp', body: { service: 'ssa-composite' } }),
    );
    expect(calls).toEqual(['reply ma.request.accepted', 'ack']);
  });

  it('dead-letters without answering anyone when the sender is not known', async () => {
    for (const [properties, reason] of [[{ userId: undefined }, 'missing-user-id'], [{ userId: 'stranger' }, 'unknown-user']] as const) {
      const { service, calls, intake, channel } = setup();
      expect(await service.handle(message(properties), channel as never)).toBe('dead-lettered');
      expect(calls).toEqual([`dlq ${reason}`, 'ack']);
      expect(intake.submit).not.toHaveBeenCalled();
    }
  });

  it("dead-letters and answers the exchange for its own mistakes: envelope, JSON, the intake's 4xx", async () => {
    const cases: [ConsumedMessage, string, (() => Promise<unknown>)?][] = [
      [message({ messageId: undefined }), 'missing-idempotency-key'],
      [message({ contentType: 'text/plain' }), 'invalid-content-type'],
      [message({}, '{"service":'), 'invalid-json'],
      [message(), 'invalid-request', async () => Promise.reject(Problems.validation([{ field: 'subject', message: 'is required' }]))],
      [message(), 'idempotency-conflict', async () => Promise.reject(Problems.conflict('used'))],
    ];
    for (const [m, reason, submit] of cases) {
      const { service, calls, channel } = setup({ submit });
      expect(await service.handle(m, channel as never)).toBe('dead-lettered');
      expect(calls).toEqual([`dlq ${reason}`, 'reply ma.request.rejected', 'ack']);
    }
  });

  it('requeues (never dead-letters) when the hub itself fails, after a pause', async () => {
    for (const failure of [{ exchangeOf: async () => Promise.reject(new Error('ECONNREFUSED')) }, { submit: async () => Promise.reject(Problems.unavailable()) }]) {
      const { service, calls, channel } = setup(failure);
      const handled = service.handle(message(), channel as never);
      await jest.advanceTimersByTimeAsync(30_000);
      expect(await handled).toBe('requeued');
      expect(calls).toEqual(['nack requeue=true']);
    }
  });
});
