import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueueRegistry } from '@dxhub/messaging';
import { Problems, sendProblem } from '@dxhub/platform';
import { CredentialResolver, Principal, SessionAuthenticator } from '@dxhub/security';

export const QUEUES_PATH = '/queues';
/** Who may look at the queues: the same roles as the operations API. Auditors read the journal instead. */
const QUEUE_ROLES = new Set(['operator', 'admin']);
const BEARER = /^Bearer ([\x21-\x7E]{1,512})$/;

/**
 * bull-board at /queues, read-only: PostgreSQL is the record, so retrying, removing or promoting a job behind
 * the hub's back would bypass its state machine and its audit. Re-drives go through the console's audited
 * actions instead. Reached with the console's session (or a bearer key) of an operator or administrator.
 */
export async function mountQueuesDashboard(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const registry = app.get(QueueRegistry);
  const sessions = app.get(SessionAuthenticator, { strict: false });
  const credentials = app.get(CredentialResolver, { strict: false });
  const logger = new Logger('QueuesDashboard');

  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUES_PATH);
  createBullBoard({
    queues: registry.all().map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'dxhub queues' } },
  });

  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    if (path !== QUEUES_PATH && !path.startsWith(`${QUEUES_PATH}/`)) return;
    let principal: Principal | null = null;
    try {
      const bearer = BEARER.exec(request.headers.authorization ?? '');
      principal = bearer ? await credentials.resolve(bearer[1]) : ((await sessions.authenticate(request))?.principal ?? null);
    } catch (error) {
      return sendProblem(request, reply, error, logger);
    }
    if (!principal) {
      // A person opening the page is sent to sign in, and comes back here afterwards.
      if (request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')) return reply.redirect(`/?next=${encodeURIComponent(QUEUES_PATH)}#/login`);
      return sendProblem(request, reply, Problems.unauthorized('Sign in to the console first (or send an operator key as a bearer token).'), logger);
    }
    if (!QUEUE_ROLES.has(principal.role)) return sendProblem(request, reply, Problems.forbidden('The queues dashboard is for operators and administrators.'), logger);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendProblem(request, reply, Problems.forbidden('The queues dashboard is read-only: re-drive failed transfers from the console.'), logger);
    }
  });
  await fastify.register(serverAdapter.registerPlugin(), { prefix: QUEUES_PATH });
}
