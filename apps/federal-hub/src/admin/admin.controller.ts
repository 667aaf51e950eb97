import { Body, Controller, Get, HttpCode, Post, Put, UseGuards } from '@nestjs/common';
import { FaultMap } from '../faults/fault-config';
import { AdminGuard } from './admin.guard';
import { AdminService } from './admin.service';

/** Chaos controls: the faults every `/hub/*` call goes through, and a reset between test runs. */
@Controller('admin')
@UseGuards(AdminGuard)
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('faults')
  faults(): FaultMap {
    return this.admin.faultMap();
  }

  @Put('faults')
  replaceFaults(@Body() body: unknown): FaultMap {
    return this.admin.replaceFaults(body);
  }

  @Post('reset')
  @HttpCode(204)
  reset(): void {
    this.admin.reset();
  }
}
