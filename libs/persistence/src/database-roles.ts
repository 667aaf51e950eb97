import { Client, escapeIdentifier, escapeLiteral } from 'pg';

/**
 * The journal's tables: the processes' role may read and append, never UPDATE, DELETE or TRUNCATE (NIST 800-53
 * AU-9). Triggers refuse those too, for the owner as well (see the audit-journal migration).
 */
export const JOURNAL_TABLES = ['audit_events', 'audit_chain', 'audit_checkpoints', 'audit_retention'] as const;

/** Functions the processes may call; they run as the owner (SECURITY DEFINER) and do one narrow thing each. */
const OWNER_FUNCTIONS = ['audit_ensure_partitions(integer)', 'audit_apply_retention(interval)', 'hub_refresh_planner_statistics()'];

/**
 * Creates the processes' role when missing and grants it least privilege: read and write on the hub's tables,
 * read and append on the journal, nothing on the migrations table or on journal partitions directly.
 * Runs as the owner after every migration, so tables added later are covered too. When both URLs name the
 * same user (a single-role setup), there is nothing to grant.
 */
export async function grantAppRole(ownerUrl: string, appUrl: string): Promise<string | null> {
  const app = new URL(appUrl);
  const role = decodeURIComponent(app.username);
  if (!role || role === decodeURIComponent(new URL(ownerUrl).username)) return null;
  const database = decodeURIComponent(app.pathname.slice(1));
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const r = escapeIdentifier(role);
    const password = app.password ? ` PASSWORD ${escapeLiteral(decodeURIComponent(app.password))}` : '';
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (!rowCount) {
      try {
        await client.query(`CREATE ROLE ${r} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE${password}`);
      } catch (error) {
        // Another database of this server created it at the same moment (roles are server-wide).
        if ((error as { code?: string }).code !== '42710' && (error as { code?: string }).code !== '23505') throw error;
      }
    } else if (password) {
      await client.query(`ALTER ROLE ${r}${password}`);
    }
    const partitions: { name: string }[] = (
      await client.query(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = ANY($1)`,
        [[...JOURNAL_TABLES]],
      )
    ).rows;
    const journal = JOURNAL_TABLES.join(', ');
    await client.query(`
      GRANT CONNECT ON DATABASE ${escapeIdentifier(database)} TO ${r};
      GRANT USAGE ON SCHEMA public TO ${r};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r};
      REVOKE ALL ON migrations FROM ${r};
      REVOKE UPDATE, DELETE, TRUNCATE ON ${journal} FROM ${r};
      ${partitions.length ? `REVOKE ALL ON ${partitions.map((p) => escapeIdentifier(p.name)).join(', ')} FROM ${r};` : ''}
      REVOKE EXECUTE ON FUNCTION ${OWNER_FUNCTIONS.join(', ')} FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION ${OWNER_FUNCTIONS.join(', ')} TO ${r};
    `);
    return role;
  } finally {
    await client.end();
  }
}

/**
 * The URL migrations and role grants run with. DATABASE_OWNER_URL when set; outside production, the same
 * server and database as the app's URL with the `postgres` superuser (what a development machine has).
 */
export function ownerDatabaseUrl(appUrl: string, ownerUrl: string | undefined, production: boolean): string {
  if (ownerUrl) return ownerUrl;
  if (production) throw new Error('DATABASE_OWNER_URL is required in production: the role that owns the schema and runs migrations');
  const owner = new URL(appUrl);
  owner.username = 'postgres';
  owner.password = '';
  return owner.toString();
}

/**
 * What is wrong with the role a process connects as, or null: a superuser, or a role that may change the
 * journal, defeats AU-9. Production refuses to start with it; elsewhere it is a warning.
 */
export async function journalPrivilegeProblem(url: string): Promise<string | null> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const [row] = (
      await client.query(
        `SELECT current_user AS role, r.rolsuper AS superuser,
                has_table_privilege('audit_events', 'UPDATE') OR has_table_privilege('audit_events', 'DELETE') AS can_change
         FROM pg_roles r WHERE r.rolname = current_user`,
      )
    ).rows;
    if (row.superuser) return `the database role ${row.role} is a superuser: connect as the least-privilege role (DATABASE_URL) and migrate as DATABASE_OWNER_URL`;
    if (row.can_change) return `the database role ${row.role} may UPDATE or DELETE the audit journal: run \`npm run dxhub -- db:setup\` with DATABASE_OWNER_URL to grant it least privilege`;
    return null;
  } finally {
    await client.end();
  }
}
