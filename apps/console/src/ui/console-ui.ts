import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { projectRoot } from '@dxhub/platform';
import { mountQueuesDashboard } from './queues-dashboard';

/** Where `npm run build` puts the bundled web UI (scripts/build.mjs, from apps/console/ui/). */
export const CONSOLE_UI_DIR = join(projectRoot(__dirname), 'dist', 'console-ui');

/**
 * Mounts the console's web UI at `/` (static files: the single-page app logs in through /v1/session and then
 * calls the same APIs as scripts do) and the BullMQ dashboard at `/queues`. The static files are public: they
 * hold no data. Only the files present at start-up are routed (no wildcard), so any other path still gets
 * the API's problem+json 404.
 */
export async function mountConsoleUi(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  if (existsSync(CONSOLE_UI_DIR) && readdirSync(CONSOLE_UI_DIR).includes('index.html')) {
    await fastify.register(fastifyStatic, {
      root: CONSOLE_UI_DIR,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      // bull-board registers @fastify/static too; only one of them may decorate the reply.
      decorateReply: false,
      // index.html is revalidated every time so a new build is picked up; the bundles are small.
      setHeaders: (reply, path) => void reply.header('cache-control', path.endsWith('index.html') ? 'no-cache' : 'public, max-age=300'),
    });
  } else {
    new Logger('ConsoleUi').warn(`The web UI is not built (${CONSOLE_UI_DIR} is missing): run npm run build. The API works without it.`);
    fastify.get('/', (_: FastifyRequest, reply: FastifyReply) =>
      reply.type('text/plain').send('The console web UI is not built: run npm run build.'),
    );
  }
  await mountQueuesDashboard(app);
}
