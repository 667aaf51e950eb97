import { DataSource } from 'typeorm';
import { AuditEventRepository, TenantRepository } from '@dxhub/persistence';
import { ClientCertificateCheck, Principal } from '@dxhub/security';
import { adminActions, insertExchange, openIntegrationDatabase, problemOf, testPiiCipher, testAuditJournal } from '@dxhub/testing';
import { TenantAdminService } from './tenant-admin.service';

// Against the real PostgreSQL: a binding is stored in one spelling, audited in the same transaction, and
// is what the gateway's check reads; a refused binding changes nothing.

const EXCHANGE = 'ex-mtls';
const ADMIN: Principal = { credentialId: 'cred_admin', role: 'admin', exchangeId: null };
const SUBMITTER: Principal = { credentialId: 'cred_sub', role: 'submitter', exchangeId: EXCHANGE };
const HEX = '0f'.repeat(32);
const cipher = testPiiCipher();

let dataSource: DataSource;
let admin: TenantAdminService;
let check: ClientCertificateCheck;

const bindings = () => adminActions(dataSource, 'client-certificate.set', cipher);
const socketWith = (fingerprint256: string) => ({ getPeerCertificate: () => ({ fingerprint256 }) });

beforeAll(async () => {
  dataSource = await openIntegrationDatabase(2);
  await insertExchange(dataSource, EXCHANGE);
  const tenants = new TenantRepository(dataSource);
  admin = new TenantAdminService(tenants, new AuditEventRepository(dataSource), testAuditJournal(cipher), cipher, false);
  check = new ClientCertificateCheck(tenants);
});

afterAll(() => dataSource?.destroy());

describe('TenantAdminService.setClientCertificate', () => {
  it('stores lowercase hex without colons, audits it, and the gateway check accepts that certificate only', async () => {
    const colons = HEX.toUpperCase().match(/../g)!.join(':');
    expect(await admin.setClientCertificate(ADMIN, EXCHANGE, { fingerprint256: colons })).toEqual({ exchangeId: EXCHANGE, fingerprint256: HEX });
    expect(await dataSource.query('SELECT client_cert_sha256 FROM exchanges WHERE id = $1', [EXCHANGE])).toEqual([{ client_cert_sha256: HEX }]);
    expect(await bindings()).toEqual([{ actor: 'admin:cred_admin', exchangeId: EXCHANGE, message: { action: 'client-certificate.set', exchangeId: EXCHANGE, fingerprint256: HEX } }]);

    await expect(check.assertBound(SUBMITTER, socketWith(colons))).resolves.toBeUndefined();
    expect((await problemOf(check.assertBound(SUBMITTER, socketWith('ee'.repeat(32))))).status).toBe(401);
  });

  it('refuses an unknown exchange (404) and a malformed body (400), changing and auditing nothing', async () => {
    const before = await bindings();
    expect((await problemOf(admin.setClientCertificate(ADMIN, 'ex-missing', { fingerprint256: HEX }))).status).toBe(404);
    const malformed = await problemOf(admin.setClientCertificate(ADMIN, EXCHANGE, { fingerprint256: HEX.slice(1) }));
    expect(malformed).toMatchObject({ status: 400, errors: [{ field: 'fingerprint256' }] });
    expect((await problemOf(admin.setClientCertificate(ADMIN, EXCHANGE, { fingerprint256: HEX, cn: 'x' }))).errors).toEqual([expect.objectContaining({ field: 'cn' })]);
    expect(await bindings()).toEqual(before);
    expect(await dataSource.query('SELECT client_cert_sha256 FROM exchanges WHERE id = $1', [EXCHANGE])).toEqual([{ client_cert_sha256: HEX }]);
  });
});
