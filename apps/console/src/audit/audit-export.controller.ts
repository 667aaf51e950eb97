import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, ExportFormat, JournalExport } from '@dxhub/audit';
import { bodyValidator, Problems } from '@dxhub/platform';
import { CurrentPrincipal, Principal, Roles } from '@dxhub/security';
import { parseAuditQuery } from './audit-events.query';
import { AuditReads } from './audit-reads';

interface ExportOptions {
  format?: ExportFormat;
  privileged?: 'true' | 'false';
  reason?: string;
}

const validateOptions = bodyValidator<ExportOptions>({
  type: 'object',
  properties: {
    format: { enum: [...EXPORT_FORMATS] },
    privileged: { enum: ['true', 'false'] },
    reason: { type: 'string', minLength: 10, maxLength: 500, pattern: '^[^\\u0000-\\u001f]*$', 'x-message': 'must be 10 to 500 characters, no control characters' },
  },
});

/**
 * Exports of the journal with each event's message, streamed: NDJSON (default), a JSON array or CSV.
 * Messages are redacted (structure and codes only) unless `privileged=true` with a `reason`: the export
 * and its reason are journaled before the first byte leaves, marked FTI when a privileged export may hold it.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor')
@Controller('v1/audit/export')
export class AuditExportController {
  constructor(
    private readonly exporter: JournalExport,
    private readonly reads: AuditReads,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Export events with their messages (format=ndjson|json|csv; the events filters); PII redacted unless privileged=true&reason=... (itself audited)',
  })
  @ApiProduces(...Object.values(EXPORT_CONTENT_TYPES))
  async export(
    @CurrentPrincipal() auditor: Principal,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { format = 'ndjson', privileged, reason, ...filters } = query;
    const options = validateOptions({ format, privileged, reason });
    const isPrivileged = options.privileged === 'true';
    if (isPrivileged && !options.reason) throw Problems.validation([{ field: 'reason', message: 'is required for a privileged (unredacted) export' }]);
    // The events filters, checked the same way (a `limit` is validated but an export streams every match).
    const { filter, audited } = parseAuditQuery(filters);
    await this.reads.record(
      auditor,
      request,
      { action: isPrivileged ? 'export-privileged' : 'export', format: options.format, filter: audited, ...(options.reason ? { reason: options.reason } : {}) },
      { ...filter, fti: isPrivileged },
    );
    const format$ = options.format ?? 'ndjson';
    void reply.header('content-type', EXPORT_CONTENT_TYPES[format$]);
    void reply.header('content-disposition', `attachment; filename="dxhub-audit-${new Date().toISOString().slice(0, 10)}.${format$}"`);
    return Readable.from(this.exporter.lines(filter, format$, isPrivileged));
  }
}
