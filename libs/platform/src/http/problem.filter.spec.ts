import type { FastifyReply, FastifyRequest } from 'fastify';
import { Problems } from './problem';
import { sendProblem } from './problem.filter';

function capture(error: unknown) {
  const headers: Record<string, string> = {};
  let body: unknown;
  let status = 0;
  const reply = {
    header: (name: string, value: string) => ((headers[name] = value), reply),
    status: (code: number) => ((status = code), reply),
    send: (payload: unknown) => ((body = payload), reply),
  };
  sendProblem({ id: 'req-1' } as FastifyRequest, reply as unknown as FastifyReply, error, { error: jest.fn() });
  return { status, headers, body };
}

describe('sendProblem', () => {
  it('answers 429 as problem+json with Retry-After from the problem', () => {
    const sent = capture(Problems.tooManyRequests(42));
    expect(sent.status).toBe(429);
    expect(sent.headers).toEqual({ 'retry-after': '42', 'content-type': 'application/problem+json' });
    expect(sent.body).toMatchObject({ status: 429, type: '/problems/too-many-requests', retryAfter: 42, requestId: 'req-1' });
  });

  it('sends no Retry-After on other client errors', () => {
    expect(capture(Problems.forbidden()).headers['retry-after']).toBeUndefined();
  });
});
