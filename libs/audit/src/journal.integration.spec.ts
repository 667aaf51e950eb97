import { DataSource } from 'typeorm';
import { Client } from 'pg';
import { AuditEventRepository, grantAppRole } from '@dxhub/persistence';
import { DEV_DEFAULTS } from '@dxhub/platform';
import { openIntegrationDatabase, testAuditRow } from '@dxhub/testing';
import { auditSealKeyFromBase64, checkpointPublicKey, checkpointSigningKey } from './audit-keys';
import { AuditChainer } from './chain/audit-chainer';
import { CheckpointStore } from './chain/checkpoint-store';
import { JournalVerifier } from './integrity/journal-verifier';

// Against the real PostgreSQL (dxhub_test, recreated for this file): the journal's chain, its verification
// and its append-only guards, attacked the way someone with direct write access to the database would.

let db: DataSource;
let chainer: AuditChainer;
let checkpoints: CheckpointStore;
let verifier: JournalVerifier;
const trusted = checkpointPublicKey(DEV_DEFAULTS.AUDIT_CHECKPOINT_PUBLIC_KEY);
const signing = checkpointSigningKey(DEV_DEFAULTS.AUDIT_SIGNING_KEY);

/** Appends `n` events and links them; returns their seqs. */
async function journal(n: number): Promise<string[]> {
  const events = new AuditEventRepository(db);
  await events.append(Array.from({ length: n }, (_, i) => testAuditRow({ kind: 'verification.received', exchangeId: 'ma', message: { line: i } })));
  while ((await chainer.chainBatch(1000)) > 0);
  const rows: { seq: string }[] = await db.query('SELECT seq::text AS seq FROM audit_events ORDER BY audit_events.seq DESC LIMIT $1', [n]);
  return rows.map((r) => r.seq).reverse();
}

/** Runs statements as a superuser with triggers off (session_replication_role = replica): the worst case. */
async function tamper(sql: string, params: unknown[] = []): Promise<void> {
  await db.transaction(async (m) => {
    await m.query('SET LOCAL session_replication_role = replica');
    await m.query(sql, params);
  });
}

const verify = (fromSeq?: string, toSeq?: string) => verifier.verify(trusted, { fromSeq, toSeq });

beforeEach(async () => {
  db = await openIntegrationDatabase();
  chainer = new AuditChainer(db);
  checkpoints = new CheckpointStore(db);
  verifier = new JournalVerifier(db, auditSealKeyFromBase64(DEV_DEFAULTS.AUDIT_SEAL_KEY), checkpoints);
});
afterEach(() => db.destroy());

describe('the audit journal', () => {
  it('links every event and verifies clean, with the head it reports', async () => {
    const seqs = await journal(50);
    const report = await verify();
    expect(report).toMatchObject({ ok: true, checked: 50, headSeq: seqs[49], pending: 0 });
    const [head] = await db.query('SELECT hash FROM audit_chain ORDER BY pos DESC LIMIT 1');
    expect(report.ok && report.headHash).toBe(head.hash);
    expect(await verify(seqs[10], seqs[20])).toMatchObject({ ok: true, checked: 11, headSeq: seqs[20] });
  });

  it('counts events not linked yet as pending, their seals checked', async () => {
    await new AuditEventRepository(db).append([testAuditRow({ kind: 'admin.action' })]);
    expect(await verify()).toMatchObject({ ok: true, checked: 1, pending: 1, headSeq: null });
  });

  it('names a changed event as the first bad sequence', async () => {
    const seqs = await journal(30);
    await tamper(`UPDATE audit_events SET actor = 'someone-else' WHERE seq = $1`, [seqs[12]]);
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: seqs[12], reason: expect.stringContaining('altered') });
  });

  it('names an event whose stored message alone was changed', async () => {
    const seqs = await journal(10);
    await tamper(`UPDATE audit_events SET message_enc = (SELECT message_enc FROM audit_events WHERE seq = $2) WHERE seq = $1`, [seqs[3], seqs[4]]);
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: seqs[3] });
  });

  it('names a deleted event', async () => {
    const seqs = await journal(30);
    await tamper('DELETE FROM audit_events WHERE seq = $1', [seqs[17]]);
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: seqs[17], reason: expect.stringContaining('removed') });
  });

  it('names an inserted event, with the chain trigger on (it gets linked) or off (it does not)', async () => {
    const seqs = await journal(20);
    // A copy of event 5 under a new id and seq: everything looks right but the seal.
    await db.query(
      `INSERT INTO audit_events (id, at, kind, exchange_id, verification_id, actor, correlation_id, digest, message_enc, fti, meta, seal)
       SELECT 'aud_01JZZZZZZZZZZZZZZZZZZZZZZZ', at, kind, exchange_id, verification_id, actor, correlation_id, digest, message_enc, fti, meta, seal
       FROM audit_events WHERE seq = $1`,
      [seqs[5]],
    );
    while ((await chainer.chainBatch(1000)) > 0);
    const [{ seq: linked }] = await db.query('SELECT max(seq)::text AS seq FROM audit_events');
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: linked, reason: expect.stringContaining('forged') });

    // Into a gap below the head, behind the triggers' back: neither linked nor queued.
    const gap = String(BigInt(seqs[19]) + 100n);
    await tamper(
      `INSERT INTO audit_events (seq, id, at, kind, actor, digest, message_enc, fti, seal)
       SELECT $2, 'aud_01JYYYYYYYYYYYYYYYYYYYYYYY', at, kind, actor, digest, message_enc, fti, seal FROM audit_events WHERE seq = $1`,
      [seqs[0], gap],
    );
    await journal(1);
    expect(await verify(String(BigInt(linked) + 1n))).toMatchObject({ ok: false, firstBadSeq: gap });
  });

  it('names the first of two swapped events', async () => {
    const seqs = await journal(20);
    await tamper(
      `UPDATE audit_events SET seq = CASE seq WHEN $1::bigint THEN -1 ELSE seq END WHERE seq = $1;
       UPDATE audit_events SET seq = $1 WHERE seq = $2;
       UPDATE audit_events SET seq = $2 WHERE seq = -1`.replace(/\$1/g, seqs[8]).replace(/\$2/g, seqs[9]),
    );
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: seqs[8], reason: expect.stringContaining('reordered') });
  });

  it('catches a chain rewritten wholesale (event removed, every later link recomputed) against a signed checkpoint', async () => {
    const seqs = await journal(10);
    const checkpoint = await checkpoints.write(signing);
    expect(checkpoint).toMatchObject({ headSeq: seqs[9] });
    expect(await verify()).toMatchObject({ ok: true, checkpoints: 1 });

    // The forger removes event 4 and its link, then renumbers and recomputes every later link, so that the
    // chain alone is consistent again; only the checkpoint still remembers the old head.
    await tamper('DELETE FROM audit_events WHERE seq = $1', [seqs[4]]);
    await tamper('DELETE FROM audit_chain WHERE pos >= 5');
    const { chainHash } = await import('@dxhub/persistence');
    let [prev] = await db.query('SELECT pos, hash FROM audit_chain ORDER BY pos DESC LIMIT 1');
    let pos = Number(prev.pos);
    let hash = prev.hash;
    for (const seq of seqs.slice(5)) {
      const [{ seal }] = await db.query('SELECT seal FROM audit_events WHERE seq = $1', [seq]);
      const next = chainHash(hash, seq, seal);
      await tamper('INSERT INTO audit_chain (pos, seq, prev_hash, hash) VALUES ($1, $2, $3, $4)', [++pos, seq, hash, next]);
      hash = next;
    }
    expect(await verify(seqs[5])).toMatchObject({ ok: false, firstBadSeq: seqs[9], reason: expect.stringContaining('checkpoint') });
  });

  it('is append-only: the processes role may not UPDATE, DELETE or TRUNCATE it, and nobody passes the triggers', async () => {
    await journal(3);
    const url = new URL(process.env.DATABASE_URL!);
    const appUrl = new URL(url);
    appUrl.username = 'dxhub_app';
    await grantAppRole(url.toString(), appUrl.toString());
    const app = new Client({ connectionString: appUrl.toString() });
    await app.connect();
    try {
      for (const sql of [`UPDATE audit_events SET actor = 'x'`, 'DELETE FROM audit_chain', 'TRUNCATE audit_checkpoints']) {
        await expect(app.query(sql)).rejects.toMatchObject({ code: '42501' }); // insufficient_privilege
      }
      await expect(app.query("INSERT INTO audit_pending (seq, seal) VALUES (-5, 'x')")).resolves.toBeDefined();
    } finally {
      await app.end();
    }
    // The owner (here a superuser) is stopped by the triggers.
    await expect(db.query(`UPDATE audit_events SET actor = 'x'`)).rejects.toMatchObject({ message: expect.stringContaining('append-only') });
    await expect(db.query('DELETE FROM audit_chain')).rejects.toMatchObject({ message: expect.stringContaining('append-only') });
    await expect(db.query('TRUNCATE audit_events')).rejects.toMatchObject({ message: expect.stringContaining('append-only') });
  });
});
