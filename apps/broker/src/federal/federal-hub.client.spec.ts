import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createServer, ServerResponse } from 'node:http';
import { LocalHttpServer, ReceivedRequest, RequestHandler, sendJson } from '@dxhub/testing';
import type { AddressInfo } from 'node:net';
import { FederalHubClient, responseCodeOf } from './federal-hub.client';
import { FederalSettings } from './federal-settings';
import { FederalTokenService } from './federal-token.service';

type Received = ReceivedRequest;
type HubHandler = RequestHandler;
const json = sendJson;

/**
 * A tiny federal Hub on 127.0.0.1: issues tokens at /oauth/token and answers /hub/* with `hubHandler`,
 * refusing (401) a token it did not issue or has revoked.
 */
class FakeFederalHub {
  readonly tokenRequests: Received[] = [];
  readonly hubRequests: Received[] = [];
  readonly validTokens = new Set<string>();
  hubHandler: HubHandler = (_request, res) => json(res, 200, { ok: true });
  private issued = 0;
  private readonly server = new LocalHttpServer((request, res) => this.handle(request, res));
  private readonly timers = new Set<NodeJS.Timeout>();

  get baseUrl(): string {
    return this.server.baseUrl;
  }

  start = () => this.server.start();

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    await this.server.stop();
  }

  reset(): void {
    this.tokenRequests.length = 0;
    this.hubRequests.length = 0;
    this.validTokens.clear();
    this.issued = 0;
    this.hubHandler = (_request, res) => json(res, 200, { ok: true });
  }

  /** Revokes every token issued so far (as the Hub does on expiry). */
  revokeAll(): void {
    this.validTokens.clear();
  }

  later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  private async handle(received: Received, res: ServerResponse): Promise<void> {
    if (received.url === '/oauth/token') {
      this.tokenRequests.push(received);
      const token = `token-${++this.issued}`;
      this.validTokens.add(token);
      json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 1800 });
      return;
    }
    this.hubRequests.push(received);
    const bearer = /^Bearer (\S+)$/.exec(received.headers.authorization ?? '')?.[1];
    if (!bearer || !this.validTokens.has(bearer)) {
      json(res, 401, { error: 'invalid_token' });
      return;
    }
    await this.hubHandler(received, res);
  }
}

const SSA_SUCCESS = {
  ssaCompositeResponse: {
    responseMetadata: { responseCode: 'HS000000', responseText: 'Success' },
    ssaCompositeIndividualResponseArray: [{ responseMetadata: { responseCode: 'HS000000', responseText: 'Success' }, personSocialSecurityNumber: '123456781' }],
  },
};
const REQUEST_BYTES = JSON.stringify({ ssaCompositeRequest: { ssaCompositeIndividualRequestArray: [{ personSocialSecurityNumber: '123456781' }] } });

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('FederalHubClient', () => {
  const hub = new FakeFederalHub();
  const settings = (patch: Partial<FederalSettings> = {}): FederalSettings => ({
    baseUrl: hub.baseUrl,
    clientId: 'dxhub-dev',
    clientSecret: 'dxhub-dev-secret',
    timeoutMs: 2000,
    pollIntervalMs: 1000,
    ...patch,
  });
  const clientWith = (patch: Partial<FederalSettings> = {}) => {
    const s = settings(patch);
    return new FederalHubClient(s, new FederalTokenService(s));
  };

  beforeAll(async () => {
    Logger.overrideLogger(false);
    await hub.start();
  });
  afterAll(async () => {
    await hub.stop();
    Logger.overrideLogger(true);
  });
  beforeEach(() => hub.reset());

  it('posts the exact request bytes with the bearer token, JSON content type and messageID header', async () => {
    hub.hubHandler = (request, res) => {
      res.setHeader('messageID', String(request.headers.messageid));
      json(res, 200, SSA_SUCCESS);
    };
    const messageId = randomUUID();
    const reply = await clientWith().send('/hub/ssa-composite', REQUEST_BYTES, messageId);

    expect(reply).toEqual({
      answered: true,
      httpStatus: 200,
      rawBody: JSON.stringify(SSA_SUCCESS),
      body: SSA_SUCCESS,
      responseCode: 'HS000000',
      echoedMessageId: messageId,
    });
    expect(hub.hubRequests).toHaveLength(1);
    const [request] = hub.hubRequests;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/hub/ssa-composite');
    expect(request.body).toBe(REQUEST_BYTES);
    expect(request.headers.messageid).toBe(messageId);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toBe('Bearer token-1');
  });

  it('fetches the token once and reuses it across calls', async () => {
    const client = clientWith();
    for (let i = 0; i < 3; i += 1) {
      await expect(client.send('/hub/ssa-composite', REQUEST_BYTES, randomUUID())).resolves.toMatchObject({ answered: true, httpStatus: 200 });
    }
    expect(hub.tokenRequests).toHaveLength(1);
    expect(hub.hubRequests.map((r) => r.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-1', 'Bearer token-1']);
  });

  it('shares one token request between concurrent calls', async () => {
    const client = clientWith();
    const ids = Array.from({ length: 6 }, () => randomUUID());
    const replies = await Promise.all(ids.map((id) => client.send('/hub/ssa-composite', REQUEST_BYTES, id)));
    expect(replies.every((r) => r.answered && r.httpStatus === 200)).toBe(true);
    expect(hub.tokenRequests).toHaveLength(1);
    expect(hub.hubRequests.map((r) => r.headers.messageid).sort()).toEqual([...ids].sort());
  });

  it('on a 401 drops the token and retries once, within the same send, with a fresh token and the same messageID', async () => {
    const client = clientWith();
    await client.send('/hub/ssa-composite', REQUEST_BYTES, randomUUID()); // token-1 cached
    hub.revokeAll(); // the Hub expired it
    hub.hubHandler = (_request, res) => json(res, 200, SSA_SUCCESS);
    hub.hubRequests.length = 0;

    const messageId = randomUUID();
    const reply = await client.send('/hub/ssa-composite', REQUEST_BYTES, messageId);

    expect(reply).toMatchObject({ answered: true, httpStatus: 200, responseCode: 'HS000000' });
    expect(hub.tokenRequests).toHaveLength(2);
    expect(hub.hubRequests.map((r) => r.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(hub.hubRequests.map((r) => r.headers.messageid)).toEqual([messageId, messageId]);
    expect(hub.hubRequests.map((r) => r.body)).toEqual([REQUEST_BYTES, REQUEST_BYTES]);

    await client.send('/hub/ssa-composite', REQUEST_BYTES, randomUUID());
    expect(hub.tokenRequests).toHaveLength(2); // the fresh token is kept
  });

  it('retries a 401 only once: a second 401 is the answer', async () => {
    const client = clientWith();
    hub.hubHandler = (_request, res) => json(res, 401, { error: 'invalid_token' });
    const reply = await client.send('/hub/ssa-composite', REQUEST_BYTES, randomUUID());
    expect(reply).toMatchObject({ answered: true, httpStatus: 401, responseCode: null });
    expect(hub.hubRequests).toHaveLength(2);
    expect(hub.tokenRequests).toHaveLength(2);
  });

  it('returns error answers with their status and the Hub response code', async () => {
    hub.hubHandler = (_request, res) => json(res, 500, { ssaCompositeResponse: { responseMetadata: { responseCode: 'HX009000', responseText: 'Unexpected' } } });
    await expect(clientWith().send('/hub/ssa-composite', REQUEST_BYTES, randomUUID())).resolves.toMatchObject({
      answered: true,
      httpStatus: 500,
      responseCode: 'HX009000',
    });
    expect(hub.hubRequests).toHaveLength(1); // a 500 is not retried here: retries are the queue's
  });

  it('keeps a body that is not JSON as raw text, with a null body and code', async () => {
    hub.hubHandler = (_request, res) => {
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
    };
    await expect(clientWith().send('/hub/ssa-composite', REQUEST_BYTES, randomUUID())).resolves.toEqual({
      answered: true,
      httpStatus: 502,
      rawBody: '<html>Bad Gateway</html>',
      body: null,
      responseCode: null,
      echoedMessageId: null,
    });
  });

  it('gives no answer when the Hub is slower than timeoutMs', async () => {
    hub.hubHandler = (_request, res) => hub.later(1500, () => json(res, 200, SSA_SUCCESS));
    const started = Date.now();
    const reply = await clientWith({ timeoutMs: 150 }).send('/hub/ssa-composite', REQUEST_BYTES, randomUUID());
    expect(reply).toEqual({ answered: false, error: expect.stringMatching(/no answer within 150 ms/) });
    expect(Date.now() - started).toBeLessThan(1200);
  });

  it('gives no answer when the Hub sends its headers but is slower than timeoutMs with the body', async () => {
    hub.hubHandler = (_request, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"ssaCompositeResponse":');
      hub.later(1500, () => res.end('{}}'));
    };
    const reply = await clientWith({ timeoutMs: 150 }).send('/hub/ssa-composite', REQUEST_BYTES, randomUUID());
    expect(reply).toEqual({ answered: false, error: expect.stringMatching(/no answer within 150 ms/) });
  });

  it('gives no answer when the connection is refused', async () => {
    const port = await closedPort();
    const reply = await clientWith({ baseUrl: `http://127.0.0.1:${port}` }).send('/hub/ssa-composite', REQUEST_BYTES, randomUUID());
    expect(reply).toEqual({ answered: false, error: 'ECONNREFUSED' });
  });

  it('gives no answer when only the Hub call is refused (token already held)', async () => {
    const port = await closedPort();
    const tokens = { get: jest.fn(async () => 'held-token'), invalidate: jest.fn() } as unknown as FederalTokenService;
    const client = new FederalHubClient(settings({ baseUrl: `http://127.0.0.1:${port}` }), tokens);
    await expect(client.send('/hub/ssa-composite', REQUEST_BYTES, randomUUID())).resolves.toEqual({ answered: false, error: 'ECONNREFUSED' });
  });

  it('gives no answer, with the reason, when no token can be had', async () => {
    const tokens = { get: jest.fn(async () => Promise.reject(new Error('federal token request answered HTTP 401'))), invalidate: jest.fn() };
    const client = new FederalHubClient(settings(), tokens as unknown as FederalTokenService);
    await expect(client.send('/hub/ssa-composite', REQUEST_BYTES, randomUUID())).resolves.toEqual({
      answered: false,
      error: 'federal token request answered HTTP 401',
    });
    expect(hub.hubRequests).toHaveLength(0);
  });
});

describe('responseCodeOf', () => {
  it('finds responseMetadata.responseCode at the top level', () => {
    expect(responseCodeOf({ responseMetadata: { responseCode: 'HE007000', responseText: 'x' } })).toBe('HE007000');
  });

  it('finds it one envelope down', () => {
    expect(responseCodeOf({ ssaCompositeResponse: { responseMetadata: { responseCode: 'HX005001', responseText: 'x' } } })).toBe('HX005001');
    expect(responseCodeOf({ other: 1, ifsvResponse: { responseMetadata: { responseCode: 'HS000000' } } })).toBe('HS000000');
  });

  it('finds the first entry of a responseMetadataArray (IFSV request-level failures)', () => {
    const failure = { ifsvResponse: { responseMetadataArray: [{ responseMetadata: { responseCode: 'HE020001', responseText: 'Systemic Error' } }] } };
    expect(responseCodeOf(failure)).toBe('HE020001');
    expect(responseCodeOf({ ifsvResponse: { responseMetadataArray: 'x' } })).toBeNull();
    expect(responseCodeOf({ ifsvResponse: { responseMetadataArray: [] } })).toBeNull();
  });

  it('prefers the top level over an envelope', () => {
    expect(responseCodeOf({ responseMetadata: { responseCode: 'HX009000' }, inner: { responseMetadata: { responseCode: 'HS000000' } } })).toBe('HX009000');
  });

  it('does not look deeper than one envelope', () => {
    expect(responseCodeOf({ a: { b: { responseMetadata: { responseCode: 'HS000000' } } } })).toBeNull();
  });

  it.each([
    ['null', null],
    ['a string', 'HS000000'],
    ['a number', 42],
    ['an empty object', {}],
    ['metadata without a code', { responseMetadata: { responseText: 'x' } }],
    ['a non-string code', { responseMetadata: { responseCode: 7 } }],
    ['null envelopes', { a: null, b: 'text' }],
  ])('is null for %s', (_label, body) => {
    expect(responseCodeOf(body)).toBeNull();
  });
});
