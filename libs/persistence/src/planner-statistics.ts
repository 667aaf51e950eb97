import type { DataSource } from 'typeorm';

/**
 * Analyzes the stalest of the hub's tables that changed enough since their last analysis, where autovacuum is
 * off (see the planner-statistics migrations); returns its name, or none. Nothing where autovacuum is on, or
 * while another process is at it.
 */
export async function refreshPlannerStatistics(db: DataSource): Promise<string[]> {
  const [{ analyzed }] = await db.query('SELECT hub_refresh_planner_statistics() AS analyzed');
  return analyzed;
}
