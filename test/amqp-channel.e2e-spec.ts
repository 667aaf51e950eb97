import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AMQP_DLQ_HEADERS } from '@dxhub/contracts';
import { connect } from 'amqplib';
import { declareAmqpTopology, declareReplyQueue, exchangeUserPermissions, RabbitManagementClient } from '@dxhub/messaging';
import {
  call,
  CuttableProxy,
  E2E_ENV,
  E2E_LOG_DIR,
  E2E_ROOT,
  pollUntil,
  recreateRabbitVhost,
  RunningProcess,
  ssaRequest,
  startHubProcess,
  stopHubProcess,
  testSlot,
  testSsn,
  urls,
  waitForHealthy,
} from '@dxhub/testing';
import { AmqpBackend, drainDeadLetters, refusal } from './amqp-fixtures';
import { ADMIN, newExchange, newKey } from './e2e-fixtures';

// The message-broker channel (CONTRACT: "Message-broker channel (AMQP, RabbitMQ)"), over the real
// RabbitMQ, in a virtual host of this test slot's own. Exchange A's user is made by the CLI's
// `amqp grant`; exchange B's by an administrator with RabbitMQ's management API and the hub's admin API.

const management = new RabbitManagementClient(E2E_ENV.AMQP_MANAGEMENT_URL);
const vhost = new URL(E2E_ENV.AMQP_URL).pathname.slice(1);
const vhostUrl = (user: string, password: string, url: string = E2E_ENV.AMQP_URL) => url.replace('guest:guest@', `${user}:${password}@`);
const userName = (name: string) => `${testSlot.prefix('e2e')}-${name}`;
const json = (message: { content: Buffer }) => JSON.parse(message.content.toString('utf8'));

async function grantWithCli(exchangeId: string, user: string): Promise<{ password: string; replyQueue: string }> {
  const env = { ...process.env, ...E2E_ENV };
  const { stdout } = await promisify(execFile)(process.execPath, [join(E2E_ROOT, 'dist/apps/cli/src/dxhub.js'), 'amqp', 'grant', exchangeId, '--user', user], { env });
  return JSON.parse(stdout);
}

describe('AMQP channel', () => {
  const users: string[] = [];
  let a: { exchangeId: string; key: string; user: string; password: string };
  let b: { exchangeId: string; key: string; user: string; password: string };
  let backendA: AmqpBackend;
  let backendB: AmqpBackend;

  beforeAll(async () => {
    const exA = await newExchange('aq');
    const userA = userName(exA.exchangeId);
    users.push(userA);
    const grant = await grantWithCli(exA.exchangeId, userA);
    expect(grant.replyQueue).toBe(`dxhub.results.${exA.exchangeId}`);
    a = { ...exA, user: userA, password: grant.password };

    const exB = await newExchange('aq');
    const userB = userName(exB.exchangeId);
    users.push(userB);
    await management.putUser(userB, 'b-password-0123');
    await management.setPermissions(vhost, userB, exchangeUserPermissions(exB.exchangeId));
    const mapped = await call(urls.console, 'PUT', `/v1/admin/exchanges/${exB.exchangeId}/amqp`, { token: ADMIN, body: { user: userB } });
    expect(mapped.status).toBe(200);
    expect(mapped.body).toEqual({ exchangeId: exB.exchangeId, user: userB });
    b = { ...exB, user: userB, password: 'b-password-0123' };

    backendA = new AmqpBackend(vhostUrl(a.user, a.password), a.user);
    backendB = new AmqpBackend(vhostUrl(b.user, b.password), b.user);
    await backendA.open();
    await backendB.open();
    await backendA.listen(a.exchangeId);
  });

  afterAll(async () => {
    await backendA?.close();
    await backendB?.close();
    for (const user of users) await management.deleteUser(user);
  });

  it('accepts a request, answers with the verification, then publishes its result like a webhook delivery', async () => {
    const key = `case-${Date.now()}`;
    await backendA.submit(ssaRequest(testSsn(1), 'Silva', { reference: 'amqp-1' }), { messageId: key });

    const accepted = await backendA.waitFor((m) => m.properties.correlationId === key && m.fields.routingKey === `${a.exchangeId}.request.accepted`);
    expect(accepted.properties.userId).toBe('guest'); // the hub's own user, vouched for by RabbitMQ
    expect(accepted.properties.headers?.['x-dxhub-http-status']).toBe(202);
    const resource = json(accepted);
    expect(resource).toMatchObject({ id: expect.stringMatching(/^ver_/), service: 'ssa-composite', status: 'queued', reference: 'amqp-1' });

    const result = await backendA.waitFor((m) => m.fields.routingKey === `${a.exchangeId}.verification.completed` && json(m).data.id === resource.id);
    expect(result.properties).toMatchObject({ correlationId: key, userId: 'guest', contentType: 'application/json' });
    const body = json(result);
    expect(Object.keys(body).sort()).toEqual(['createdAt', 'data', 'id', 'type']);
    expect(body).toMatchObject({ id: expect.stringMatching(/^dlv_/), type: 'verification.completed' });
    expect(result.properties.messageId).toBe(body.id);
    // The same resource the HTTP API shows the exchange (its own key sees it; B's is 404 as ever).
    const polled = await call(urls.gateway, 'GET', `/v1/verifications/${resource.id}`, { token: a.key });
    expect(body.data).toEqual(polled.body);
    expect(body.data).toMatchObject({ status: 'completed', outcome: 'verified' });
    expect((await call(urls.gateway, 'GET', `/v1/verifications/${resource.id}`, { token: b.key })).status).toBe(404);

    // Audited as over HTTP: received (by the exchange's AMQP user) and the result's delivery attempt.
    const auditor = await newKey('auditor');
    const events = await pollUntil(
      () => call(urls.console, 'GET', `/v1/audit/events?verificationId=${resource.id}`, { token: auditor }),
      (r) => r.body.data?.some((e: { kind: string }) => e.kind === 'delivery.attempt'),
    );
    const kinds = events.body.data.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['verification.received', 'federal.request', 'verification.completed', 'delivery.attempt']));
    expect(events.body.data.find((e: { kind: string }) => e.kind === 'verification.received')).toMatchObject({ exchangeId: a.exchangeId, actor: `submitter:amqp:${a.user}` });
  });

  it('is idempotent on message_id: the same request again answers the same verification, another body is a conflict', async () => {
    const key = `idem-${Date.now()}`;
    const request = ssaRequest(testSsn(2));
    await backendA.submit(request, { messageId: key });
    const first = await backendA.waitFor((m) => m.properties.correlationId === key && m.fields.routingKey.endsWith('.request.accepted'));
    backendA.received.splice(backendA.received.indexOf(first), 1);
    await backendA.submit(request, { messageId: key });
    const again = await backendA.waitFor((m) => m.properties.correlationId === key && m.fields.routingKey.endsWith('.request.accepted'));
    expect(json(again).id).toBe(json(first).id);
    expect(again.properties.headers?.['x-dxhub-http-status']).toBe(200);

    await backendA.submit(ssaRequest(testSsn(3)), { messageId: key });
    const conflict = await backendA.waitFor((m) => m.properties.correlationId === key && m.fields.routingKey.endsWith('.request.rejected'));
    expect(conflict.properties.contentType).toBe('application/problem+json');
    expect(json(conflict)).toMatchObject({ status: 409, errors: [{ field: 'Idempotency-Key' }] });
    const list = await call(urls.gateway, 'GET', '/v1/verifications', { token: a.key });
    expect(list.body.data.filter((v: { id: string }) => v.id === json(first).id)).toHaveLength(1);
  });

  it('dead-letters bad messages with the reason, answers the exchange when it is known, and keeps consuming', async () => {
    await drainDeadLetters(E2E_ENV.AMQP_URL);
    const collected: Awaited<ReturnType<typeof drainDeadLetters>> = [];
    const stranger = userName('stranger');
    users.push(stranger);
    await management.putUser(stranger, 'stranger-password');
    await management.setPermissions(vhost, stranger, exchangeUserPermissions('nobody'));
    const strangerBackend = new AmqpBackend(vhostUrl(stranger, 'stranger-password'), stranger);
    await strangerBackend.open();

    const good = ssaRequest(testSsn(4));
    await backendA.submit('{"service": "ssa-composite", ', { messageId: 'bad-json' });
    await backendA.submit({ service: 'ssa-composite', options: {} }, { messageId: 'bad-schema' });
    await backendA.submit(good, { messageId: undefined, headers: { 'x-test': 'no-key' } });
    await backendA.submit(good, { messageId: 'bad-type', contentType: 'text/plain' });
    await backendA.submit(good, { messageId: 'no-user', userId: undefined });
    await strangerBackend.submit(good, { messageId: 'stranger' });
    await strangerBackend.close();

    const rejected = await backendA.waitFor((m) => m.properties.correlationId === 'bad-schema' && m.fields.routingKey.endsWith('.request.rejected'));
    expect(json(rejected)).toMatchObject({ status: 400, type: '/problems/validation-error', errors: expect.arrayContaining([expect.objectContaining({ field: expect.stringContaining('subject') })]) });
    expect(json(await backendA.waitFor((m) => m.properties.correlationId === 'bad-json'))).toMatchObject({ status: 400 });
    expect(json(await backendA.waitFor((m) => m.properties.correlationId === 'bad-type'))).toMatchObject({ status: 415 });

    const dead = await pollUntil(() => drainDeadLetters(E2E_ENV.AMQP_URL).then((batch) => (collected.push(...batch), collected)), (all) => all.length >= 6, 15_000);
    const reasonOf = (pick: (m: (typeof dead)[number]) => boolean) => dead.find(pick)?.properties.headers?.[AMQP_DLQ_HEADERS.reason];
    expect(reasonOf((m) => m.properties.messageId === 'bad-json')).toBe('invalid-json');
    expect(reasonOf((m) => m.properties.messageId === 'bad-schema')).toBe('invalid-request');
    expect(reasonOf((m) => m.properties.headers?.['x-test'] === 'no-key')).toBe('missing-idempotency-key');
    expect(reasonOf((m) => m.properties.messageId === 'bad-type')).toBe('invalid-content-type');
    expect(reasonOf((m) => m.properties.messageId === 'no-user')).toBe('missing-user-id');
    expect(reasonOf((m) => m.properties.messageId === 'stranger')).toBe('unknown-user');
    // The message itself is kept as it came, with who sent it and the detail.
    const badJson = dead.find((m) => m.properties.messageId === 'bad-json')!;
    expect(badJson.content.toString()).toBe('{"service": "ssa-composite", ');
    expect(badJson.properties.headers).toMatchObject({ [AMQP_DLQ_HEADERS.exchangeId]: a.exchangeId, 'x-dxhub-user-id': a.user, [AMQP_DLQ_HEADERS.detail]: expect.any(String) });
    expect(dead.find((m) => m.properties.messageId === 'stranger')!.properties.headers).toMatchObject({ 'x-dxhub-user-id': stranger, [AMQP_DLQ_HEADERS.exchangeId]: null });

    // Nothing of them was stored, and the consumer still takes good requests.
    const list = await call(urls.gateway, 'GET', '/v1/verifications', { token: a.key });
    expect(list.body.data.map((v: { reference: string }) => v.reference)).not.toContain('x');
    await backendA.submit(good, { messageId: `after-${Date.now()}` });
    await backendA.waitFor((m) => m.properties.correlationId?.startsWith('after-') && m.fields.routingKey.endsWith('.request.accepted'));
  });

  it("refuses a message whose user_id is another exchange's user (RabbitMQ closes the channel)", async () => {
    const before = (await call(urls.gateway, 'GET', '/v1/verifications', { token: b.key })).body.data.length;
    const error = await refusal(vhostUrl(a.user, a.password), async (channel) => {
      channel.sendToQueue('dxhub.requests', Buffer.from(JSON.stringify(ssaRequest(testSsn(1)))), { userId: b.user, messageId: 'forged', contentType: 'application/json' });
      await (channel as unknown as { waitForConfirms(): Promise<void> }).waitForConfirms();
    });
    expect(error.code).toBe(406);
    expect(error.message).toMatch(/PRECONDITION_FAILED - user_id property set to '.*' but authenticated user was/);
    // Nothing reached B: give the consumer a moment, then B has no new verification.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await call(urls.gateway, 'GET', '/v1/verifications', { token: b.key })).body.data).toHaveLength(before);
  });

  it("cannot read another exchange's reply queue, publish results, or declare anything", async () => {
    // B was mapped through the admin API (no `amqp grant`): its reply queue comes with its first request.
    const key = `b-first-${Date.now()}`;
    await backendB.submit(ssaRequest(testSsn(1)), { messageId: key });
    await pollUntil(() => management.queue(vhost, `dxhub.results.${b.exchangeId}`), (q) => q !== null && q.messages > 0);

    const url = vhostUrl(a.user, a.password);
    const read = await refusal(url, (channel) => channel.consume(`dxhub.results.${b.exchangeId}`, () => undefined));
    expect(read.code).toBe(403);
    expect(read.message).toMatch(/ACCESS_REFUSED/);
    const publish = await refusal(url, async (channel) => {
      channel.publish('dxhub.results', `${b.exchangeId}.verification.completed`, Buffer.from('{}'));
      await (channel as unknown as { waitForConfirms(): Promise<void> }).waitForConfirms();
    });
    expect(publish.code).toBe(403);
    const declare = await refusal(url, (channel) => channel.assertQueue('sneaky', { durable: false }));
    expect(declare.code).toBe(403);
    // B reads its own queue, where the answer to its first request waited.
    await backendB.listen(b.exchangeId);
    expect(json(await backendB.waitFor((m) => m.properties.correlationId === key)).status).toBe('queued');
    expect(backendA.received.some((m) => m.properties.correlationId === key)).toBe(false);
  });

  it('runs the documented example client (examples/amqp-client.mjs) to a completed result', async () => {
    const ex = await newExchange('aq');
    const user = userName(ex.exchangeId);
    users.push(user);
    const { password } = await grantWithCli(ex.exchangeId, user);
    const env = { ...process.env, AMQP_URL: vhostUrl(user, password), DXHUB_EXCHANGE: ex.exchangeId, TIMEOUT_MS: '30000' };
    const { stdout } = await promisify(execFile)(process.execPath, [join(E2E_ROOT, 'examples/amqp-client.mjs')], { env });
    expect(stdout).toMatch(/^accepted \(202\) after \d+ ms: \{"id":"ver_/m);
    expect(stdout).toMatch(/^verification\.completed after \d+ ms: \{.*"status":"completed".*"outcome":"verified"/m);
  });

  describe('with the database down', () => {
    const proxy = new CuttableProxy(Number(testSlot.port(15434)));
    const amqpUrl = `${E2E_ENV.AMQP_URL}-outage`;
    const env = {
      ...process.env,
      ...E2E_ENV,
      GATEWAY_PORT: testSlot.port(13011),
      AMQP_URL: amqpUrl,
      DATABASE_URL: E2E_ENV.DATABASE_URL.replace(':5432/', `:${proxy.port}/`),
    };
    let gateway: RunningProcess;
    let backend: AmqpBackend;

    beforeAll(async () => {
      await recreateRabbitVhost(amqpUrl, E2E_ENV.AMQP_MANAGEMENT_URL);
      await management.setPermissions(new URL(amqpUrl).pathname.slice(1), a.user, exchangeUserPermissions(a.exchangeId));
      // What `amqp grant` does in this virtual host: the hub's objects and A's reply queue.
      const hub = await connect(amqpUrl);
      const channel = await hub.createChannel();
      await declareAmqpTopology(channel);
      await declareReplyQueue(channel, a.exchangeId);
      await hub.close();
      await proxy.open();
      gateway = startHubProcess(E2E_ROOT, 'gateway', env, `${E2E_LOG_DIR}/amqp-outage`);
      await waitForHealthy('gateway', env);
      backend = new AmqpBackend(vhostUrl(a.user, a.password, amqpUrl), a.user);
      await backend.open();
      await backend.listen(a.exchangeId);
    });

    afterAll(async () => {
      await backend?.close();
      await stopHubProcess(gateway);
      await proxy.cut();
      await management.deleteVhost(new URL(amqpUrl).pathname.slice(1));
    });

    it('keeps a good request in the queue (never dead-lettered) and takes it once PostgreSQL is back', async () => {
      await proxy.cut();
      const key = `outage-${Date.now()}`;
      await backend.submit(ssaRequest(testSsn(5)), { messageId: key });
      // Tried and handed back at least once while the database is away: still queued, nothing dead-lettered.
      await pollUntil(() => call(`http://127.0.0.1:${env.GATEWAY_PORT}`, 'GET', '/metrics').then((r) => r.text), (text) => /dxhub_amqp_requests_total\{outcome="requeued"\} [1-9]/.test(text), 15_000);
      expect(backend.received).toHaveLength(0);
      expect(await drainDeadLetters(amqpUrl)).toHaveLength(0);

      // Back: the same message (never lost, never refused) is taken and answered.
      await proxy.open();
      const accepted = await backend.waitFor((m) => m.properties.correlationId === key && m.fields.routingKey.endsWith('.request.accepted'), 45_000);
      expect(json(accepted).status).toBe('queued');
    });
  });
});
