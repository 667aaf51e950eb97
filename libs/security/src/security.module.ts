import { DynamicModule, Global, InjectionToken, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TenantRepository } from '@dxhub/persistence';
import type Redis from 'ioredis';
import { AuthGuard } from './auth/auth.guard';
import { CredentialResolver } from './auth/credential-resolver';
import { BlindIndex, PiiCipher, piiKeyFromBase64 } from './crypto/pii-cipher';
import { RateLimiter, RateLimitOptions } from './rate-limit/rate-limiter';

export interface SecurityOptions {
  piiEncryptionKey: string;
  /** Optional separate key for the SSN blind index; derived from the encryption key when absent. */
  blindIndexKey?: string;
  /** Set in processes that authenticate callers (gateway, console). */
  adminToken?: string;
  /** Per-credential limit for those processes, counted on the Redis connection provided under `redis`. */
  rateLimit?: RateLimitOptions & { redis: InjectionToken };
}

export function piiCipherFrom(options: SecurityOptions): { cipher: PiiCipher; blindIndex: BlindIndex } {
  const key = piiKeyFromBase64(options.piiEncryptionKey);
  const blindIndex = options.blindIndexKey ? new BlindIndex(Buffer.from(options.blindIndexKey, 'base64')) : BlindIndex.derivedFrom(key);
  return { cipher: new PiiCipher(key), blindIndex };
}

function rateLimiterProvider(rateLimit: SecurityOptions['rateLimit']) {
  if (!rateLimit?.perMinute) return [];
  const { redis, ...options } = rateLimit;
  return [{ provide: RateLimiter, useFactory: (connection: Redis) => new RateLimiter(connection, options), inject: [redis] }];
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
          ...rateLimiterProvider(options.rateLimit),
        ]
      : [];
    return {
      module: SecurityModule,
      providers: [{ provide: PiiCipher, useValue: cipher }, { provide: BlindIndex, useValue: blindIndex }, ...auth],
      exports: [PiiCipher, BlindIndex],
    };
  }
}
