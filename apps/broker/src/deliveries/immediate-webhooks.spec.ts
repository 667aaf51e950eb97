import { Logger } from '@nestjs/common';
import { ImmediateWebhooks } from './immediate-webhooks';
import type { WebhookDeliveryService } from './webhook-delivery.service';

/** A deliver() whose POSTs finish when the test says. */
function deliveries() {
  const pending: { id: string; finish: (outcome: 'done' | Error) => void }[] = [];
  const deliver = jest.fn(
    (id: string) =>
      new Promise<'done'>((resolve, reject) => pending.push({ id, finish: (outcome) => (outcome === 'done' ? resolve('done') : reject(outcome)) })),
  );
  return { pending, service: { deliver } as unknown as WebhookDeliveryService, deliver };
}

const LIMIT = 5;
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ImmediateWebhooks', () => {
  it('sends the delivery the terminal statement left to it, after the statement, outside the caller', async () => {
    const { service, deliver, pending } = deliveries();
    const lane = new ImmediateWebhooks(service, { concurrency: LIMIT });
    const order: string[] = [];
    const ended = await lane.afterEnd(async (sendHere) => {
      order.push(`statement sendHere=${sendHere}`);
      return { webhookDeliveryId: 'dlv_1' };
    });
    order.push('caller resumed');
    expect(ended).toEqual({ webhookDeliveryId: 'dlv_1' });
    expect(deliver).toHaveBeenCalledWith('dlv_1', true);
    expect(order).toEqual(['statement sendHere=true', 'caller resumed']);
    expect(pending).toHaveLength(1); // still in flight: the caller did not wait for the POST
    pending[0].finish('done');
  });

  it('sends nothing when the statement left nothing (no webhook, or no move)', async () => {
    const { service, deliver } = deliveries();
    await new ImmediateWebhooks(service, { concurrency: LIMIT }).afterEnd(async () => ({ webhookDeliveryId: null }));
    expect(deliver).not.toHaveBeenCalled();
  });

  it('leaves deliveries to the outbox beyond its limit, and takes them again as POSTs finish', async () => {
    const { service, pending } = deliveries();
    const lane = new ImmediateWebhooks(service, { concurrency: LIMIT });
    for (let n = 0; n < LIMIT; n++) await lane.afterEnd(async () => ({ webhookDeliveryId: `dlv_${n}` }));
    let offered: boolean | undefined;
    await lane.afterEnd(async (sendHere) => ((offered = sendHere), { webhookDeliveryId: null }));
    expect(offered).toBe(false);

    pending[0].finish('done');
    await tick();
    await lane.afterEnd(async (sendHere) => ((offered = sendHere), { webhookDeliveryId: null }));
    expect(offered).toBe(true);
    pending.slice(1).forEach((p) => p.finish('done'));
  });

  it('logs a send that breaks (the reconciler queues the delivery) and frees its place', async () => {
    const { service, pending } = deliveries();
    const lane = new ImmediateWebhooks(service, { concurrency: LIMIT });
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await lane.afterEnd(async () => ({ webhookDeliveryId: 'dlv_x' }));
    pending[0].finish(new Error('database unreachable'));
    await lane.onModuleDestroy();
    expect(errors).toHaveBeenCalledWith(expect.objectContaining({ deliveryId: 'dlv_x' }), expect.stringContaining('reconciler'));
    errors.mockRestore();
  });

  it('on shutdown waits for the POSTs in flight and leaves new results to the outbox', async () => {
    const { service, pending } = deliveries();
    const lane = new ImmediateWebhooks(service, { concurrency: LIMIT });
    await lane.afterEnd(async () => ({ webhookDeliveryId: 'dlv_1' }));
    let closed = false;
    const closing = lane.onModuleDestroy().then(() => (closed = true));
    let offered: boolean | undefined;
    await lane.afterEnd(async (sendHere) => ((offered = sendHere), { webhookDeliveryId: null }));
    expect(offered).toBe(false);
    await tick();
    expect(closed).toBe(false);
    pending[0].finish('done');
    await closing;
    expect(closed).toBe(true);
  });
});
