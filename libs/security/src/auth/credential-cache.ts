import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { ActiveCredential, CREDENTIALS_CHANNEL, poolOf } from '@dxhub/persistence';

/** A cached credential is read again after this long even if no change was announced (a backstop, not the rule). */
export const CREDENTIAL_CACHE_MAX_AGE_MS = 30_000;
const RELISTEN_MS = 1000;

interface Entry {
  credential: ActiveCredential;
  cachedAt: number;
}

/**
 * Credentials looked up by key hash, kept while a LISTEN on `dxhub_credentials` can tell when they change:
 * every revocation, rotation or deletion is announced by a trigger when it commits, and the key is dropped
 * here at once, in every process. Without the listener (not connected yet, or its connection lost) nothing is
 * cached and every request reads the database, so a revoked key never outlives its announcement. A look-up
 * that was in flight when a change was announced is not cached (it may have read the credential before the
 * change). Entries also end with the credential's own expiry and after CREDENTIAL_CACHE_MAX_AGE_MS.
 *
 * Why: the look-up was one PostgreSQL round trip per request, a third of the database transactions of a
 * verification at moderate load.
 */
@Injectable()
export class CredentialCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CredentialCache.name);
  private readonly entries = new Map<string, Entry>();
  private listener: PoolClient | null = null;
  private readonly returned = new WeakSet<PoolClient>();
  /** Bumped by every announced change and every loss of the listener: a look-up started before it is not cached. */
  private generation = 0;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.forget();
  }

  /** Whether changes are being heard, so that caching is safe. */
  get listening(): boolean {
    return this.listener !== null;
  }

  /** The credential if cached and still good, else what `load` reads (cached when that is safe). */
  async resolve(keyHash: string, load: (keyHash: string) => Promise<ActiveCredential | null>): Promise<ActiveCredential | null> {
    const now = Date.now();
    const entry = this.entries.get(keyHash);
    if (entry && this.listener && now - entry.cachedAt < CREDENTIAL_CACHE_MAX_AGE_MS && !expired(entry.credential, now)) return entry.credential;
    if (entry) this.entries.delete(keyHash);
    const generation = this.generation;
    const credential = await load(keyHash);
    // Misses are not cached: a key issued a moment later must work at once.
    if (credential && this.listener && generation === this.generation) this.entries.set(keyHash, { credential, cachedAt: Date.now() });
    return credential;
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    let client: PoolClient | null = null;
    try {
      client = await poolOf(this.dataSource).connect();
      client.on('error', (error) => this.lost(client!, error));
      client.on('notification', (message) => this.changed(message.payload ?? ''));
      await client.query(`LISTEN ${CREDENTIALS_CHANNEL}`);
      if (this.stopped) throw new Error('stopped');
      this.listener = client;
    } catch (error) {
      if (client) this.lost(client, error as Error);
      else this.relisten(error as Error);
    }
  }

  private changed(keyHash: string): void {
    this.generation++;
    this.entries.delete(keyHash);
  }

  private lost(client: PoolClient, error: Error): void {
    if (!this.giveBack(client, error)) return; // already given back (an error after the release, or a second one)
    this.generation++;
    this.entries.clear();
    if (!this.stopped) this.relisten(error);
  }

  private relisten(error: Error): void {
    this.logger.warn(`credential changes not heard (${error.message}): every request reads its credential until listening again`);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.listen(), RELISTEN_MS);
    this.retry.unref();
  }

  /** Shutdown: stop caching and give the connection back. */
  private forget(): void {
    this.entries.clear();
    if (this.listener) this.giveBack(this.listener, true);
  }

  /**
   * Returns a listening connection to the pool to be closed, not reused (its LISTEN must not follow the next
   * borrower); false when it was returned already, since releasing twice throws.
   */
  private giveBack(client: PoolClient, reason: Error | true): boolean {
    if (this.returned.has(client)) return false;
    this.returned.add(client);
    if (this.listener === client) this.listener = null;
    client.removeAllListeners('notification');
    client.release(reason);
    return true;
  }
}

const expired = (credential: ActiveCredential, now: number): boolean => credential.expiresAt !== null && new Date(credential.expiresAt).getTime() <= now;
