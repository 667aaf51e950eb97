import { Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { LocalHttpServer, ReceivedRequest, sendJson } from '@dxhub/testing';
import { FederalSettings } from './federal-settings';
import { FederalTokenService } from './federal-token.service';

interface TokenRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** A tiny OAuth2 token endpoint playing the federal Hub's /oauth/token. */
class TokenEndpoint {
  readonly requests: TokenRequest[] = [];
  /** What the next token responses carry; `status` other than 200 answers an error. */
  expiresIn = 1800;
  status = 200;
  delayMs = 0;
  private issued = 0;
  private readonly server = new LocalHttpServer((request, res) => this.handle(request, res));

  get baseUrl(): string {
    return this.server.baseUrl;
  }

  start = () => this.server.start();
  stop = () => this.server.stop();

  reset(): void {
    this.requests.length = 0;
    this.expiresIn = 1800;
    this.status = 200;
    this.delayMs = 0;
  }

  private async handle(request: ReceivedRequest, res: ServerResponse): Promise<void> {
    this.requests.push({
      method: request.method,
      url: request.url,
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      body: request.body,
    });
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.status !== 200) return sendJson(res, this.status, { error: 'invalid_client' });
    this.issued += 1;
    sendJson(res, 200, { access_token: `token-${this.issued}`, token_type: 'Bearer', expires_in: this.expiresIn });
  }
}

/** Client credentials as RFC 6749 §2.3.1 reads them from HTTP Basic: base64, then form-decoded (as the simulator does). */
function basicCredentials(authorization: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic (\S+)$/.exec(authorization ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

describe('FederalTokenService', () => {
  const endpoint = new TokenEndpoint();
  const settings = (patch: Partial<FederalSettings> = {}): FederalSettings => ({
    baseUrl: endpoint.baseUrl,
    clientId: 'dxhub-dev',
    clientSecret: 'dxhub-dev-secret',
    timeoutMs: 2000,
    pollIntervalMs: 1000,
    ...patch,
  });

  beforeAll(async () => {
    Logger.overrideLogger(false);
    await endpoint.start();
  });
  afterAll(async () => {
    await endpoint.stop();
    Logger.overrideLogger(true);
  });
  beforeEach(() => endpoint.reset());
  afterEach(() => jest.restoreAllMocks());

  it('asks for a client-credentials token with HTTP Basic auth', async () => {
    const tokens = new FederalTokenService(settings());
    await expect(tokens.get()).resolves.toMatch(/^token-\d+$/);
    expect(endpoint.requests).toHaveLength(1);
    const [request] = endpoint.requests;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/oauth/token',
      contentType: 'application/x-www-form-urlencoded',
      body: 'grant_type=client_credentials',
    });
    expect(basicCredentials(request.authorization)).toEqual({ id: 'dxhub-dev', secret: 'dxhub-dev-secret' });
  });

  it('fetches the token once and keeps it across calls', async () => {
    const tokens = new FederalTokenService(settings());
    const first = await tokens.get();
    const second = await tokens.get();
    const third = await tokens.get();
    expect(endpoint.requests).toHaveLength(1);
    expect(second).toBe(first);
    expect(third).toBe(first);
  });

  it('shares one token request between concurrent callers', async () => {
    endpoint.delayMs = 50;
    const tokens = new FederalTokenService(settings());
    const all = await Promise.all(Array.from({ length: 8 }, () => tokens.get()));
    expect(endpoint.requests).toHaveLength(1);
    expect(new Set(all).size).toBe(1);
  });

  it('fetches a new token after invalidate() of the current one', async () => {
    const tokens = new FederalTokenService(settings());
    const first = await tokens.get();
    tokens.invalidate(first);
    const second = await tokens.get();
    expect(second).not.toBe(first);
    expect(endpoint.requests).toHaveLength(2);
  });

  it('keeps the current token when a stale one is invalidated (another caller already refreshed)', async () => {
    const tokens = new FederalTokenService(settings());
    const first = await tokens.get();
    tokens.invalidate(first);
    const second = await tokens.get();
    tokens.invalidate(first); // a late 401 for the old token
    await expect(tokens.get()).resolves.toBe(second);
    expect(endpoint.requests).toHaveLength(2);
  });

  it('refreshes a minute before the Hub would expire the token', async () => {
    const start = Date.now();
    const now = jest.spyOn(Date, 'now').mockReturnValue(start);
    const tokens = new FederalTokenService(settings());
    const first = await tokens.get(); // expires_in 1800 s: reused until 1740 s
    now.mockReturnValue(start + 1_739_000);
    await expect(tokens.get()).resolves.toBe(first);
    expect(endpoint.requests).toHaveLength(1);
    now.mockReturnValue(start + 1_741_000);
    const second = await tokens.get();
    expect(second).not.toBe(first);
    expect(endpoint.requests).toHaveLength(2);
  });

  it('rejects with the HTTP status when the Hub refuses the credentials, and tries again on the next call', async () => {
    endpoint.status = 401;
    const tokens = new FederalTokenService(settings());
    await expect(tokens.get()).rejects.toMatchObject({ message: expect.stringContaining('HTTP 401'), httpStatus: 401 });
    endpoint.status = 200;
    await expect(tokens.get()).resolves.toMatch(/^token-/);
    expect(endpoint.requests).toHaveLength(2);
  });

  it('gives concurrent callers the same failure, not a cached one', async () => {
    endpoint.status = 500;
    endpoint.delayMs = 30;
    const tokens = new FederalTokenService(settings());
    const results = await Promise.allSettled([tokens.get(), tokens.get(), tokens.get()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(endpoint.requests).toHaveLength(1);
  });

  it('gives up on a token endpoint slower than timeoutMs', async () => {
    endpoint.delayMs = 500;
    const tokens = new FederalTokenService(settings({ timeoutMs: 100 }));
    await expect(tokens.get()).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  // BUG (documented, not fixed): RFC 6749 §2.3.1 says client id and secret are form-urlencoded before
  // Basic auth, and the simulator (apps/federal-hub/src/oauth/client-credentials.ts) decodes them so.
  // fetchToken() does not encode them, so a secret with '+', '%' or '&' reaches the Hub altered or
  // unreadable. `it.failing` passes while the bug is there; remove `.failing` once it is fixed.
  it('form-encodes client credentials with reserved characters before Basic auth (RFC 6749 §2.3.1)', async () => {
    const tokens = new FederalTokenService(settings({ clientId: 'dx hub', clientSecret: 's3cr+t%2F:50%' }));
    await tokens.get();
    expect(basicCredentials(endpoint.requests[0].authorization)).toEqual({ id: 'dx hub', secret: 's3cr+t%2F:50%' });
  });
});
