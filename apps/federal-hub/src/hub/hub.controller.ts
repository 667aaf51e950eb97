import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HubService } from './hub.service';
import { MESSAGE_ID_HEADER } from './message-id';

@Controller('hub')
export class HubController {
  constructor(private readonly hub: HubService) {}

  @Post(':service')
  @HttpCode(200)
  async call(
    @Param('service') service: string,
    @Body() body: unknown,
    @Headers(MESSAGE_ID_HEADER.toLowerCase()) messageId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<object> {
    const delivery = await this.hub.call(service, body, messageId);
    // Usually the caller's own messageID; a duplicate delivery carries the earlier call's.
    void reply.header(MESSAGE_ID_HEADER, delivery.messageId);
    return delivery.body;
  }
}
