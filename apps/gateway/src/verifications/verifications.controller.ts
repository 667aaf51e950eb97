import { Controller, Get, Headers, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SERVICE_CATALOGUE, VerificationResource } from '@dxhub/contracts';
import { encodeCursor, VerificationRepository } from '@dxhub/persistence';
import { Problems } from '@dxhub/platform';
import { CurrentPrincipal, Principal, Roles } from '@dxhub/security';
import { parseIdempotencyKey } from './idempotency-key';
import { VerificationIntakeService } from './verification-intake.service';
import { parseListQuery } from './verification-list.query';
import { VerificationReader } from './verification-reader.service';

type SubmitterPrincipal = Principal & { exchangeId: string };

@ApiTags('verifications')
@ApiBearerAuth()
@Roles('submitter')
@Controller('v1/verifications')
export class VerificationsController {
  constructor(
    private readonly intake: VerificationIntakeService,
    private readonly verifications: VerificationRepository,
    private readonly reader: VerificationReader,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Submit a verification; 202 with Location, or 200 with the earlier one for a repeated Idempotency-Key' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1-255 printable characters' })
  @ApiBody({ schema: { oneOf: SERVICE_CATALOGUE.map((d) => d.requestSchema) } as never })
  @ApiResponse({ status: 202, description: 'Accepted; poll Location until completed or failed' })
  @ApiResponse({ status: 400, description: 'Invalid request (problem+json naming each field)' })
  @ApiResponse({ status: 409, description: 'Idempotency-Key reused with a different body' })
  async submit(
    @CurrentPrincipal() principal: SubmitterPrincipal,
    @Headers('idempotency-key') idempotencyHeader: string | undefined,
    @Req() request: FastifyRequest & { rawBody?: Buffer },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VerificationResource> {
    const { created, resource } = await this.intake.submit({
      principal,
      body: request.body,
      rawBody: request.rawBody ?? Buffer.from(JSON.stringify(request.body)),
      idempotencyKey: parseIdempotencyKey(idempotencyHeader),
      correlationId: request.id,
    });
    void reply.status(created ? HttpStatus.ACCEPTED : HttpStatus.OK).header('location', `/v1/verifications/${resource.id}`);
    return resource;
  }

  @Get(':id')
  @ApiOperation({ summary: "One of the caller's verifications (another exchange's is 404)" })
  async get(@CurrentPrincipal() principal: SubmitterPrincipal, @Param('id') id: string, @Req() request: FastifyRequest): Promise<VerificationResource> {
    const row = await this.verifications.findForExchange(id, principal.exchangeId);
    if (!row) throw Problems.notFound('verification');
    return this.reader.showOne(principal, row, request.id);
  }

  @Get()
  @ApiOperation({ summary: "The caller's verifications, newest first, with cursor pagination" })
  async list(@CurrentPrincipal() principal: SubmitterPrincipal, @Query() query: unknown, @Req() request: FastifyRequest) {
    const { rows, hasMore } = await this.verifications.listForExchange(parseListQuery(query, principal.exchangeId));
    return {
      data: await this.reader.show(principal, rows, request.id),
      nextCursor: hasMore ? encodeCursor(rows[rows.length - 1].id) : null,
    };
  }
}
