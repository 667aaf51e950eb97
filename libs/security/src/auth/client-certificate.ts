import { Problems } from '@dxhub/platform';
import { TenantRepository } from '@dxhub/persistence';
import type { TLSSocket } from 'node:tls';
import type { Principal } from './roles';

/** `AB:CD:...` (as openssl and Node print it) or plain hex, either case: 32 bytes. */
export const FINGERPRINT_256_PATTERN = '^(?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$';

/** The one spelling stored and compared: lowercase hex without colons. */
export function normalizeFingerprint256(fingerprint: string): string {
  return fingerprint.replace(/:/g, '').toLowerCase();
}

/** The SHA-256 fingerprint of the certificate the peer presented on this TLS connection, if any. */
export function peerFingerprint256(socket: unknown): string | null {
  const tls = socket as Partial<TLSSocket>;
  if (typeof tls.getPeerCertificate !== 'function') return null;
  const fingerprint = tls.getPeerCertificate().fingerprint256;
  return fingerprint ? normalizeFingerprint256(fingerprint) : null;
}

/**
 * With mutual TLS on, the TLS layer has already proven the client holds a certificate signed by the hub's
 * CA; this binds that certificate to a tenant: a submitter key works only over a connection made with the
 * certificate bound to its exchange, so a stolen key is useless without that exchange's private key. An
 * exchange with no bound certificate accepts none. Staff keys are not bound to an exchange, so not to a certificate.
 */
export class ClientCertificateCheck {
  constructor(private readonly tenants: TenantRepository) {}

  async assertBound(principal: Principal, socket: unknown): Promise<void> {
    if (principal.exchangeId === null) return;
    const presented = peerFingerprint256(socket);
    const bound = await this.tenants.clientCertificateOf(principal.exchangeId);
    if (!bound) {
      throw Problems.unauthorized("No client certificate is bound to this key's exchange; an administrator must bind one before its keys work over mutual TLS.");
    }
    if (presented !== bound) throw Problems.unauthorized("The client certificate does not match the certificate bound to this key's exchange.");
  }
}
