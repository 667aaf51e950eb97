import { DataSource } from 'typeorm';
import { ActiveCredential, TenantRepository } from '@dxhub/persistence';
import { insertExchange, openIntegrationDatabase } from '@dxhub/testing';
import { CredentialCache } from './credential-cache';

// Against the real PostgreSQL: a credential is cached only while its changes are heard, and dropped as soon
// as a change commits (the credentials_changed trigger's NOTIFY).

let dataSource: DataSource;
let tenants: TenantRepository;
let cache: CredentialCache;
let reads: number;

const load = async (hash: string): Promise<ActiveCredential | null> => {
  reads++;
  return tenants.findActiveCredentialByHash(hash);
};

async function insertCredential(id: string, expiresIn: string | null = null): Promise<string> {
  const hash = `hash-${id}`;
  await dataSource.query(
    `INSERT INTO credentials (id, key_hash, key_prefix, role, exchange_id, expires_at) VALUES ($1, $2, 'dxk_test', 'submitter', 'ex-cache', now() + $3::interval)`,
    [id, hash, expiresIn],
  );
  return hash;
}

/** Until the notification of a committed change has arrived (it comes on the listener's own connection). */
const heard = async () => new Promise((resolve) => setTimeout(resolve, 100));

beforeAll(async () => {
  dataSource = await openIntegrationDatabase();
  tenants = new TenantRepository(dataSource);
  await insertExchange(dataSource, 'ex-cache');
});

beforeEach(async () => {
  reads = 0;
  cache = new CredentialCache(dataSource);
  await cache.onModuleInit();
});

afterEach(() => cache.onModuleDestroy());
afterAll(() => dataSource?.destroy());

describe('CredentialCache', () => {
  it('reads a credential once while listening, and again as soon as it is revoked', async () => {
    const hash = await insertCredential('cred_revoked');
    expect(cache.listening).toBe(true);
    expect(await cache.resolve(hash, load)).toMatchObject({ id: 'cred_revoked', role: 'submitter', exchangeId: 'ex-cache' });
    expect(await cache.resolve(hash, load)).toMatchObject({ id: 'cred_revoked' });
    expect(reads).toBe(1);

    await dataSource.query(`UPDATE credentials SET revoked_at = now() WHERE id = 'cred_revoked'`);
    await heard();
    expect(await cache.resolve(hash, load)).toBeNull();
    expect(reads).toBe(2);
  });

  it('drops a rotated key (its new expiry) and never caches a miss', async () => {
    const hash = await insertCredential('cred_rotated');
    await cache.resolve(hash, load);
    await dataSource.query(`UPDATE credentials SET expires_at = now() - interval '1 second' WHERE id = 'cred_rotated'`);
    await heard();
    expect(await cache.resolve(hash, load)).toBeNull();
    expect(await cache.resolve(hash, load)).toBeNull();
    expect(reads).toBe(3);
  });

  it("stops using a cached credential at its own expiry", async () => {
    const hash = await insertCredential('cred_expiring', '300 milliseconds');
    expect(await cache.resolve(hash, load)).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await cache.resolve(hash, load)).toBeNull();
    expect(reads).toBe(2);
  });

  it('does not cache a look-up that was in flight when a change was announced', async () => {
    const hash = await insertCredential('cred_racing');
    const slowLoad = async (h: string) => {
      const read = await load(h); // read before the revocation commits
      await dataSource.query(`UPDATE credentials SET revoked_at = now() WHERE id = 'cred_racing'`);
      await heard();
      return read;
    };
    expect(await cache.resolve(hash, slowLoad)).toMatchObject({ id: 'cred_racing' });
    expect(await cache.resolve(hash, load)).toBeNull();
  });

  it('caches nothing when it cannot hear changes (not listening, or shut down)', async () => {
    const hash = await insertCredential('cred_unheard');
    await cache.onModuleDestroy();
    expect(cache.listening).toBe(false);
    await cache.resolve(hash, load);
    await cache.resolve(hash, load);
    expect(reads).toBe(2);
  });

  it('forgets everything and reads the database while its connection is lost, then listens again', async () => {
    const hash = await insertCredential('cred_lost');
    await cache.resolve(hash, load);
    const [{ pid }] = await dataSource.query(`SELECT pid FROM pg_stat_activity WHERE query LIKE 'LISTEN dxhub_credentials%' AND datname = current_database()`);
    await dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
    await heard();
    expect(cache.listening).toBe(false);
    await cache.resolve(hash, load);
    expect(reads).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(cache.listening).toBe(true);
  });
});
