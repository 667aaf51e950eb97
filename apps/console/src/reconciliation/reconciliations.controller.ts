import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuditJournal } from '@dxhub/audit';
import { ReconciliationRepository, ReconciliationRun } from '@dxhub/persistence';
import { bodyValidator, Problems } from '@dxhub/platform';
import { actorOf, CurrentPrincipal, Principal, Roles } from '@dxhub/security';

const validateListQuery = bodyValidator<{ limit?: string }>({
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'string', pattern: '^([1-9]|[1-9][0-9]|100)$', 'x-message': 'must be a whole number from 1 to 100' } },
});

/** The run takes no input: a body, if any, must be an empty object (strict like every hub schema). */
const validateRunRequest = bodyValidator<Record<string, never>>({ type: 'object', additionalProperties: false, properties: {} });

/** The contract's view of a run. */
function present(run: ReconciliationRun) {
  return {
    id: run.id,
    status: run.status,
    trigger: run.trigger,
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    checked: run.checked,
    findings: run.findings,
    error: run.error,
  };
}

@ApiTags('operations')
@ApiBearerAuth()
@Roles('operator', 'admin')
@Controller('v1/ops/reconciliations')
export class ReconciliationsController {
  constructor(
    private readonly runs: ReconciliationRepository,
    private readonly journal: AuditJournal,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the reconciler now; poll the run for its findings' })
  @ApiResponse({ status: 202, description: '{ id }' })
  async request(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Body() body: unknown): Promise<{ id: string }> {
    if (body !== undefined) validateRunRequest(body);
    const actor = actorOf(principal);
    const audit = this.journal.prepare({ kind: 'operator.action', exchangeId: null, verificationId: null, actor, correlationId: request.id, message: { action: 'reconcile' } });
    return { id: await this.runs.requestRun(actor, audit) };
  }

  @Get()
  @ApiOperation({ summary: 'Recent runs, newest first' })
  async list(@Query() query: unknown) {
    const { limit } = validateListQuery({ ...(query as object) });
    return { data: (await this.runs.listRuns(limit ? Number(limit) : 20)).map(present), nextCursor: null };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One run: status, what it checked, found and did' })
  async get(@Param('id') id: string) {
    const run = await this.runs.findRun(id);
    if (!run) throw Problems.notFound('reconciliation run');
    return present(run);
  }
}
