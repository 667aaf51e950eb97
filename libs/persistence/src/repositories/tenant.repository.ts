import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CredentialEntity } from '../entities/credential.entity';
import { ExchangeEntity } from '../entities/exchange.entity';
import { Coalescer } from '@dxhub/platform';
import { preparedQuery } from '../prepared-query';
import { opaqueArray } from '../sql-params';

/** Why a credential cannot be rotated, or 'active' when it can. */
/** What a request's key resolves to. */
export type ActiveCredential = Pick<CredentialEntity, 'id' | 'role' | 'exchangeId'> & {
  /** When it stops working by itself (null: never), so that a cached copy stops too. */
  expiresAt: Date | null;
};

export type CredentialState = 'missing' | 'revoked' | 'expired' | 'rotated' | 'active';

export type RotatedCredential = Pick<CredentialEntity, 'id' | 'role' | 'exchangeId' | 'label' | 'expiresAt'>;

/** Exchanges (tenants) and the credentials that act for them or for staff. */
@Injectable()
export class TenantRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  findExchange(id: string): Promise<ExchangeEntity | null> {
    return this.dataSource.getRepository(ExchangeEntity).findOneBy({ id });
  }

  listExchanges(): Promise<ExchangeEntity[]> {
    return this.dataSource.getRepository(ExchangeEntity).find({ order: { id: 'ASC' } });
  }

  /** Returns false when the id is taken. */
  async insertExchange(manager: EntityManager, exchange: Pick<ExchangeEntity, 'id' | 'name'>): Promise<boolean> {
    const result = await manager.query('INSERT INTO exchanges (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id', [
      exchange.id,
      exchange.name,
    ]);
    return result.length > 0;
  }

  async setWebhook(manager: EntityManager, exchangeId: string, url: string, secretEnc: string): Promise<boolean> {
    const result = await manager.query('UPDATE exchanges SET webhook_url = $2, webhook_secret_enc = $3 WHERE id = $1 RETURNING id', [
      exchangeId,
      url,
      secretEnc,
    ]);
    return result[0].length > 0;
  }

  /** Returns false when there is no such exchange. */
  async setClientCertificate(manager: EntityManager, exchangeId: string, sha256: string): Promise<boolean> {
    const result = await manager.query('UPDATE exchanges SET client_cert_sha256 = $2 WHERE id = $1 RETURNING id', [exchangeId, sha256]);
    return result[0].length > 0;
  }

  /** The fingerprint bound to an exchange, or null when none is (or there is no such exchange). */
  async clientCertificateOf(exchangeId: string): Promise<string | null> {
    const rows = await this.dataSource.query('SELECT client_cert_sha256 AS sha256 FROM exchanges WHERE id = $1', [exchangeId]);
    return rows[0]?.sha256 ?? null;
  }

  /**
   * Maps a RabbitMQ user to an exchange (replacing its earlier user). 'taken' when another exchange has that
   * user: one user speaks for one exchange only, or its messages could be taken for either.
   */
  async setAmqpUser(manager: EntityManager, exchangeId: string, user: string): Promise<'set' | 'missing' | 'taken'> {
    const [owner] = await manager.query('SELECT id FROM exchanges WHERE amqp_user = $1', [user]);
    if (owner && owner.id !== exchangeId) return 'taken';
    const result = await manager.query('UPDATE exchanges SET amqp_user = $2 WHERE id = $1 RETURNING id', [exchangeId, user]);
    return result[0].length > 0 ? 'set' : 'missing';
  }

  /** The exchange a RabbitMQ user speaks for, or null when the user is mapped to none (every AMQP request asks). */
  async exchangeOfAmqpUser(user: string): Promise<string | null> {
    const rows = await preparedQuery<{ id: string }>(this.dataSource, 'SELECT id FROM exchanges WHERE amqp_user = $1', [user]);
    return rows[0]?.id ?? null;
  }

  async insertCredential(manager: EntityManager, credential: Omit<CredentialEntity, 'createdAt' | 'revokedAt' | 'replacedBy'>): Promise<void> {
    await manager.getRepository(CredentialEntity).insert(credential);
  }

  /**
   * The credential behind a key hash, if it is usable now (not revoked, not expired), from the database;
   * concurrent look-ups go out as one statement. The processes that authenticate cache what this returns
   * (CredentialCache), dropped as soon as the credential changes.
   */
  findActiveCredentialByHash(keyHash: string): Promise<ActiveCredential | null> {
    return this.credentialLookups.call(keyHash);
  }

  private readonly credentialLookups = new Coalescer<string, ActiveCredential | null>(
    async (hashes) => {
      const rows = await preparedQuery<ActiveCredential & { keyHash: string }>(this.dataSource,
        `SELECT id, role, exchange_id AS "exchangeId", expires_at AS "expiresAt", key_hash AS "keyHash" FROM credentials
         WHERE key_hash = ANY(${opaqueArray('$1', 'text')}) AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
        [hashes],
      );
      const byHash = new Map(rows.map(({ keyHash, ...credential }) => [keyHash, credential]));
      return hashes.map((hash) => byHash.get(hash) ?? null);
    },
    (hash) => hash,
  );

  listCredentials(): Promise<CredentialEntity[]> {
    return this.dataSource.getRepository(CredentialEntity).find({ order: { createdAt: 'ASC' } });
  }

  /** Returns false when there is no such active credential. */
  async revokeCredential(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager.query('UPDATE credentials SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id', [id]);
    return result[0].length > 0;
  }

  /**
   * Issues `successor` with the role, exchange and label of credential `id`, and lets `id` work for
   * `overlapSeconds` more (never past an expiry it already had). One statement, guarded like the resolver
   * (not revoked, not expired) and against a second rotation: it locks the row, so concurrent rotations
   * of one key issue one successor. Returns null when nothing was rotated; `credentialState` says why.
   */
  async rotateCredential(
    manager: EntityManager,
    id: string,
    successor: Pick<CredentialEntity, 'id' | 'keyHash' | 'keyPrefix'>,
    overlapSeconds: number,
  ): Promise<RotatedCredential | null> {
    const rows = await manager.query(
      `WITH old AS (
         SELECT id, role, exchange_id, label FROM credentials
         WHERE id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()) AND replaced_by IS NULL
         FOR UPDATE
       ), issued AS (
         INSERT INTO credentials (id, key_hash, key_prefix, role, exchange_id, label)
         SELECT $2, $3, $4, role, exchange_id, label FROM old
         RETURNING id, role, exchange_id, label, expires_at
       ), replaced AS (
         UPDATE credentials c SET expires_at = LEAST(c.expires_at, now() + make_interval(secs => $5)), replaced_by = issued.id
         FROM issued WHERE c.id = $1
         RETURNING c.id
       )
       SELECT issued.id, issued.role, issued.exchange_id AS "exchangeId", issued.label, issued.expires_at AS "expiresAt"
       FROM issued JOIN replaced ON TRUE`,
      [id, successor.id, successor.keyHash, successor.keyPrefix, overlapSeconds],
    );
    return rows[0] ?? null;
  }

  async credentialState(manager: EntityManager, id: string): Promise<CredentialState> {
    const [row] = await manager.query(
      `SELECT CASE WHEN revoked_at IS NOT NULL THEN 'revoked'
                   WHEN expires_at <= now() THEN 'expired'
                   WHEN replaced_by IS NOT NULL THEN 'rotated'
                   ELSE 'active' END AS state
       FROM credentials WHERE id = $1`,
      [id],
    );
    return row?.state ?? 'missing';
  }
}
