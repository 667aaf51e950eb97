import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KeyObject } from 'node:crypto';
import { Readable } from 'node:stream';
import { CheckpointStore, IntegrityReport, JournalVerifier, rawPublicKey } from '@dxhub/audit';
import { bodyValidator, Problems } from '@dxhub/platform';
import { CurrentPrincipal, Principal, Roles } from '@dxhub/security';
import { seqSchema } from './audit-events.query';
import { AuditReads } from './audit-reads';
import { AUDIT_TRUSTED_KEY } from './audit-trust';

const validateRange = bodyValidator<{ fromSeq?: string; toSeq?: string }>({
  type: 'object',
  additionalProperties: false,
  properties: { fromSeq: seqSchema, toSeq: seqSchema },
});

/** Integrity of the journal over a range, and the signed checkpoints to keep elsewhere. Both reads are journaled. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor')
@Controller('v1/audit')
export class AuditIntegrityController {
  constructor(
    private readonly verifier: JournalVerifier,
    private readonly checkpoints: CheckpointStore,
    private readonly reads: AuditReads,
    @Inject(AUDIT_TRUSTED_KEY) private readonly trustedKey: KeyObject,
  ) {}

  @Get('integrity')
  @ApiOperation({
    summary:
      'Verify the journal over fromSeq..toSeq (default: all): seals, chain links, removed/inserted/reordered events and signed checkpoints. ' +
      '{ ok: true, checked, headSeq, headHash } or { ok: false, firstBadSeq, reason }',
  })
  async integrity(@CurrentPrincipal() auditor: Principal, @Query() query: unknown, @Req() request: FastifyRequest): Promise<IntegrityReport> {
    const range = validateRange({ ...(query as object) });
    if (range.fromSeq && range.toSeq && BigInt(range.fromSeq) > BigInt(range.toSeq)) {
      throw Problems.validation([{ field: 'fromSeq', message: 'must not be after toSeq' }]);
    }
    const report = await this.verifier.verify(this.trustedKey, range);
    const outcome = report.ok ? { ok: true, checked: report.checked } : { ok: false, firstBadSeq: report.firstBadSeq, checked: report.checked };
    await this.reads.record(auditor, request, { action: 'integrity', fromSeq: report.fromSeq, toSeq: report.toSeq, ...outcome });
    return report;
  }

  @Get('checkpoints')
  @ApiOperation({ summary: 'Every signed checkpoint of the chain head (JSON, or NDJSON with Accept: application/x-ndjson), with the key that verifies them' })
  @ApiProduces('application/json', 'application/x-ndjson')
  async list(
    @CurrentPrincipal() auditor: Principal,
    @Req() request: FastifyRequest,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const all = await this.checkpoints.all();
    await this.reads.record(auditor, request, { action: 'checkpoints', count: all.length });
    if (!(accept ?? '').includes('application/x-ndjson')) return { publicKey: rawPublicKey(this.trustedKey), data: all };
    void reply.header('content-type', 'application/x-ndjson');
    return Readable.from(all.map((c) => `${JSON.stringify(c)}\n`));
  }
}
