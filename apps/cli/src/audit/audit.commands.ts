import { Command, InvalidArgumentError, Option } from 'commander';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { AUDIT_KINDS, Checkpoint, EXPORT_FORMATS, ExportFormat, rawPublicKey } from '@dxhub/audit';
import type { AuditEventFilter } from '@dxhub/persistence';
import { loadCliConfig } from '../cli.config';
import { withJournal } from './audit-context';
import { throttledProgress } from './progress';

const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));
const seq = (v: string) => {
  if (!/^(0|[1-9][0-9]{0,18})$/.test(v)) throw new InvalidArgumentError('a sequence number (a whole number)');
  return v;
};
const isoDate = (v: string) => {
  if (Number.isNaN(Date.parse(v))) throw new InvalidArgumentError('a date-time, e.g. 2026-11-27T00:00:00Z');
  return new Date(v).toISOString();
};

interface FilterOptions {
  verification?: string;
  exchange?: string;
  kind?: string;
  from?: string;
  to?: string;
  afterSeq?: string;
  toSeq?: string;
}

function withFilters(command: Command): Command {
  return command
    .option('--verification <id>', 'one verification (ver_...)')
    .option('--exchange <id>', 'one exchange')
    .addOption(new Option('--kind <kind>', 'one kind of event').choices([...AUDIT_KINDS]))
    .option('--from <iso>', 'events at or after', isoDate)
    .option('--to <iso>', 'events before', isoDate)
    .option('--after-seq <n>', 'events after this sequence number', seq)
    .option('--to-seq <n>', 'events up to this sequence number', seq);
}

const filterOf = (o: FilterOptions): AuditEventFilter => ({
  verificationId: o.verification,
  exchangeId: o.exchange,
  kind: o.kind,
  from: o.from ? new Date(o.from) : undefined,
  to: o.to ? new Date(o.to) : undefined,
  afterSeq: o.afterSeq,
  toSeq: o.toSeq,
});

/** `dxhub audit ...`: the auditor's command line, the same use cases as the console's /v1/audit, every read journaled. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit journal: verify, export, timelines, checkpoints, replays');

  audit
    .command('verify')
    .description('check seals, chain links and signed checkpoints over a range; exit status 1 names the first bad sequence')
    .option('--from-seq <n>', 'first sequence number (default: the first kept)', seq)
    .option('--to-seq <n>', 'last sequence number (default: the newest)', seq)
    .option('--checkpoints <file>', 'NDJSON checkpoints held outside the database (from `audit checkpoints`) to check against too')
    .action((o: { fromSeq?: string; toSeq?: string; checkpoints?: string }) =>
      withJournal(loadCliConfig(), async (tools) => {
        const externalCheckpoints = o.checkpoints ? readCheckpoints(o.checkpoints) : [];
        const progress = throttledProgress((p: { checked: number; done: number; span: number }) =>
          `verified ${p.checked} events (${percent(p.done, p.span)} of the range)`,
        );
        const started = Date.now();
        const report = await tools.verifier.verify(tools.trustedKey, { fromSeq: o.fromSeq, toSeq: o.toSeq, externalCheckpoints, onProgress: progress });
        progress.finish();
        await tools.recordRead({ action: 'integrity', fromSeq: report.fromSeq, toSeq: report.toSeq, ok: report.ok, external: externalCheckpoints.length });
        print({ ...report, seconds: (Date.now() - started) / 1000 });
        if (!report.ok) {
          console.error(`dxhub: the journal is NOT intact from event ${report.firstBadSeq}: ${report.reason}`);
          process.exitCode = 1;
        }
      }),
    );

  withFilters(
    audit
      .command('export')
      .description('stream events with their messages (PII redacted unless --privileged with a --reason)')
      .addOption(new Option('--format <format>', 'output format').choices([...EXPORT_FORMATS]).default('ndjson'))
      .option('--out <file>', 'write to this file instead of standard output')
      .option('--privileged', 'messages in full, not redacted (journaled with the reason)')
      .option('--reason <text>', 'why a privileged export is needed (required with --privileged)'),
  ).action((o: FilterOptions & { format: ExportFormat; out?: string; privileged?: boolean; reason?: string }) =>
    withJournal(loadCliConfig(), async (tools) => {
      if (o.privileged && (!o.reason || o.reason.trim().length < 10)) throw new Error('--privileged needs --reason "<why, at least 10 characters>"');
      const filter = filterOf(o);
      await tools.recordRead(
        { action: o.privileged ? 'export-privileged' : 'export', format: o.format, filter: { ...o, out: undefined }, ...(o.reason ? { reason: o.reason } : {}) },
        { exchangeId: filter.exchangeId, verificationId: filter.verificationId, fti: !!o.privileged },
      );
      const out = o.out ? createWriteStream(o.out) : process.stdout;
      // Piped into `head` or a pager that quit: stop quietly, the reader has what it wanted.
      process.stdout.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? process.exit(0) : undefined));
      const progress = throttledProgress((n: number) => `exported ${n} events`);
      let lines = 0;
      for await (const line of tools.exporter.lines(filter, o.format, !!o.privileged)) {
        if (!out.write(line)) await once(out, 'drain');
        progress(++lines);
      }
      progress.finish();
      if (o.out) {
        out.end();
        await once(out, 'finish');
        console.error(`dxhub: wrote ${o.out}`);
      }
    }),
  );

  audit
    .command('timeline <verificationId>')
    .description("a verification's life rebuilt from the journal alone (PII redacted)")
    .action((verificationId: string) =>
      withJournal(loadCliConfig(), async (tools) => {
        const events = await tools.timeline.of(verificationId);
        await tools.recordRead({ action: 'timeline', verificationId }, { verificationId });
        print({ verificationId, events });
      }),
    );

  audit
    .command('checkpoints')
    .description('every signed checkpoint as NDJSON: keep the file outside the database, then `audit verify --checkpoints <file>`')
    .option('--out <file>', 'write to this file instead of standard output')
    .action((o: { out?: string }) =>
      withJournal(loadCliConfig(), async (tools) => {
        const all = await tools.checkpoints.all();
        await tools.recordRead({ action: 'checkpoints', count: all.length });
        const text = all.map((c) => `${JSON.stringify(c)}\n`).join('');
        if (o.out) {
          const out = createWriteStream(o.out);
          out.end(text);
          await once(out, 'finish');
          console.error(`dxhub: wrote ${all.length} checkpoints to ${o.out} (signed by ${rawPublicKey(tools.trustedKey)})`);
        } else process.stdout.write(text);
      }),
    );

  audit
    .command('replay')
    .description('re-send the federal requests recorded in [from, to) to the Hub in a sandbox and compare the answers (the broker runs it)')
    .requiredOption('--from <iso>', 'window start', isoDate)
    .requiredOption('--to <iso>', 'window end', isoDate)
    .option('--exchange <id>', 'one exchange')
    .option('--service <name>', 'one service')
    .option('--no-wait', 'print the replay id and return at once')
    .action((o: { from: string; to: string; exchange?: string; service?: string; wait: boolean }) =>
      withJournal(loadCliConfig(), async (tools) => {
        if (Date.parse(o.to) <= Date.parse(o.from)) throw new Error('--to must be after --from');
        const scope = { from: o.from, to: o.to, ...(o.exchange ? { exchangeId: o.exchange } : {}), ...(o.service ? { service: o.service } : {}) };
        const id = await tools.replays.request(scope, tools.actor, tools.prepareRead({ action: 'replay', scope }, { exchangeId: o.exchange }));
        if (!o.wait) return print({ id });
        console.error(`dxhub: replay ${id} queued; the broker runs it (is it running?)`);
        const progress = throttledProgress((r: { status: string; total: number; matched: number; mismatched: number }) =>
          `replay ${r.status}: ${r.total} requests, ${r.matched} matched, ${r.mismatched} mismatched`,
        );
        for (;;) {
          const replay = (await tools.replays.find(id))!;
          progress(replay);
          if (replay.status === 'completed' || replay.status === 'failed') {
            progress.finish();
            print(replay);
            if (replay.status === 'failed' || replay.mismatched) process.exitCode = 1;
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }),
    );

  audit
    .command('keys')
    .description('print fresh journal keys for a deployment: AUDIT_SEAL_KEY, AUDIT_SIGNING_KEY and its AUDIT_CHECKPOINT_PUBLIC_KEY')
    .action(() => {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32).toString('base64');
      console.log(`AUDIT_SEAL_KEY=${randomBytes(32).toString('base64')}`);
      console.log(`AUDIT_SIGNING_KEY=${seed}`);
      console.log(`AUDIT_CHECKPOINT_PUBLIC_KEY=${rawPublicKey(publicKey)}`);
    });
}

function readCheckpoints(file: string): Checkpoint[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      try {
        return JSON.parse(line) as Checkpoint;
      } catch {
        throw new Error(`${file} line ${i + 1} is not a checkpoint (JSON): export them with \`dxhub audit checkpoints --out ${file}\``);
      }
    });
}

const percent = (done: number, span: number) => `${span > 0 ? Math.min(100, Math.floor((done / span) * 100)) : 100}%`;
