import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { AuditRow } from '@dxhub/persistence';
import { PiiCipher } from '@dxhub/security';
import type { AuditKind } from './audit-kinds';

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
}

/**
 * Turns a boundary crossing into an audit row: SHA-256 of the exact message bytes, and the message
 * encrypted. Rows are written by the repositories in the same statement as the change they record.
 */
@Injectable()
export class AuditJournal {
  constructor(private readonly cipher: PiiCipher) {}

  prepare(event: AuditEventInput): AuditRow {
    const bytes =
      typeof event.message === 'string' ? Buffer.from(event.message, 'utf8')
      : Buffer.isBuffer(event.message) ? event.message
      : Buffer.from(JSON.stringify(event.message), 'utf8');
    return {
      kind: event.kind,
      exchangeId: event.exchangeId,
      verificationId: event.verificationId,
      actor: event.actor,
      correlationId: event.correlationId,
      digest: createHash('sha256').update(bytes).digest('hex'),
      messageEnc: this.cipher.encrypt(bytes.toString('base64')),
      fti: event.fti ?? false,
    };
  }

  /** The exact bytes of a stored message (the inverse of `prepare`), as UTF-8 text. */
  readMessage(messageEnc: string): string {
    return Buffer.from(this.cipher.decrypt(messageEnc), 'base64').toString('utf8');
  }
}
