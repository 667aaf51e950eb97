import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TenantRepository } from '@dxhub/persistence';
import { AuthGuard } from './auth/auth.guard';
import { CredentialResolver } from './auth/credential-resolver';
import { BlindIndex, PiiCipher, piiKeyFromBase64 } from './crypto/pii-cipher';

export interface SecurityOptions {
  piiEncryptionKey: string;
  /** Optional separate key for the SSN blind index; derived from the encryption key when absent. */
  blindIndexKey?: string;
  /** Set in processes that authenticate callers (gateway, console). */
  adminToken?: string;
}

export function piiCipherFrom(options: SecurityOptions): { cipher: PiiCipher; blindIndex: BlindIndex } {
  const key = piiKeyFromBase64(options.piiEncryptionKey);
  const blindIndex = options.blindIndexKey ? new BlindIndex(Buffer.from(options.blindIndexKey, 'base64')) : BlindIndex.derivedFrom(key);
  return { cipher: new PiiCipher(key), blindIndex };
}

@Global()
@Module({})
export class SecurityModule {
  static forRoot(options: SecurityOptions): DynamicModule {
    const { cipher, blindIndex } = piiCipherFrom(options);
    const auth = options.adminToken
      ? [
          { provide: CredentialResolver, useFactory: (t: TenantRepository) => new CredentialResolver(t, options.adminToken!), inject: [TenantRepository] },
          { provide: APP_GUARD, useClass: AuthGuard },
        ]
      : [];
    return {
      module: SecurityModule,
      providers: [{ provide: PiiCipher, useValue: cipher }, { provide: BlindIndex, useValue: blindIndex }, ...auth],
      exports: [PiiCipher, BlindIndex],
    };
  }
}
