import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { refreshPlannerStatistics } from '@dxhub/persistence';
import { PeriodicTask } from '../periodic-task';

/**
 * Often enough that a table filling up from empty is analyzed before its scans cost anything; each call
 * analyzes one table (the stalest), so that no call holds the database long.
 */
const EVERY_MS = 2_000;

/**
 * Keeps PostgreSQL's planner statistics fresh where autovacuum does not (refreshPlannerStatistics): without
 * them the hot statements' cached plans scan whole tables. Every broker runs one; one at a time works.
 */
@Injectable()
export class PlannerStatisticsHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PlannerStatisticsHost.name);
  private readonly loop = new PeriodicTask('planner statistics', EVERY_MS, () => this.refresh());

  constructor(private readonly db: DataSource) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  private async refresh(): Promise<void> {
    const analyzed = await refreshPlannerStatistics(this.db);
    if (analyzed.length) this.logger.debug({ analyzed }, 'analyzed tables that changed (autovacuum is off)');
  }
}
