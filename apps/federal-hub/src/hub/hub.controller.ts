import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { HubService } from './hub.service';

@Controller('hub')
export class HubController {
  constructor(private readonly hub: HubService) {}

  @Post(':service')
  @HttpCode(200)
  call(@Param('service') service: string, @Body() body: unknown): Promise<object> {
    return this.hub.call(service, body);
  }
}
