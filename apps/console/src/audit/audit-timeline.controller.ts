import { Controller, Get, Param, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { JournalTimeline } from '@dxhub/audit';
import { bodyValidator } from '@dxhub/platform';
import { CurrentPrincipal, Principal, Roles } from '@dxhub/security';
import { AuditReads } from './audit-reads';

const validateId = bodyValidator<{ id: string }>({
  type: 'object',
  properties: { id: { type: 'string', pattern: '^ver_[0-9A-HJKMNP-TV-Z]{26}$', 'x-message': 'must be a verification id (ver_...)' } },
});

/** A verification's life rebuilt from the journal alone: every state and message in order, PII redacted. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor')
@Controller('v1/audit/verifications')
export class AuditTimelineController {
  constructor(
    private readonly timeline: JournalTimeline,
    private readonly reads: AuditReads,
  ) {}

  @Get(':id/timeline')
  @ApiOperation({ summary: "A verification's timeline from the journal alone (empty when the journal holds nothing about it)" })
  async get(@CurrentPrincipal() auditor: Principal, @Req() request: FastifyRequest, @Param('id') id: string) {
    validateId({ id });
    const events = await this.timeline.of(id);
    await this.reads.record(auditor, request, { action: 'timeline', verificationId: id }, { verificationId: id });
    return { verificationId: id, events };
  }
}
