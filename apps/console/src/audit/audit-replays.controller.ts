import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { findService, ReplayScope } from '@dxhub/contracts';
import { AuditReplayRepository, ReplayRecord } from '@dxhub/persistence';
import { bodyValidator, Problems } from '@dxhub/platform';
import { actorOf, CurrentPrincipal, Principal, Roles } from '@dxhub/security';
import { AuditReads } from './audit-reads';

/** A replay re-sends real federal traffic: one at a time is plenty, and a year is the widest window. */
const MAX_WINDOW_MS = 366 * 24 * 60 * 60 * 1000;

const validateScope = bodyValidator<ReplayScope>({
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    exchangeId: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$', 'x-message': 'must be an exchange id' },
    service: { type: 'string', pattern: '^[a-z0-9-]{2,40}$', 'x-message': 'must be a service name from GET /v1/services' },
  },
});

const validateId = bodyValidator<{ id: string }>({
  type: 'object',
  properties: { id: { type: 'string', pattern: '^rpl_[0-9A-HJKMNP-TV-Z]{26}$', 'x-message': 'must be a replay id (rpl_...)' } },
});

function present(r: ReplayRecord) {
  return {
    id: r.id,
    status: r.status,
    scope: r.scope,
    requestedBy: r.requestedBy,
    total: r.total,
    matched: r.matched,
    mismatched: r.mismatched,
    skipped: r.skipped,
    diffs: r.diffs,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/**
 * Replays: the federal requests recorded in a window re-sent to the Hub in a sandbox (their own queue; no
 * verification changes, nothing delivered), the answers compared field by field with the recorded ones.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor')
@Controller('v1/audit/replays')
export class AuditReplaysController {
  constructor(
    private readonly replays: AuditReplayRepository,
    private readonly reads: AuditReads,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Replay the federal requests recorded in [from, to), optionally of one exchange or service; poll the replay for its report' })
  @ApiResponse({ status: 202, description: '{ id }' })
  async request(@CurrentPrincipal() auditor: Principal, @Req() request: FastifyRequest, @Body() body: unknown): Promise<{ id: string }> {
    const scope = validateScope(body ?? {});
    const window = Date.parse(scope.to) - Date.parse(scope.from);
    if (window <= 0) throw Problems.validation([{ field: 'to', message: 'must be after from' }]);
    if (window > MAX_WINDOW_MS) throw Problems.validation([{ field: 'to', message: 'must be at most 366 days after from' }]);
    if (scope.service && !findService(scope.service)) throw Problems.validation([{ field: 'service', message: 'is not a service of GET /v1/services' }]);
    const audit = this.reads.prepare(auditor, request, { action: 'replay', scope }, { exchangeId: scope.exchangeId });
    return { id: await this.replays.request(scope, actorOf(auditor), audit) };
  }

  @Get()
  @ApiOperation({ summary: 'Recent replays, newest first' })
  async list(@CurrentPrincipal() auditor: Principal, @Req() request: FastifyRequest) {
    const recent = await this.replays.recent(50);
    await this.reads.record(auditor, request, { action: 'replays' });
    return { data: recent.map(present), nextCursor: null };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A replay: status, total, matched, mismatched, skipped and the differences found' })
  async get(@CurrentPrincipal() auditor: Principal, @Req() request: FastifyRequest, @Param('id') id: string) {
    validateId({ id });
    const replay = await this.replays.find(id);
    if (!replay) throw Problems.notFound('replay');
    await this.reads.record(auditor, request, { action: 'replay-report', replayId: id });
    return present(replay);
  }
}
