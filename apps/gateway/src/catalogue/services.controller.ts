import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SERVICE_CATALOGUE } from '@dxhub/contracts';
import { ROLES, Roles } from '@dxhub/security';

const catalogue = SERVICE_CATALOGUE.map(({ service, category, source, mode, description, requestSchema }) => ({
  service,
  category,
  source,
  mode,
  description,
  requestSchema,
}));

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('v1/services')
export class ServicesController {
  @Get()
  @Roles(...ROLES)
  @ApiOperation({ summary: 'The services the hub offers, each with the JSON Schema of its POST /v1/verifications body' })
  @ApiOkResponse({ description: 'The catalogue' })
  list() {
    return catalogue;
  }
}
