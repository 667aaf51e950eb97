import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { logRequest } from './request-log';

describe('request log line', () => {
  const root = { info: jest.fn(), error: jest.fn() };
  const original = PinoLogger.root;
  beforeAll(() => Object.assign(PinoLogger, { root }));
  afterAll(() => Object.assign(PinoLogger, { root: original }));
  beforeEach(() => jest.clearAllMocks());

  const send = (method: string, url: string, statusCode: number) =>
    logRequest({ method, url, id: 'corr-1' } as FastifyRequest, { statusCode, elapsedTime: 12.4 } as FastifyReply);

  it('writes method, path without its query, correlation id, status and time', () => {
    send('GET', '/v1/verifications/ver_1?include=result', 200);
    expect(root.info).toHaveBeenCalledWith(
      { req: { method: 'GET', url: '/v1/verifications/ver_1' }, correlationId: 'corr-1', res: { statusCode: 200 }, responseTime: 12 },
      'request completed',
    );
    expect(root.error).not.toHaveBeenCalled();
  });

  it('masks SSN-shaped text in the path and logs a 5xx as an error', () => {
    send('GET', '/v1/lookup/123-45-6789', 503);
    expect(root.error).toHaveBeenCalledWith(expect.objectContaining({ req: { method: 'GET', url: '/v1/lookup/***-**-****' } }), 'request errored');
  });

  it('leaves health checks and metrics scrapes out', () => {
    send('GET', '/health', 200);
    send('GET', '/metrics?x=1', 200);
    expect(root.info).not.toHaveBeenCalled();
  });
});
