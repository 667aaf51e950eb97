import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../http/public.decorator';
import type { FastifyReply } from 'fastify';
import { HEALTH_CHECKS, HealthCheck, runHealthChecks } from './health-check';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[]) {}

  @Get()
  @ApiOperation({ summary: '200 when every dependency is fine; 503 naming the failing ones otherwise' })
  async health(@Res() reply: FastifyReply): Promise<void> {
    const report = await runHealthChecks(this.checks);
    void reply.status(report.status === 'ok' ? 200 : 503).send(report);
  }
}
