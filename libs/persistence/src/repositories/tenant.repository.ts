import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CredentialEntity } from '../entities/credential.entity';
import { ExchangeEntity } from '../entities/exchange.entity';

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

  async insertCredential(manager: EntityManager, credential: Omit<CredentialEntity, 'createdAt' | 'revokedAt'>): Promise<void> {
    await manager.getRepository(CredentialEntity).insert(credential);
  }

  /** The credential behind a key hash, if it is usable now (not revoked, not expired). */
  async findActiveCredentialByHash(keyHash: string): Promise<Pick<CredentialEntity, 'id' | 'role' | 'exchangeId'> | null> {
    const rows = await this.dataSource.query(
      `SELECT id, role, exchange_id AS "exchangeId" FROM credentials
       WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [keyHash],
    );
    return rows[0] ?? null;
  }

  listCredentials(): Promise<CredentialEntity[]> {
    return this.dataSource.getRepository(CredentialEntity).find({ order: { createdAt: 'ASC' } });
  }

  /** Returns false when there is no such active credential. */
  async revokeCredential(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager.query('UPDATE credentials SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id', [id]);
    return result[0].length > 0;
  }
}
