import { Controller, Get, Headers, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { AcceptedBatch, BATCH_MAX_LINES, BatchResource, NDJSON_CONTENT_TYPE } from '@dxhub/contracts';
import { presentBatch } from '@dxhub/hub-core';
import { BatchRepository, BatchRow } from '@dxhub/persistence';
import { Problems } from '@dxhub/platform';
import { CurrentPrincipal, Principal, Roles } from '@dxhub/security';
import { parseIdempotencyKey } from '../verifications/idempotency-key';
import { BatchIntakeService } from './batch-intake.service';
import { BatchResults } from './batch-results';

type SubmitterPrincipal = Principal & { exchangeId: string };

/** The body stream Fastify hands over for NDJSON (see streamedBodies in main.ts); none when the body is empty. */
function bodyStream(body: unknown): AsyncIterable<Buffer> {
  return body instanceof Readable ? body : Readable.from([]);
}

@ApiTags('batches')
@ApiBearerAuth()
@Roles('submitter')
@Controller('v1/batches')
export class BatchesController {
  constructor(
    private readonly intake: BatchIntakeService,
    private readonly batches: BatchRepository,
    private readonly results: BatchResults,
  ) {}

  @Post()
  @ApiOperation({
    summary: `Submit up to ${BATCH_MAX_LINES.toLocaleString('en-US')} verifications as NDJSON, one POST /v1/verifications body per line; 202, or 200 with the earlier batch for a repeated Idempotency-Key`,
    description:
      'All or nothing: a bad line refuses the whole batch (400, errors named "line N: field"), and nothing is stored. Blank lines are skipped ' +
      'and keep their numbers. Multi-step services (previousVerificationId) are refused in batches. Body limit 100 MB (413); other content types 415.',
  })
  @ApiConsumes(NDJSON_CONTENT_TYPE)
  @ApiBody({ schema: { type: 'string', description: 'NDJSON: one verification request (the body of POST /v1/verifications) per line' } })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1-255 printable characters' })
  @ApiResponse({ status: 202, description: '{ id, status, total }; poll Location (GET /v1/batches/{id}) or wait for the batch.completed webhook' })
  @ApiResponse({ status: 400, description: 'A malformed line (problem+json naming each line and field); nothing stored' })
  @ApiResponse({ status: 409, description: 'Idempotency-Key reused with a different body' })
  @ApiResponse({ status: 413, description: 'Body over 100 MB' })
  @ApiResponse({ status: 415, description: 'Content-Type is not application/x-ndjson' })
  async submit(
    @CurrentPrincipal() principal: SubmitterPrincipal,
    @Headers('idempotency-key') idempotencyHeader: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AcceptedBatch> {
    const idempotencyKey = parseIdempotencyKey(idempotencyHeader);
    const { created, batch } = await this.intake.submit({ principal, body: bodyStream(request.body), idempotencyKey, correlationId: request.id });
    void reply.status(created ? HttpStatus.ACCEPTED : HttpStatus.OK).header('location', `/v1/batches/${batch.id}`);
    return batch;
  }

  @Get(':id')
  @ApiOperation({ summary: "One of the caller's batches with its lines counted by status (another exchange's is 404)" })
  async get(@CurrentPrincipal() principal: SubmitterPrincipal, @Param('id') id: string): Promise<BatchResource> {
    const batch = await this.find(principal, id);
    return presentBatch(batch, await this.batches.counts(batch.id));
  }

  @Get(':id/results')
  @ApiOperation({ summary: 'Every line as the verification resource GET /v1/verifications/{id} returns, in input order, as NDJSON (streamed)' })
  @ApiProduces(NDJSON_CONTENT_TYPE)
  async resultsOf(
    @CurrentPrincipal() principal: SubmitterPrincipal,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    const batch = await this.find(principal, id);
    void reply.header('content-type', NDJSON_CONTENT_TYPE);
    return Readable.from(this.results.ndjson(principal, batch, request.id));
  }

  private async find(principal: SubmitterPrincipal, id: string): Promise<BatchRow> {
    const batch = await this.batches.findForExchange(id, principal.exchangeId);
    if (!batch) throw Problems.notFound('batch');
    return batch;
  }
}
