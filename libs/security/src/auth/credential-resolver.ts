import { TenantRepository } from '@dxhub/persistence';
import { hashApiKey, sameKeyHash } from './api-key';
import type { CredentialCache } from './credential-cache';
import type { Principal, Role } from './roles';

export const BOOTSTRAP_ADMIN_ID = 'bootstrap-admin';

/**
 * Turns a bearer key into a principal: an indexed look-up, cached (when a cache is given) only while every
 * change to a credential is heard, so a revoked key stops working as soon as its revocation commits.
 */
export class CredentialResolver {
  private readonly adminTokenHash: string;

  constructor(
    private readonly tenants: TenantRepository,
    adminToken: string,
    private readonly cache?: CredentialCache,
  ) {
    this.adminTokenHash = hashApiKey(adminToken);
  }

  /** A key is hashed once; the bootstrap admin token is recognised by its hash, in constant time. */
  resolve(key: string): Promise<Principal | null> {
    return this.resolveHash(hashApiKey(key));
  }

  /** The same from a key's hash, which is all a console session keeps: a revoked key ends its sessions too. */
  async resolveHash(keyHash: string): Promise<Principal | null> {
    if (sameKeyHash(keyHash, this.adminTokenHash)) return { credentialId: BOOTSTRAP_ADMIN_ID, role: 'admin', exchangeId: null };
    const load = (hash: string) => this.tenants.findActiveCredentialByHash(hash);
    const credential = this.cache ? await this.cache.resolve(keyHash, load) : await load(keyHash);
    return credential ? { credentialId: credential.id, role: credential.role as Role, exchangeId: credential.exchangeId } : null;
  }
}
