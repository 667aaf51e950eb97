// The audit journal's own figures (issue 6), on a database of its own (dxhub_journal_bench, recreated):
// appending N sealed events in multi-row statements, linking them into the hash chain, and verifying the
// whole journal. Prints figures, asserts nothing.   npm run bench:journal [-- --events 1000000]
// Needs `npm run build` first (it uses the compiled libraries).
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { Client } = require('pg');
const { DataSource } = require('typeorm');
const persistence = require('../dist/libs/persistence/src');
const audit = require('../dist/libs/audit/src');
const platform = require('../dist/libs/platform/src');
const security = require('../dist/libs/security/src');

const arg = (name, fallback) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const EVENTS = arg('events', 1_000_000);
const BATCH = 1000;
const OWNER = process.env.JOURNAL_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dxhub_journal_bench';
const D = platform.DEV_DEFAULTS;

const admin = new Client({ connectionString: persistence.maintenanceUrl(OWNER) });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${new URL(OWNER).pathname.slice(1)}" WITH (FORCE)`);
await admin.end();
await persistence.prepareDatabase(OWNER, OWNER);
const db = await new DataSource(persistence.dataSourceOptions(OWNER, 4)).initialize();

const cipher = new security.PiiCipher(security.piiKeyFromBase64(D.PII_ENCRYPTION_KEY));
const journal = new audit.AuditJournal(cipher, audit.auditSealKeyFromBase64(D.AUDIT_SEAL_KEY));
const events = new persistence.AuditEventRepository(db);
// A federal request of a typical size (about 600 bytes) as the message.
const message = (i) => JSON.stringify({ ssaCompositeRequest: { ssaCompositeIndividualRequestArray: [{ personSocialSecurityNumber: String(100000000 + i), personGivenName: 'Ana', personSurName: 'Silva', personBirthDate: '1980-02-29', requestCitizenshipVerificationIndicator: true, requestIncarcerationVerificationIndicator: true, requestTitleIIMonthlyIncomeVerificationIndicator: false, requestTitleIIAnnualIncomeVerificationIndicator: false, requestQuartersOfCoverageVerificationIndicator: false }] } });

const line = (text) => process.stderr.write(`${text}\n`);
const seconds = (t0) => (performance.now() - t0) / 1000;

let t0 = performance.now();
for (let i = 0; i < EVENTS; i += BATCH) {
  const rows = [];
  for (let j = i; j < Math.min(i + BATCH, EVENTS); j++) {
    rows.push(journal.prepare({ kind: 'federal.request', exchangeId: 'ma', verificationId: `ver_${String(j).padStart(26, '0')}`, actor: 'system:broker', correlationId: null, message: message(j), meta: { service: 'ssa-composite', path: '/hub/ssa-composite', messageId: `m-${j}` } }));
  }
  await events.append(rows);
  if ((i / BATCH) % 100 === 0) line(`appended ${i + rows.length}/${EVENTS}`);
}
const appendSeconds = seconds(t0);

const chainer = new audit.AuditChainer(db);
t0 = performance.now();
let linked = 0;
for (let n; (n = await chainer.chainBatch(5000)) > 0; ) {
  linked += n;
  if (linked % 100_000 === 0) line(`linked ${linked}/${EVENTS}`);
}
const chainSeconds = seconds(t0);

const checkpoints = new audit.CheckpointStore(db);
await checkpoints.write(audit.checkpointSigningKey(D.AUDIT_SIGNING_KEY));
const verifier = new audit.JournalVerifier(db, audit.auditSealKeyFromBase64(D.AUDIT_SEAL_KEY), checkpoints);
t0 = performance.now();
let lastLine = 0;
const report = await verifier.verify(audit.checkpointPublicKey(D.AUDIT_CHECKPOINT_PUBLIC_KEY), {
  onProgress: (p) => {
    if (performance.now() - lastLine > 2000) (lastLine = performance.now()), line(`verified ${p.checked}/${EVENTS}`);
  },
});
const verifySeconds = seconds(t0);
const [{ size }] = await db.query(`SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS size FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_events'::regclass`);
await db.destroy();

const rate = (n, s) => Math.round(n / s);
console.log(`audit journal, ${EVENTS} events of ~600 bytes (${size} on disk)`);
console.log(`  append (sealed, ${BATCH} per statement) ${appendSeconds.toFixed(1)} s  ${rate(EVENTS, appendSeconds)} events/s`);
console.log(`  link into the chain (5,000 per batch)  ${chainSeconds.toFixed(1)} s  ${rate(linked, chainSeconds)} events/s`);
console.log(`  verify all (seals, links, checkpoint)   ${verifySeconds.toFixed(1)} s  ${rate(EVENTS, verifySeconds)} events/s  ok=${report.ok} checked=${report.checked}`);
console.log(JSON.stringify({ events: EVENTS, appendSeconds, chainSeconds, verifySeconds, ok: report.ok }));
