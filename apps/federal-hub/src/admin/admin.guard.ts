import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { SimulatorHttpError } from '../errors/simulator-http-error';
import { FEDERAL_HUB_CONFIG, FederalHubConfig } from '../federal-hub.config';
import { sameSecret } from '../oauth/client-credentials';

/** In production the chaos controls need `Authorization: Bearer <SIMULATOR_ADMIN_TOKEN>`; elsewhere they are open. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(@Inject(FEDERAL_HUB_CONFIG) private readonly config: FederalHubConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.config.production) return true;
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    // The config refuses to load in production without an admin token.
    if (token !== undefined && this.config.adminToken !== undefined && sameSecret(token, this.config.adminToken)) return true;
    throw new SimulatorHttpError(HttpStatus.UNAUTHORIZED, { error: 'unauthorized' });
  }
}
