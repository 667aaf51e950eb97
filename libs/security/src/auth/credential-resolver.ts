import { TenantRepository } from '@dxhub/persistence';
import { constantTimeEquals, hashApiKey } from './api-key';
import type { Principal, Role } from './roles';

export const BOOTSTRAP_ADMIN_ID = 'bootstrap-admin';

/**
 * Turns a bearer key into a principal. One indexed lookup per request and no cache, so a revoked key
 * stops working at once in every process.
 */
export class CredentialResolver {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly adminToken: string,
  ) {}

  async resolve(key: string): Promise<Principal | null> {
    if (constantTimeEquals(key, this.adminToken)) return { credentialId: BOOTSTRAP_ADMIN_ID, role: 'admin', exchangeId: null };
    return this.resolveHash(hashApiKey(key));
  }

  /** The same from a key's hash, which is all a console session keeps: a revoked key ends its sessions too. */
  async resolveHash(keyHash: string): Promise<Principal | null> {
    if (constantTimeEquals(keyHash, hashApiKey(this.adminToken))) return { credentialId: BOOTSTRAP_ADMIN_ID, role: 'admin', exchangeId: null };
    const credential = await this.tenants.findActiveCredentialByHash(keyHash);
    return credential ? { credentialId: credential.id, role: credential.role as Role, exchangeId: credential.exchangeId } : null;
  }
}
