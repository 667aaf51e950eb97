import { DynamicModule, Global, InjectionToken, Module, ModuleMetadata } from '@nestjs/common';
import { MetricsController } from '../metrics/metrics.controller';
import { MetricsService } from '../metrics/metrics.service';
import { HEALTH_CHECKS, HealthCheck } from './health-check';
import { HealthController } from './health.controller';

export interface HealthChecksFactory {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: (...deps: any[]) => HealthCheck[];
}

/** GET /health and GET /metrics for a process, with the dependency checks that process needs. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(checks: HealthChecksFactory): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: checks.imports ?? [],
      controllers: [HealthController, MetricsController],
      providers: [MetricsService, { provide: HEALTH_CHECKS, useFactory: checks.useFactory, inject: checks.inject ?? [] }],
      exports: [MetricsService],
    };
  }
}
