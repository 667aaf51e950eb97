import { createHash, randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { Role } from '../auth/roles';

/** What a console session remembers: never the key, only its hash (what the credentials table holds too). */
export interface SessionRecord {
  keyHash: string;
  role: Role;
  credentialId: string;
  /** Sent back by the UI in X-CSRF-Token on every state-changing request made with the cookie. */
  csrfToken: string;
  createdAt: string;
}

export interface SessionOptions {
  /** The hub's REDIS_PREFIX: keys are `{<prefix>}:session:<sha256 of the session id>`. */
  redisPrefix: string;
  /** Idle lifetime: every authenticated request pushes the expiry out again. */
  ttlSeconds: number;
}

/**
 * Console sessions, kept server-side in Redis with an idle expiry. The browser holds only a random id;
 * Redis holds its SHA-256, so a copy of Redis yields no usable cookie. Logging out deletes the record at
 * once; revoking the key ends the session on its next request (the guard re-checks the key hash).
 */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    readonly options: SessionOptions,
  ) {}

  async create(record: Omit<SessionRecord, 'csrfToken' | 'createdAt'>): Promise<{ id: string; session: SessionRecord }> {
    const id = randomBytes(32).toString('base64url');
    const session: SessionRecord = { ...record, csrfToken: randomBytes(32).toString('base64url'), createdAt: new Date().toISOString() };
    await this.redis.set(this.key(id), JSON.stringify(session), 'EX', this.options.ttlSeconds);
    return { id, session };
  }

  /** The session, its idle expiry renewed; null when unknown or expired. */
  async read(id: string): Promise<SessionRecord | null> {
    if (!SESSION_ID.test(id)) return null;
    const key = this.key(id);
    const [[, text]] = (await this.redis.multi().get(key).expire(key, this.options.ttlSeconds).exec()) as [[Error | null, string | null]];
    return text ? (JSON.parse(text) as SessionRecord) : null;
  }

  async destroy(id: string): Promise<void> {
    if (SESSION_ID.test(id)) await this.redis.del(this.key(id));
  }

  private key(id: string): string {
    return `{${this.options.redisPrefix}}:session:${createHash('sha256').update(id).digest('hex')}`;
  }
}

/** 32 random bytes, base64url. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
