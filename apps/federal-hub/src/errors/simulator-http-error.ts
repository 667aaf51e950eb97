import { HttpException } from '@nestjs/common';

/** An error answered with exactly this body: the `{ "error": ... }` style of the OAuth and admin routes. */
export class SimulatorHttpError extends HttpException {
  constructor(status: number, readonly body: { error: string } & Record<string, unknown>) {
    super(body, status);
  }
}
