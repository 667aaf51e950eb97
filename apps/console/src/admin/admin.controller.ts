import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@dxhub/security';
import { createCredentialSchema, createExchangeSchema, rotateCredentialSchema, setWebhookSchema, TenantAdminService } from '@dxhub/tenancy';

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
  listExchanges() {
    return this.admin.listExchanges().then((data) => ({ data, nextCursor: null }));
  }

  @Put('exchanges/:id/webhook')
  @ApiOperation({ summary: "Set where an exchange's results are pushed; answers the signing secret" })
  @ApiBody({ schema: setWebhookSchema as never })
  setWebhook(@CurrentPrincipal() actor: Principal, @Param('id') id: string, @Body() body: unknown) {
    return this.admin.setWebhook(actor, id, body);
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
  listCredentials() {
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
