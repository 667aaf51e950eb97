import { DynamicModule, Global, InjectionToken, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TenantRepository } from '@dxhub/persistence';
import type Redis from 'ioredis';
import { AuthGuard } from './auth/auth.guard';
import { ClientCertificateCheck } from './auth/client-certificate';
import { CredentialResolver } from './auth/credential-resolver';
import { CredentialCache } from './auth/credential-cache';
import { BlindIndex, PiiCipher, piiKeyFromBase64 } from './crypto/pii-cipher';
import { RateLimiter, RateLimitOptions } from './rate-limit/rate-limiter';
import { SessionAuthenticator } from './session/session-authenticator';
import { SessionOptions, SessionStore } from './session/session-store';

export interface SecurityOptions {
  piiEncryptionKey: string;
  /** Comma-separated older keys (base64): their envelopes stay readable until `dxhub keys rotate` has re-encrypted them. */
  piiEncryptionKeysPrevious?: string;
  /** Optional separate key for the SSN blind index; derived from the encryption key when absent. */
  blindIndexKey?: string;
  /** Set in processes that authenticate callers (gateway, console). */
  adminToken?: string;
  /** Per-credential limit for those processes, counted on the Redis connection provided under `redis`. */
  rateLimit?: RateLimitOptions & { redis: InjectionToken };
  /** The process serves mutual TLS: submitter keys are accepted only with their exchange's client certificate. */
  clientCertificates?: boolean;
  /** The process accepts console sessions (cookie) besides bearer keys: the console, for its web UI. */
  sessions?: SessionOptions & { redis: InjectionToken };
}

export function piiCipherFrom(options: SecurityOptions): { cipher: PiiCipher; blindIndex: BlindIndex } {
  const key = piiKeyFromBase64(options.piiEncryptionKey);
  const previous = (options.piiEncryptionKeysPrevious ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k, i) => {
      try {
        return piiKeyFromBase64(k);
      } catch {
        throw new Error(`PII_ENCRYPTION_KEYS_PREVIOUS: key ${i + 1} is not 32 bytes, base64-encoded`);
      }
    });
  // A blind index derived from the new key would no longer match the SSNs indexed under the old one, silently.
  if (previous.length && !options.blindIndexKey) {
    throw new Error(
      'PII_ENCRYPTION_KEYS_PREVIOUS is set but PII_BLIND_INDEX_KEY is not: set PII_BLIND_INDEX_KEY to what ' +
        '`npm run dxhub -- keys blind-index-key` prints with the old key as PII_ENCRYPTION_KEY, so SSN look-ups keep matching',
    );
  }
  const blindIndex = options.blindIndexKey ? new BlindIndex(Buffer.from(options.blindIndexKey, 'base64')) : BlindIndex.derivedFrom(key);
  return { cipher: new PiiCipher(key, previous), blindIndex };
}

function sessionProviders(sessions: SecurityOptions['sessions']) {
  if (!sessions) return [];
  const { redis, ...options } = sessions;
  return [
    { provide: SessionStore, useFactory: (connection: Redis) => new SessionStore(connection, options), inject: [redis] },
    { provide: SessionAuthenticator, useFactory: (store: SessionStore, resolver: CredentialResolver) => new SessionAuthenticator(store, resolver), inject: [SessionStore, CredentialResolver] },
  ];
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
          CredentialCache,
          {
            provide: CredentialResolver,
            useFactory: (t: TenantRepository, cache: CredentialCache) => new CredentialResolver(t, options.adminToken!, cache),
            inject: [TenantRepository, CredentialCache],
          },
          { provide: APP_GUARD, useClass: AuthGuard },
          ...rateLimiterProvider(options.rateLimit),
          ...sessionProviders(options.sessions),
          ...(options.clientCertificates
            ? [{ provide: ClientCertificateCheck, useFactory: (t: TenantRepository) => new ClientCertificateCheck(t), inject: [TenantRepository] }]
            : []),
        ]
      : [];
    return {
      module: SecurityModule,
      providers: [{ provide: PiiCipher, useValue: cipher }, { provide: BlindIndex, useValue: blindIndex }, ...auth],
      exports: [PiiCipher, BlindIndex, ...(options.adminToken ? [CredentialResolver] : []), ...(options.adminToken && options.sessions ? [SessionStore, SessionAuthenticator] : [])],
    };
  }
}
