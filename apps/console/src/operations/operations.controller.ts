import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@dxhub/security';
import { DeliveryOperationsService } from './delivery-operations.service';
import { FailedTransfersService } from './failed-transfers.service';
import { OverviewService } from './overview.service';
import { failedTransfersRetrySchema, reasonSchema, verificationSearchSchema } from './operations.schemas';
import { VerificationOperationsService } from './verification-operations.service';

/** The operators' API (administrators may use it too): failed transfers, search, timelines, retry and cancel. */
@ApiTags('operations')
@ApiBearerAuth()
@Roles('operator', 'admin')
@Controller('v1/ops')
export class OperationsController {
  constructor(
    private readonly failedTransfers: FailedTransfersService,
    private readonly verificationOps: VerificationOperationsService,
    private readonly deliveryOps: DeliveryOperationsService,
    private readonly overviews: OverviewService,
  ) {}

  @Get('overview')
  @ApiOperation({ summary: 'Counts by status; per federal source queue depth, in-flight, last hour failure rate and circuit; the oldest open verification' })
  overview() {
    return this.overviews.overview();
  }

  @Get('failed-transfers')
  @ApiOperation({ summary: 'Failed transfers, newest failure first, with the last error and attempt count; cursor pagination' })
  @ApiQuery({ name: 'exchangeId', required: false })
  @ApiQuery({ name: 'service', required: false })
  @ApiQuery({ name: 'source', required: false, description: 'federal source, e.g. ssa' })
  @ApiQuery({ name: 'errorCode', required: false, description: 'the last error code, e.g. HE007000' })
  @ApiQuery({ name: 'since', required: false, description: 'failed at or after (ISO 8601)' })
  @ApiQuery({ name: 'until', required: false, description: 'failed before (ISO 8601)' })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 50' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'sort', required: false, description: 'failedAt, exchangeId, service or errorCode; "-" first for descending (default -failedAt: newest failure first)' })
  @ApiResponse({ status: 200, description: '{ data: [{ kind, id, exchangeId, service, source, error, attempts, failedAt, reference }], nextCursor }' })
  listFailedTransfers(@Query() query: unknown) {
    return this.failedTransfers.list(query);
  }

  @Post('failed-transfers/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Re-drive every failed verification matching the filter (each audited); answers how many' })
  @ApiBody({ schema: failedTransfersRetrySchema as never })
  @ApiResponse({ status: 202, description: '{ count }' })
  retryFailedTransfers(@CurrentPrincipal() operator: Principal, @Body() body: unknown) {
    return this.failedTransfers.retryAll(operator, body);
  }

  @Post('verifications/search')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Search verifications across exchanges (a POST so an SSN never travels in a URL); every search is audited' })
  @ApiBody({ schema: verificationSearchSchema as never })
  @ApiResponse({ status: 200, description: '{ data: [verification + exchangeId], nextCursor }; SSN masked to its last 4' })
  search(@CurrentPrincipal() operator: Principal, @Body() body: unknown) {
    return this.verificationOps.search(operator, body);
  }

  @Get('verifications/:id')
  @ApiOperation({ summary: 'A verification with its timeline: every federal attempt and audit event (never a message), by time' })
  @ApiResponse({ status: 404, description: 'No such verification' })
  get(@Param('id') id: string) {
    return this.verificationOps.get(id);
  }

  @Post('verifications/:id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Re-drive a failed verification in a new round (same id, attempts and history)' })
  @ApiBody({ schema: reasonSchema as never })
  @ApiResponse({ status: 202, description: 'Queued again; poll until completed or failed' })
  @ApiResponse({ status: 409, description: 'The verification is not failed (the problem names its status)' })
  retry(@CurrentPrincipal() operator: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.verificationOps.retry(operator, id, body);
  }

  @Post('deliveries/:id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Re-drive a failed webhook delivery (one more attempt now)' })
  @ApiBody({ schema: reasonSchema as never })
  @ApiResponse({ status: 202, description: 'Pending again' })
  @ApiResponse({ status: 409, description: 'The delivery is not failed' })
  retryDelivery(@CurrentPrincipal() operator: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.deliveryOps.retry(operator, id, body);
  }

  @Post('verifications/:id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel a queued, in-progress, awaiting or failed verification' })
  @ApiBody({ schema: reasonSchema as never })
  @ApiResponse({ status: 409, description: 'Already completed or cancelled (the problem names its status)' })
  cancel(@CurrentPrincipal() operator: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.verificationOps.cancel(operator, id, body);
  }
}
