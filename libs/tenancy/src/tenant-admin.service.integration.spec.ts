import { DataSource } from 'typeorm';
import { AuditEventRepository, TenantRepository } from '@dxhub/persistence';
import { CredentialResolver, Principal } from '@dxhub/security';
import { adminActions, countRows, insertExchange, openIntegrationDatabase, problemOf, testPiiCipher, testAuditJournal } from '@dxhub/testing';
import { TenantAdminService } from './tenant-admin.service';

// Against the real PostgreSQL (DATABASE_URL, recreated for this file): rotation issues the successor,
// shortens the old key's life and writes its audit event in one transaction, or does none of it.

const EXCHANGE = 'ex-rotating';
const ADMIN: Principal = { credentialId: 'cred_admin', role: 'admin', exchangeId: null };
const cipher = testPiiCipher();

let dataSource: DataSource;
let admin: TenantAdminService;
let resolver: CredentialResolver;

const credential = (id: string) => dataSource.query('SELECT expires_at, replaced_by, role, exchange_id, label FROM credentials WHERE id = $1', [id]).then((r) => r[0]);
const rotations = () => adminActions(dataSource, 'credential.rotate', cipher);

beforeAll(async () => {
  dataSource = await openIntegrationDatabase(4);
  await insertExchange(dataSource, EXCHANGE);
  const tenants = new TenantRepository(dataSource);
  admin = new TenantAdminService(tenants, new AuditEventRepository(dataSource), testAuditJournal(cipher), cipher, false);
  resolver = new CredentialResolver(tenants, 'bootstrap-token-not-used-here');
});

afterAll(() => dataSource?.destroy());

describe('TenantAdminService.rotateCredential', () => {
  it('issues a successor with the same role, exchange and label, ends the old key after the overlap, and audits both ids', async () => {
    const old = await admin.createCredential(ADMIN, { role: 'submitter', exchangeId: EXCHANGE, label: 'partner sftp' });
    const before = Date.now();
    const rotated = await admin.rotateCredential(ADMIN, old.id, { overlapSeconds: 3600 });

    expect(rotated).toEqual({ id: expect.stringMatching(/^cred_/), key: expect.any(String), role: 'submitter', exchangeId: EXCHANGE, label: 'partner sftp', expiresAt: null, replaces: old.id });
    expect(rotated.key).not.toBe(old.key);
    const oldRow = await credential(old.id);
    expect(oldRow.replaced_by).toBe(rotated.id);
    expect(oldRow.expires_at.getTime()).toBeGreaterThan(before + 3590_000);
    expect(oldRow.expires_at.getTime()).toBeLessThan(Date.now() + 3600_000 + 1000);
    expect(await credential(rotated.id)).toMatchObject({ role: 'submitter', exchange_id: EXCHANGE, label: 'partner sftp', expires_at: null, replaced_by: null });

    // Both keys work during the overlap.
    expect(await resolver.resolve(old.key)).toEqual({ credentialId: old.id, role: 'submitter', exchangeId: EXCHANGE });
    expect(await resolver.resolve(rotated.key)).toEqual({ credentialId: rotated.id, role: 'submitter', exchangeId: EXCHANGE });

    const [event] = (await rotations()).filter((e) => e.message.credentialId === old.id);
    expect(event).toMatchObject({ actor: 'admin:cred_admin', exchangeId: EXCHANGE });
    expect(event.message).toEqual({ action: 'credential.rotate', credentialId: old.id, newCredentialId: rotated.id, overlapSeconds: 3600 });
    expect(JSON.stringify(event.message)).not.toContain(rotated.key);
  });

  it('takes a day by default, and never extends an expiry the old key already had', async () => {
    const open = await admin.createCredential(ADMIN, { role: 'operator' });
    await admin.rotateCredential(ADMIN, open.id, undefined);
    expect((await credential(open.id)).expires_at.getTime()).toBeGreaterThan(Date.now() + 86_390_000);

    const soon = new Date(Date.now() + 600_000).toISOString();
    const short = await admin.createCredential(ADMIN, { role: 'auditor', expiresAt: soon });
    await admin.rotateCredential(ADMIN, short.id, { overlapSeconds: 7200 });
    expect((await credential(short.id)).expires_at.toISOString()).toBe(soon);
  });

  it('with no overlap refuses the old key at once', async () => {
    const old = await admin.createCredential(ADMIN, { role: 'operator' });
    const rotated = await admin.rotateCredential(ADMIN, old.id, { overlapSeconds: 0 });
    expect(await resolver.resolve(old.key)).toBeNull();
    expect(await resolver.resolve(rotated.key)).not.toBeNull();
  });

  it('refuses revoked, expired, already rotated and unknown credentials, writing nothing', async () => {
    const revoked = await admin.createCredential(ADMIN, { role: 'operator' });
    await admin.revokeCredential(ADMIN, revoked.id);
    const expired = await admin.createCredential(ADMIN, { role: 'operator', expiresAt: new Date(Date.now() + 1000).toISOString() });
    await dataSource.query("UPDATE credentials SET expires_at = now() - interval '1 second' WHERE id = $1", [expired.id]);
    const rotatedOnce = await admin.createCredential(ADMIN, { role: 'operator' });
    await admin.rotateCredential(ADMIN, rotatedOnce.id, {});

    const credentials = await countRows(dataSource, 'credentials');
    const events = (await rotations()).length;
    for (const [id, state] of [[revoked.id, 'revoked'], [expired.id, 'expired'], [rotatedOnce.id, 'already rotated']]) {
      const problem = await problemOf(admin.rotateCredential(ADMIN, id, {}));
      expect(problem).toMatchObject({ status: 409, errors: [{ field: 'id', message: `is ${state}` }] });
      expect(problem.detail).toContain(state);
    }
    expect(await problemOf(admin.rotateCredential(ADMIN, 'cred_unknown', {}))).toMatchObject({ status: 404 });
    expect(await countRows(dataSource, 'credentials')).toBe(credentials);
    expect((await rotations()).length).toBe(events);
  });

  it('issues one successor when the same key is rotated twice at once', async () => {
    const old = await admin.createCredential(ADMIN, { role: 'operator' });
    const results = await Promise.allSettled([admin.rotateCredential(ADMIN, old.id, {}), admin.rotateCredential(ADMIN, old.id, {})]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await countRows(dataSource, 'credentials', 'id IN (SELECT replaced_by FROM credentials WHERE id = $1)', [old.id])).toBe(1);
  });

  it.each([
    [{ overlapSeconds: -1 }, 'overlapSeconds'],
    [{ overlapSeconds: 30 * 86400 + 1 }, 'overlapSeconds'],
    [{ overlapSeconds: 1.5 }, 'overlapSeconds'],
    [{ overlapSeconds: '60' }, 'overlapSeconds'],
    [{ overlap: 60 }, 'overlap'],
  ])('rejects %j naming %s', async (body, field) => {
    const old = await admin.createCredential(ADMIN, { role: 'operator' });
    const problem = await problemOf(admin.rotateCredential(ADMIN, old.id, body));
    expect(problem.status).toBe(400);
    expect(problem.errors.map((e) => e.field)).toContain(field);
    expect((await credential(old.id)).replaced_by).toBeNull();
  });
});

describe('TenantAdminService.setAmqpUser', () => {
  it('maps one RabbitMQ user to one exchange, audits it, and refuses the user for a second exchange', async () => {
    await insertExchange(dataSource, 'ex-amqp-a');
    await insertExchange(dataSource, 'ex-amqp-b');
    const tenants = new TenantRepository(dataSource);

    expect(await admin.setAmqpUser(ADMIN, 'ex-amqp-a', { user: 'a-backend' })).toEqual({ exchangeId: 'ex-amqp-a', user: 'a-backend' });
    expect(await tenants.exchangeOfAmqpUser('a-backend')).toBe('ex-amqp-a');
    // Setting it again is fine (idempotent); another exchange cannot have it.
    await admin.setAmqpUser(ADMIN, 'ex-amqp-a', { user: 'a-backend' });
    expect(await problemOf(admin.setAmqpUser(ADMIN, 'ex-amqp-b', { user: 'a-backend' }))).toMatchObject({ status: 409, errors: [{ field: 'user' }] });
    expect(await problemOf(admin.setAmqpUser(ADMIN, 'ex-missing', { user: 'x-backend' }))).toMatchObject({ status: 404 });
    expect(await problemOf(admin.setAmqpUser(ADMIN, 'ex-amqp-b', { user: 'bad user!' }))).toMatchObject({ status: 400, errors: [{ field: 'user' }] });
    expect(await tenants.exchangeOfAmqpUser('x-backend')).toBeNull();

    // A new user replaces the exchange's old one at once.
    await admin.setAmqpUser(ADMIN, 'ex-amqp-a', { user: 'a-backend-2' });
    expect(await tenants.exchangeOfAmqpUser('a-backend')).toBeNull();
    expect(await tenants.exchangeOfAmqpUser('a-backend-2')).toBe('ex-amqp-a');
    const audited = await adminActions(dataSource, 'amqp-user.set', cipher);
    expect(audited.map((a) => a.message.user)).toEqual(['a-backend', 'a-backend', 'a-backend-2']);
  });
});
