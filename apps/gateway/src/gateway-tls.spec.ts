import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@dxhub/platform';
import { gatewayTls } from './gateway-tls';

describe('gatewayTls', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dxhub-gateway-tls-'));
    writeFileSync(join(dir, 'garbage.pem'), 'not a certificate');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is off when the variables are unset', () => {
    expect(gatewayTls({ TLS_CERT: undefined, TLS_KEY: undefined, TLS_CA: undefined })).toBeUndefined();
  });

  it('names the variable whose file cannot be read', () => {
    const missing = join(dir, 'absent.key');
    const read = () => gatewayTls({ TLS_CERT: join(dir, 'garbage.pem'), TLS_KEY: missing, TLS_CA: join(dir, 'garbage.pem') });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(`TLS_KEY: cannot read ${missing} (ENOENT)`);
  });

  it('refuses files that are not PEM certificates and keys', () => {
    const garbage = join(dir, 'garbage.pem');
    expect(() => gatewayTls({ TLS_CERT: garbage, TLS_KEY: garbage, TLS_CA: garbage })).toThrow(/are not a usable certificate, private key and CA/);
  });
});
