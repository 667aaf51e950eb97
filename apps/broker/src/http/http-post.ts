import { Agent as HttpAgent, IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What a peer answered: status, headers and the whole body as text. */
export interface PostAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** The peer did not answer in time (headers and body included); `name` matches fetch's AbortSignal.timeout. */
export class PostTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * POSTs over keep-alive connections with node:http(s). The broker makes two outbound calls per verification
 * (the federal Hub, the exchange's webhook); fetch (undici, web streams, AbortSignal per call) cost the broker
 * about a sixth of its CPU under load, this a fraction of it. Redirects are never followed.
 * Transport errors reject with Node's error (its `code`, e.g. ECONNREFUSED); a timeout with PostTimeoutError.
 */
export class HttpPoster {
  private readonly http = new HttpAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 256 });
  private readonly https = new HttpsAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 256 });

  /** `readBody: false` discards the answer's body (a webhook's means nothing, and may be large). */
  post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number, readBody = true): Promise<PostAnswer> {
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    return new Promise<PostAnswer>((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | null, answer?: PostAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(answer!);
      };
      const req = send(
        url,
        { method: 'POST', agent: secure ? this.https : this.http, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => readBody && chunks.push(chunk));
          res.on('end', () => finish(null, { status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (error) => finish(error));
        },
      );
      const timer = setTimeout(() => {
        finish(new PostTimeoutError(`no answer within ${timeoutMs} ms`));
        req.destroy();
      }, timeoutMs);
      req.on('error', (error) => finish(error));
      req.end(body);
    });
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
