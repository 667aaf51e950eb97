import { MigrationInterface, QueryRunner } from 'typeorm';
import { refreshFunctionSql } from './1764330000000-planner-statistics';

/**
 * `hub_refresh_planner_statistics()` analyzes one table a call, the stalest first (changes against its size),
 * and the broker calls it every 2 s instead of every 10 s. Analyzing every changed table in one call held one
 * PostgreSQL backend for 110-150 ms, two or three times in 30 s while a fresh database's tables grew, and the
 * open loop's slowest seconds followed; one table took 40-80 ms (timed with psql, its start-up included).
 */
export class PlannerStatisticsOneTable1764370000000 implements MigrationInterface {
  name = 'PlannerStatisticsOneTable1764370000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(refreshFunctionSql('CREATE OR REPLACE', 'ORDER BY s.n_mod_since_analyze / (50 + 0.5 * greatest(c.reltuples, 0)) DESC LIMIT 1'));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(refreshFunctionSql('CREATE OR REPLACE', 'ORDER BY s.relname'));
  }
}
