import type { TenantRepository } from '@dxhub/persistence';
import { ClientCertificateCheck, FINGERPRINT_256_PATTERN, normalizeFingerprint256, peerFingerprint256 } from './client-certificate';
import type { Principal } from './roles';

const HEX = 'ab'.repeat(32);
const COLONS = Array(32).fill('AB').join(':');
const tlsSocket = (fingerprint256?: string) => ({ getPeerCertificate: () => (fingerprint256 ? { fingerprint256 } : {}) });
const submitter: Principal = { credentialId: 'cred_1', role: 'submitter', exchangeId: 'ma' };

function checkWith(bound: string | null) {
  const clientCertificateOf = jest.fn().mockResolvedValue(bound);
  return { check: new ClientCertificateCheck({ clientCertificateOf } as unknown as TenantRepository), clientCertificateOf };
}

describe('client certificate fingerprints', () => {
  it('accepts hex with or without colons, either case, and stores one spelling', () => {
    const pattern = new RegExp(FINGERPRINT_256_PATTERN);
    for (const ok of [HEX, HEX.toUpperCase(), COLONS, COLONS.toLowerCase()]) {
      expect(pattern.test(ok)).toBe(true);
      expect(normalizeFingerprint256(ok)).toBe(HEX);
    }
    for (const bad of ['', HEX.slice(2), `${HEX}ab`, `${COLONS}:`, 'zz'.repeat(32), `AB${COLONS.slice(2).replace(/:/g, '')}`.slice(0, 63) + ':']) {
      expect(pattern.test(bad)).toBe(false);
    }
  });

  it('reads the peer certificate of a TLS socket, and none from a plain one', () => {
    expect(peerFingerprint256(tlsSocket(COLONS))).toBe(HEX);
    expect(peerFingerprint256(tlsSocket())).toBeNull();
    expect(peerFingerprint256({})).toBeNull();
  });
});

describe('ClientCertificateCheck', () => {
  it("lets a submitter key through with its exchange's certificate", async () => {
    const { check, clientCertificateOf } = checkWith(HEX);
    await expect(check.assertBound(submitter, tlsSocket(COLONS))).resolves.toBeUndefined();
    expect(clientCertificateOf).toHaveBeenCalledWith('ma');
  });

  it("refuses another certificate, or none, with 401 saying it is not the exchange's", async () => {
    const { check } = checkWith(HEX);
    for (const socket of [tlsSocket('cd'.repeat(32)), tlsSocket(), {}]) {
      await expect(check.assertBound(submitter, socket)).rejects.toMatchObject({
        problem: { status: 401, detail: expect.stringMatching(/does not match the certificate bound to this key's exchange/) },
      });
    }
  });

  it('refuses every certificate for an exchange with none bound', async () => {
    const { check } = checkWith(null);
    await expect(check.assertBound(submitter, tlsSocket(COLONS))).rejects.toMatchObject({ problem: { status: 401, detail: expect.stringMatching(/No client certificate is bound/) } });
  });

  it('does not bind staff keys (no exchange) to a certificate', async () => {
    const { check, clientCertificateOf } = checkWith(null);
    await expect(check.assertBound({ credentialId: 'bootstrap-admin', role: 'admin', exchangeId: null }, {})).resolves.toBeUndefined();
    expect(clientCertificateOf).not.toHaveBeenCalled();
  });
});
