import { BeforeApplicationShutdown, Controller, Get, Optional, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { Roles, SessionAuthenticator } from '@dxhub/security';
import { OverviewService } from './overview.service';

/** How often a live overview is pushed; the overview itself is computed at most every OVERVIEW_MAX_AGE_MS for everyone. */
export const STREAM_EVERY_MS = 5_000;

/**
 * The overview, live: a server-sent event stream (`event: overview`) that the console's overview page
 * listens to instead of reloading. A stream opened with the session cookie re-checks the session at every
 * push and ends (`event: signed-out`) once it has expired, been signed out or its key revoked.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Roles('operator', 'admin')
@Controller('v1/ops/stream')
export class OperationsStreamController implements BeforeApplicationShutdown {
  private readonly open = new Set<ServerResponse>();

  constructor(
    private readonly overviews: OverviewService,
    @Optional() private readonly sessions?: SessionAuthenticator,
  ) {}

  @Get()
  @ApiOperation({ summary: `Server-sent events: "overview" (the GET /v1/ops/overview body) at once and every ${STREAM_EVERY_MS / 1000} s` })
  @ApiProduces('text/event-stream')
  @ApiResponse({ status: 200, description: 'text/event-stream; events "overview", "problem" (the overview could not be read this time) and "signed-out"' })
  stream(@Req() request: FastifyRequest & { sessionId?: string }, @Res() reply: FastifyReply): void {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-request-id': String(request.id),
      'x-content-type-options': 'nosniff',
    });
    this.open.add(raw);
    const bySession = Boolean(request.sessionId);
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
      clearTimeout(timer);
      this.open.delete(raw);
    };
    const push = async () => {
      if (bySession && !(await this.sessionAlive(request))) {
        raw.end('event: signed-out\ndata: {}\n\n');
        return stop();
      }
      try {
        raw.write(`event: overview\ndata: ${JSON.stringify(await this.overviews.overview())}\n\n`);
      } catch {
        raw.write(`event: problem\ndata: ${JSON.stringify({ title: 'The overview could not be read just now; retrying.' })}\n\n`);
      }
      if (this.open.has(raw)) timer = setTimeout(() => void push(), STREAM_EVERY_MS);
    };
    raw.on('close', stop);
    void push();
  }

  /** Ends every open stream so the server can close (the browser reconnects to another instance). */
  beforeApplicationShutdown(): void {
    for (const raw of this.open) raw.end();
    this.open.clear();
  }

  private async sessionAlive(request: FastifyRequest): Promise<boolean> {
    try {
      return Boolean(await this.sessions?.authenticate({ method: 'GET', headers: request.headers }));
    } catch {
      return false;
    }
  }
}
