import { Inject, Injectable } from '@nestjs/common';
import { AuditRow, newId, sealOf } from '@dxhub/persistence';
import { sha256Hex } from '@dxhub/platform';
import { PiiCipher } from '@dxhub/security';
import type { AuditKind } from './audit-kinds';

/** The key the journal's writers seal events with (AUDIT_SEAL_KEY). */
export const AUDIT_SEAL_KEY = Symbol('AUDIT_SEAL_KEY');

export interface AuditEventInput {
  kind: AuditKind;
  exchangeId: string | null;
  verificationId: string | null;
  actor: string;
  correlationId: string | null;
  /** The exact bytes that crossed the boundary (a string is taken as UTF-8), or a structured record of an action. */
  message: string | Buffer | Record<string, unknown>;
  /** Federal Tax Information: marked so that access rules can single it out. */
  fti?: boolean;
  /** Non-PII facts the message bytes do not carry, e.g. `{ path, messageId }` of a federal call. */
  meta?: Record<string, string | number | boolean>;
}

/**
 * Turns a boundary crossing into an audit row: SHA-256 of the exact message bytes, the message encrypted, and
 * the writer's seal over all of it. Rows are written by the repositories in the same statement as the change
 * they record; the broker's chainer then links them into the hash chain.
 */
@Injectable()
export class AuditJournal {
  constructor(
    private readonly cipher: PiiCipher,
    @Inject(AUDIT_SEAL_KEY) private readonly sealKey: Buffer,
  ) {}

  prepare(event: AuditEventInput): AuditRow {
    const bytes =
      typeof event.message === 'string' ? Buffer.from(event.message, 'utf8')
      : Buffer.isBuffer(event.message) ? event.message
      : Buffer.from(JSON.stringify(event.message), 'utf8');
    const unsealed = {
      id: newId.auditEvent(),
      at: new Date(),
      kind: event.kind,
      exchangeId: event.exchangeId,
      verificationId: event.verificationId,
      actor: event.actor,
      correlationId: event.correlationId,
      digest: sha256Hex(bytes),
      messageEnc: this.cipher.encrypt(bytes.toString('base64')),
      fti: event.fti ?? false,
      meta: event.meta ? JSON.stringify(event.meta) : null,
    };
    return { ...unsealed, seal: sealOf(this.sealKey, { ...unsealed, at: unsealed.at.toISOString(), messageHash: sha256Hex(unsealed.messageEnc) }) };
  }

  /** The exact bytes of a stored message (the inverse of `prepare`), as UTF-8 text. */
  readMessage(messageEnc: string): string {
    return Buffer.from(this.cipher.decrypt(messageEnc), 'base64').toString('utf8');
  }
}
