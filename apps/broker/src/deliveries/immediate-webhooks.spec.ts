import { Logger } from '@nestjs/common';
import type { DeliveryToSend } from '@dxhub/persistence';
import { ImmediateWebhooks } from './immediate-webhooks';
import type { WebhookDeliveryService } from './webhook-delivery.service';

/** A sendFirstAttempt() whose POSTs finish when the test says. */
function deliveries() {
  const pending: { id: string; finish: (outcome: 'done' | Error) => void }[] = [];
  const deliver = jest.fn(
    (delivery: DeliveryToSend) =>
      new Promise<'done'>((resolve, reject) => pending.push({ id: delivery.id, finish: (outcome) => (outcome === 'done' ? resolve('done') : reject(outcome)) })),
  );
  return { pending, service: { sendFirstAttempt: deliver } as unknown as WebhookDeliveryService, deliver };
}

const toSend = (id: string) => ({ id }) as DeliveryToSend;

const LIMIT = 5;
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ImmediateWebhooks', () => {
  it('sends the delivery the terminal statement left to it, after the statement, outside the caller', async () => {
    const { service, deliver, pending } = deliveries();
    const lane = new ImmediateWebhooks(service, { concurrency: LIMIT });
    const order: string[] = [];
    const ended = await lane.afterEnd(async (sendHere) => {
      order.push(`statement sendHere=${sendHere}`);
      return { webhookToSend: toSend('dlv_1') };
    });
    order.push('caller resumed');
    expect(ended).toEqual({ webhookToSend: toSend('dlv_1') });
    expect(deliver).toHaveBeenCalledWith(toSend('dlv_1'));
    expect(order).toEqual(['statement sendHere=true', 'caller resumed']);
    expect(pending).toHaveLength(1); // still in flight: the caller did not wait for the POST
    pending[0].finish('done');
  });

  it('sends nothing when the statement left nothing (no webhook, or no move)', async () => {
    const { service, deliver } = deliveries();
    await new ImmediateWebhooks(service, { concurrency: LIMIT }).afterEnd(async () => ({ webhookToSend: null }));
    expect(deliver).not.toHaveBeenCalled();
  });

  it('leaves deliveries to the outbox beyond its limit, and takes them again as POSTs finish', async () => {
    const { service, pending } = deliveries();
    const lane = new ImmediateWebhooks(service, { concurrency: LIMIT });
    for (let n = 0; n < LIMIT; n++) await lane.afterEnd(async () => ({ webhookToSend: toSend(`dlv_${n}`) }));
    let offered: boolean | undefined;
    await lane.afterEnd(async (sendHere) => ((offered = sendHere), { webhookToSend: null }));
    expect(offered).toBe(false);

    pending[0].finish('done');
    await tick();
    await lane.afterEnd(async (sendHere) => ((offered = sendHere), { webhookToSend: null }));
    expect(offered).toBe(true);
    pending.slice(1).forEach((p) => p.finish('done'));
  });

  it('logs a send that breaks (the reconciler queues the delivery) and frees its place', async () => {
    const { service, pending } = deliveries();
    const lane = new ImmediateWebhooks(service, { concurrency: LIMIT });
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await lane.afterEnd(async () => ({ webhookToSend: toSend('dlv_x') }));
    pending[0].finish(new Error('database unreachable'));
    await lane.onModuleDestroy();
    expect(errors).toHaveBeenCalledWith(expect.objectContaining({ deliveryId: 'dlv_x' }), expect.stringContaining('reconciler'));
    errors.mockRestore();
  });

  it('on shutdown waits for the POSTs in flight and leaves new results to the outbox', async () => {
    const { service, pending } = deliveries();
    const lane = new ImmediateWebhooks(service, { concurrency: LIMIT });
    await lane.afterEnd(async () => ({ webhookToSend: toSend('dlv_1') }));
    let closed = false;
    const closing = lane.onModuleDestroy().then(() => (closed = true));
    let offered: boolean | undefined;
    await lane.afterEnd(async (sendHere) => ((offered = sendHere), { webhookToSend: null }));
    expect(offered).toBe(false);
    await tick();
    expect(closed).toBe(false);
    pending[0].finish('done');
    await closing;
    expect(closed).toBe(true);
  });
});
