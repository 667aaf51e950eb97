import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { AuditEventRepository, AuditEventView } from '@dxhub/persistence';
import { CurrentPrincipal, Principal, Roles } from '@dxhub/security';
import { MAX_PAGE, parseAuditQuery } from './audit-events.query';
import { AuditReads } from './audit-reads';

const NDJSON = 'application/x-ndjson';

function present(event: AuditEventView) {
  return { ...event, at: event.at.toISOString() };
}

/**
 * The auditors' view of the journal: every event but its message (stored encrypted). Reading the journal is
 * itself an `audit.read` event. NDJSON (`Accept: application/x-ndjson`) streams every matching event.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor')
@Controller('v1/audit/events')
export class AuditEventsController {
  constructor(
    private readonly events: AuditEventRepository,
    private readonly reads: AuditReads,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Audit events in sequence order; filters verificationId, exchangeId, kind, from, to, afterSeq; JSON pages or NDJSON stream' })
  @ApiProduces('application/json', NDJSON)
  async list(
    @CurrentPrincipal() auditor: Principal,
    @Query() query: unknown,
    @Headers('accept') accept: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { filter, limit, audited } = parseAuditQuery(query);
    const stream = (accept ?? '').includes(NDJSON);
    await this.reads.record(auditor, request, { action: stream ? 'export-ndjson' : 'query', filter: audited }, filter);
    if (!stream) {
      const { rows, hasMore } = await this.events.query(filter, limit);
      return { data: rows.map(present), nextCursor: hasMore ? rows[rows.length - 1].seq : null };
    }
    void reply.header('content-type', NDJSON);
    return Readable.from(this.allEvents(filter));
  }

  /** Every matching event, page by page, as NDJSON lines: memory stays flat however many there are. */
  private async *allEvents(filter: ReturnType<typeof parseAuditQuery>['filter']): AsyncGenerator<string> {
    let afterSeq = filter.afterSeq;
    for (;;) {
      const { rows, hasMore } = await this.events.query({ ...filter, afterSeq }, MAX_PAGE);
      for (const row of rows) yield `${JSON.stringify(present(row))}\n`;
      if (!hasMore) return;
      afterSeq = rows[rows.length - 1].seq;
    }
  }
}
