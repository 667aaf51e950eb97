// DXHUB_TEST_SLOT=1..4 moves every test tier (databases, Redis dbs and ports) aside, so that two checkouts or
// two people can run the suites on one machine at once. Unset (slot 0) is what CI and `npm test` use.
const slot = Number(process.env.DXHUB_TEST_SLOT ?? '0');
if (!Number.isInteger(slot) || slot < 0 || slot > 4) throw new Error(`DXHUB_TEST_SLOT must be 0-4, not "${process.env.DXHUB_TEST_SLOT}"`);

export const testSlot = {
  /** A test port, moved by 100 per slot. */
  port: (base: number): string => String(base + 100 * slot),
  /** A test database name, suffixed per slot. */
  database: (name: string): string => (slot ? `${name}_s${slot}` : name),
  /** Redis db numbers 1-3 are the test tiers of slot 0; each slot takes the next three. */
  redisDb: (base: 1 | 2 | 3): number => base + 3 * slot,
  /** A Redis key prefix, suffixed per slot. */
  prefix: (name: string): string => (slot ? `${name}-s${slot}` : name),
};
