import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';

export interface Pem {
  cert: Buffer;
  key: Buffer;
  certPath: string;
  keyPath: string;
  /** As Node and openssl print it: uppercase hex with colons. */
  fingerprint256: string;
}

export interface TestPki {
  dir: string;
  caPath: string;
  ca: Buffer;
  server: Pem;
  clientA: Pem;
  clientB: Pem;
  /** Self-signed: no CA the gateway trusts vouches for it. */
  rogue: Pem;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A throwaway CA, a server certificate for 127.0.0.1 and client certificates, made with openssl for one test run. */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'dxhub-mtls-'));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

  openssl('req', '-x509', ...EC_KEY, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=dxhub test CA');
  const signed = (name: string, subject: string, extensions: string): Pem => {
    writeFileSync(path(`${name}.ext`), extensions);
    openssl('req', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-out', `${name}.pem`, '-extfile', `${name}.ext`);
    return pem(name);
  };
  const pem = (name: string): Pem => {
    const cert = readFileSync(path(`${name}.pem`));
    return { cert, key: readFileSync(path(`${name}.key`)), certPath: path(`${name}.pem`), keyPath: path(`${name}.key`), fingerprint256: new X509Certificate(cert).fingerprint256 };
  };

  const server = signed('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  const clientA = signed('client-a', '/CN=exchange-a-backend', 'extendedKeyUsage=clientAuth\n');
  const clientB = signed('client-b', '/CN=exchange-b-backend', 'extendedKeyUsage=clientAuth\n');
  openssl('req', '-x509', ...EC_KEY, '-keyout', 'rogue.key', '-out', 'rogue.pem', '-days', '1', '-subj', '/CN=exchange-a-backend');
  return { dir, caPath: path('ca.pem'), ca: readFileSync(path('ca.pem')), server, clientA, clientB, rogue: pem('rogue') };
}
