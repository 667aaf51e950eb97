import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditEventRepository, newId, VerificationRepository } from '@dxhub/persistence';
import { envelopeKeyId, PiiCipher, piiKeyFromBase64 } from '@dxhub/security';
import { insertExchange, openIntegrationDatabase, testAuditRow, testAuditJournal } from '@dxhub/testing';
import { PiiKeyRotation, RotationProgress } from './pii-key-rotation.service';

// Against the real PostgreSQL (DATABASE_URL = dxhub_test, recreated for this file).
const EX = 'ex-keys';
const keyA = piiKeyFromBase64(randomBytes(32).toString('base64'));
const keyB = piiKeyFromBase64(randomBytes(32).toString('base64'));
const underA = new PiiCipher(keyA);
const rotating = new PiiCipher(keyB, [keyA]);
const onlyB = new PiiCipher(keyB);
const actor = { credentialId: 'cli:test', role: 'admin', exchangeId: null } as const;
let dataSource: DataSource;

const rotation = (ds = dataSource) => new PiiKeyRotation(ds, rotating, testAuditJournal(rotating), new AuditEventRepository(ds));

/** A verification written under key A: its request, its result and its received audit event. */
async function verificationUnderA(n: number): Promise<string> {
  const id = newId.verification();
  await new VerificationRepository(dataSource).insertReceived(
    {
      id,
      exchangeId: EX,
      service: 'ssa-composite',
      source: 'ssa',
      reference: null,
      requestEnc: underA.encryptJson({ n, ssn: '123-45-6789' }),
      ssnIndex: null,
      ssnLast4: null,
      idempotencyKey: null,
      requestHash: 'h',
      correlationId: randomUUID(),
    },
    testAuditRow({ kind: 'verification.received', exchangeId: EX, verificationId: id, message: { n } }, underA),
  );
  await dataSource.query('UPDATE verifications SET result_enc = $2 WHERE id = $1', [id, underA.encryptJson({ n, verified: true })]);
  return id;
}

beforeAll(async () => {
  dataSource = await openIntegrationDatabase();
  await insertExchange(dataSource, EX);
  await dataSource.query('UPDATE exchanges SET webhook_secret_enc = $2 WHERE id = $1', [EX, underA.encrypt('whsec')]);
});
afterAll(() => dataSource.destroy());

describe('PiiKeyRotation', () => {
  it('re-encrypts every value under key A so that key B alone reads them, in batches, and reports the counts', async () => {
    const ids = [];
    for (let n = 0; n < 7; n++) ids.push(await verificationUnderA(n));
    expect(await rotation().status()).toEqual([
      { column: 'exchanges.webhook_secret_enc', keys: { [keyA.id]: 1 } },
      { column: 'verifications.request_enc', keys: { [keyA.id]: 7 } },
      { column: 'verifications.result_enc', keys: { [keyA.id]: 7 } },
      { column: 'audit_events.message_enc', keys: { [keyA.id]: 7 } },
    ]);

    const progress: RotationProgress[] = [];
    const summary = await rotation().rotate(actor, 3, (p) => progress.push(p));

    expect(summary).toMatchObject({
      currentKeyId: keyB.id,
      remaining: 0,
      columns: [
        { column: 'exchanges.webhook_secret_enc', reencrypted: 1, skipped: 0 },
        { column: 'verifications.request_enc', reencrypted: 7, skipped: 0 },
        { column: 'verifications.result_enc', reencrypted: 7, skipped: 0 },
      ],
    });
    // 7 rows in batches of 3: 3, 6, 7, then the column's final line.
    expect(progress.filter((p) => p.column === 'verifications.request_enc').map((p) => [p.done, p.total, p.finished])).toEqual([
      [3, 7, false],
      [6, 7, false],
      [7, 7, false],
      [7, 7, true],
    ]);
    // Everything is now under B and readable with B alone, but the append-only journal: its 7 events stay
    // under A (still readable with A kept as a previous key), and the run's own event is under B.
    const status = await rotation().status();
    expect(status.map((s) => s.keys)).toEqual([{ [keyB.id]: 1 }, { [keyB.id]: 7 }, { [keyB.id]: 7 }, { [keyA.id]: 7, [keyB.id]: 1 }]);
    for (const [n, id] of ids.entries()) {
      const [row] = await dataSource.query('SELECT request_enc, result_enc FROM verifications WHERE id = $1', [id]);
      expect(onlyB.decryptJson(row.request_enc)).toEqual({ n, ssn: '123-45-6789' });
      expect(onlyB.decryptJson(row.result_enc)).toEqual({ n, verified: true });
    }
    const [exchange] = await dataSource.query('SELECT webhook_secret_enc FROM exchanges WHERE id = $1', [EX]);
    expect(onlyB.decrypt(exchange.webhook_secret_enc)).toBe('whsec');
    const messages = await dataSource.query("SELECT message_enc FROM audit_events WHERE kind = 'verification.received'");
    for (const m of messages) expect(() => rotating.decrypt(m.message_enc)).not.toThrow();
    const [audited] = await dataSource.query("SELECT actor, message_enc FROM audit_events WHERE kind = 'admin.action' ORDER BY seq DESC LIMIT 1");
    expect(audited.actor).toBe('admin:cli:test');
    expect(onlyB.decrypt(audited.message_enc)).toContain('pii-keys.rotate');

    // Idempotent: a rerun finds nothing to do.
    expect((await rotation().rotate(actor, 3)).columns.map((c) => c.reencrypted)).toEqual([0, 0, 0]);
  });

  it('never overwrites a value a concurrent writer changed between the read and the update', async () => {
    const id = await verificationUnderA(100);
    const concurrent = rotating.encryptJson({ n: 100, verified: false });
    const query = dataSource.query.bind(dataSource);
    const spy = jest.spyOn(dataSource, 'query').mockImplementation(async (sql, params) => {
      // The broker writes this row's result just before the rotation's batch update lands.
      if (sql.includes('SET result_enc = v.fresh')) await query('UPDATE verifications SET result_enc = $2 WHERE id = $1', [id, concurrent]);
      return query(sql, params);
    });
    try {
      const summary = await rotation().rotate(actor, 500);
      expect(summary.columns.find((c) => c.column === 'verifications.result_enc')).toEqual({
        column: 'verifications.result_enc',
        reencrypted: 0,
        skipped: 1,
      });
    } finally {
      spy.mockRestore();
    }
    const [row] = await dataSource.query('SELECT result_enc FROM verifications WHERE id = $1', [id]);
    expect(row.result_enc).toBe(concurrent);
  });

  it('refuses to start while values are under a key it does not have, and changes nothing', async () => {
    const stranger = new PiiCipher(piiKeyFromBase64(randomBytes(32).toString('base64')));
    await dataSource.query('UPDATE exchanges SET webhook_secret_enc = $2 WHERE id = $1', [EX, underA.encrypt('whsec2')]);
    await dataSource.query('UPDATE verifications SET result_enc = $1 WHERE id = (SELECT min(id) FROM verifications)', [stranger.encryptJson({})]);
    await expect(rotation().rotate(actor, 500)).rejects.toThrow(
      `values under keys that are not configured (add them to PII_ENCRYPTION_KEYS_PREVIOUS): 1 in verifications.result_enc under key ${stranger.currentKeyId}`,
    );
    const [exchange] = await dataSource.query('SELECT webhook_secret_enc FROM exchanges WHERE id = $1', [EX]);
    expect(envelopeKeyId(exchange.webhook_secret_enc)).toBe(keyA.id);
  });
});
