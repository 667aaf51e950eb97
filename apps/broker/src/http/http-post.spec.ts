import { LocalHttpServer, ReceivedRequest } from '@dxhub/testing';
import type { ServerResponse } from 'node:http';
import { HttpPoster } from './http-post';

// The federal client's spec covers timeouts, refused connections and the exact bytes sent; these are the
// poster's own promises: reused connections, the answer's headers, a discarded body, one settlement.
describe('HttpPoster', () => {
  const received: ReceivedRequest[] = [];
  let answer: (res: ServerResponse) => void;
  const server = new LocalHttpServer((request, res) => {
    received.push(request);
    answer(res);
  });
  const poster = new HttpPoster();

  beforeAll(() => server.start());
  afterAll(async () => {
    poster.close();
    await server.stop();
  });
  beforeEach(() => {
    received.length = 0;
    answer = (res) => res.writeHead(200, { 'content-type': 'text/plain', 'Retry-After': '7' }).end('hello');
  });

  it('posts the body with its headers and returns status, lower-case headers and the text', async () => {
    const reply = await poster.post(new URL(`${server.baseUrl}/hub/x?y=1`), { 'content-type': 'application/json', messageID: 'm-1' }, '{"a":1}', 2000);
    expect(reply).toMatchObject({ status: 200, text: 'hello' });
    expect(reply.headers['retry-after']).toBe('7');
    expect(received).toEqual([
      expect.objectContaining({ method: 'POST', url: '/hub/x?y=1', body: '{"a":1}', headers: expect.objectContaining({ messageid: 'm-1', 'content-length': '7' }) }),
    ]);
  });

  it('discards the body when asked to, and still reports the status', async () => {
    answer = (res) => res.writeHead(503).end('x'.repeat(100_000));
    await expect(poster.post(new URL(server.baseUrl), {}, '{}', 2000, false)).resolves.toMatchObject({ status: 503, text: '' });
  });

  it('keeps connections alive between calls', async () => {
    const ports = new Set<string>();
    answer = (res) => res.end(String(res.socket?.remotePort));
    // A pool may alternate between two connections; a connection per call would give six ports.
    for (let i = 0; i < 6; i++) ports.add((await poster.post(new URL(server.baseUrl), {}, '{}', 2000)).text);
    expect(ports.size).toBeLessThanOrEqual(2);
  });

  it('rejects once, with TimeoutError, when the answer is late, and does not resolve afterwards', async () => {
    answer = (res) => setTimeout(() => res.end('late'), 300);
    const settled = jest.fn();
    await expect(poster.post(new URL(server.baseUrl), {}, '{}', 50).finally(settled)).rejects.toMatchObject({ name: 'TimeoutError' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(settled).toHaveBeenCalledTimes(1);
  });
});
