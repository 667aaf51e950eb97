import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, RmqContext } from '@nestjs/microservices';
import type { ConfirmChannel } from 'amqplib';
import { PinoLogger } from 'nestjs-pino';
import { AmqpIntakeService } from './amqp-intake.service';
import { AMQP_REQUEST_PATTERN } from './amqp-request.server';
import type { ConsumedMessage } from './amqp-replies';

/** The request queue's handler: unpacks the message and its channel and hands them to the AMQP intake. */
@Controller()
export class AmqpRequestsController {
  constructor(
    private readonly intake: AmqpIntakeService,
    private readonly pino: PinoLogger,
  ) {}

  @EventPattern(AMQP_REQUEST_PATTERN)
  async onRequest(_data: unknown, @Ctx() context: any): Promise<void> {
    // `any` above: Nest's handler signature types the extra arguments as unknown.
    const rmq = context as RmqContext;
    const message = rmq.getMessage() as ConsumedMessage;
    const channel = rmq.getChannelRef() as ConfirmChannel;
    const bindings = { channel: 'amqp', messageId: message.properties.messageId, amqpUser: message.properties.userId };
    await this.pino.runInContext(() => this.intake.handle(message, channel), { bindings });
  }
}
