import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AdminController } from './admin/admin.controller';
import { AdminGuard } from './admin/admin.guard';
import { AdminService } from './admin/admin.service';
import { SimulatorExceptionFilter } from './errors/simulator-exception.filter';
import { federalHubConfigProvider } from './federal-hub.config';
import { DuplicateResponses } from './faults/duplicate-responses.service';
import { FaultInjector } from './faults/fault-injector.service';
import { FaultStore } from './faults/fault-store.service';
import { RateLimiter } from './faults/rate-limiter.service';
import { HubAccessMiddleware } from './hub/hub-access.middleware';
import { HubController } from './hub/hub.controller';
import { HubService } from './hub/hub.service';
import { ServiceRegistry } from './hub/service-registry.service';
import { SIMULATOR_CLASSES, serviceSimulatorsProvider } from './hub/service-simulators';
import { SubjectTriggers } from './hub/subject-triggers.service';
import { OAuthController } from './oauth/oauth.controller';
import { OAuthService } from './oauth/oauth.service';
import { TokenStore } from './oauth/token-store.service';
import { clockProvider } from './runtime/clock';
import { randomSourceProvider } from './runtime/random-source';

/** The simulated federal Data Services Hub: OAuth2 tokens, `/hub/<service>`, chaos controls at `/admin`. */
@Module({
  controllers: [OAuthController, HubController, AdminController],
  providers: [
    federalHubConfigProvider,
    clockProvider,
    randomSourceProvider,
    TokenStore,
    OAuthService,
    ...SIMULATOR_CLASSES,
    serviceSimulatorsProvider,
    ServiceRegistry,
    FaultStore,
    RateLimiter,
    FaultInjector,
    DuplicateResponses,
    SubjectTriggers,
    HubService,
    AdminService,
    AdminGuard,
    // Not the hub's problem+json: the simulator answers as the other organisation's system does.
    { provide: APP_FILTER, useClass: SimulatorExceptionFilter },
  ],
})
export class FederalHubModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HubAccessMiddleware).forRoutes(HubController);
  }
}
