import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { bodyValidator } from '@dxhub/platform';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@dxhub/security';
import {
  createCredentialSchema,
  createExchangeSchema,
  rotateCredentialSchema,
  setAmqpUserSchema,
  setClientCertificateSchema,
  setWebhookSchema,
  TenantAdminService,
} from '@dxhub/tenancy';

/** The lists take no parameters: any is a 400 naming it, as everywhere else. */
const validateNoQuery = bodyValidator({ type: 'object', additionalProperties: false, properties: {} });

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin')
export class AdminController {
  constructor(private readonly admin: TenantAdminService) {}

  @Post('exchanges')
  @ApiOperation({ summary: 'Create an exchange (tenant); id is a lowercase slug' })
  @ApiBody({ schema: createExchangeSchema as never })
  @ApiResponse({ status: 201, description: 'Created' })
  @ApiResponse({ status: 409, description: 'The id is taken' })
  createExchange(@CurrentPrincipal() actor: Principal, @Body() body: unknown) {
    return this.admin.createExchange(actor, body);
  }

  @Get('exchanges')
  @ApiOperation({ summary: 'List exchanges' })
  listExchanges(@Query() query: unknown) {
    validateNoQuery({ ...(query as object) });
    return this.admin.listExchanges().then((data) => ({ data, nextCursor: null }));
  }

  @Put('exchanges/:id/webhook')
  @ApiOperation({ summary: "Set where an exchange's results are pushed; answers the signing secret" })
  @ApiBody({ schema: setWebhookSchema as never })
  setWebhook(@CurrentPrincipal() actor: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.admin.setWebhook(actor, id, body);
  }

  @Put('exchanges/:id/client-certificate')
  @ApiOperation({
    summary: "Bind the client certificate (SHA-256 fingerprint of its DER bytes) the exchange's keys must come with when the gateway runs mutual TLS",
  })
  @ApiBody({ schema: setClientCertificateSchema as never })
  @ApiResponse({ status: 200, description: '{ exchangeId, fingerprint256 } (lowercase hex, no colons)' })
  @ApiResponse({ status: 404, description: 'No such exchange' })
  setClientCertificate(@CurrentPrincipal() actor: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.admin.setClientCertificate(actor, id, body);
  }

  @Put('exchanges/:id/amqp')
  @ApiOperation({
    summary: "Map the RabbitMQ user whose messages (by their broker-validated user_id) speak for the exchange on the message-broker channel; replaces the exchange's earlier user",
  })
  @ApiBody({ schema: setAmqpUserSchema as never })
  @ApiResponse({ status: 200, description: '{ exchangeId, user }' })
  @ApiResponse({ status: 404, description: 'No such exchange' })
  @ApiResponse({ status: 409, description: 'The user already speaks for another exchange' })
  setAmqpUser(@CurrentPrincipal() actor: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.admin.setAmqpUser(actor, id, body);
  }

  @Post('credentials')
  @ApiOperation({ summary: 'Issue an API key; the key is shown once and stored only as a hash' })
  @ApiBody({ schema: createCredentialSchema as never })
  @ApiResponse({ status: 201, description: 'Created: { id, key, role, exchangeId }' })
  createCredential(@CurrentPrincipal() actor: Principal, @Body() body: unknown) {
    return this.admin.createCredential(actor, body);
  }

  @Get('credentials')
  @ApiOperation({ summary: 'List credentials (never the key)' })
  listCredentials(@Query() query: unknown) {
    validateNoQuery({ ...(query as object) });
    return this.admin.listCredentials().then((data) => ({ data, nextCursor: null }));
  }

  @Delete('credentials/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a credential; it stops working at once' })
  async revokeCredential(@CurrentPrincipal() actor: Principal, @Param('id') id: string): Promise<void> {
    await this.admin.revokeCredential(actor, id);
  }

  @Post('credentials/:id/rotate')
  @ApiOperation({ summary: 'Issue a successor key; the old one keeps working for overlapSeconds (default 86400, at most 30 days)' })
  @ApiBody({ schema: rotateCredentialSchema as never, required: false })
  @ApiResponse({ status: 201, description: 'Created: { id, key, role, exchangeId, label, expiresAt, replaces }; the key is shown once' })
  @ApiResponse({ status: 404, description: 'No such credential' })
  @ApiResponse({ status: 409, description: 'The credential is revoked, expired or already rotated' })
  rotateCredential(@CurrentPrincipal() actor: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.admin.rotateCredential(actor, id, body);
  }
}
