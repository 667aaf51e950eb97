import { Inject, Injectable } from '@nestjs/common';
import { KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { chainHash, GENESIS_HASH, sealOf } from '@dxhub/persistence';
import { AUDIT_SEAL_KEY } from '../audit-journal';
import { Checkpoint, checkpointSignatureValid } from '../chain/checkpoint';
import { CheckpointStore } from '../chain/checkpoint-store';
import { IntegrityProgress, IntegrityReport } from './integrity-report';

/** Sequence numbers read per statement: large enough to amortise the round trip, small enough for flat memory. */
const PAGE = 20_000;

interface JournalRow {
  seq: string;
  id: string | null;
  /** `at` in UTC to the microsecond: the writers store milliseconds, so anything finer is a change. */
  at_us: string | null;
  kind: string;
  exchange_id: string | null;
  verification_id: string | null;
  actor: string;
  correlation_id: string | null;
  digest: string;
  message_hash: string;
  fti: boolean;
  meta: string | null;
  seal: string | null;
  pending: boolean;
  pos: string | null;
  prev_hash: string | null;
  hash: string | null;
}

interface Bad {
  seq: bigint;
  reason: string;
}

export interface VerifyOptions {
  fromSeq?: string;
  toSeq?: string;
  /** Checkpoints held outside the database (an export) to check the chain against, besides the stored ones. */
  externalCheckpoints?: Checkpoint[];
  onProgress?: (p: IntegrityProgress) => void;
}

/**
 * Checks the journal over a range of sequence numbers, from the database alone plus the keys:
 * - each event's seal against its content and stored message (an altered or forged event fails it);
 * - each event against its chain link (a reordered, swapped or replaced event fails it), and each link
 *   against the one before (a rewritten link fails it);
 * - the chain against the events (a link without its event: removed; an event that is neither linked nor
 *   queued for linking: inserted behind the writers' back);
 * - the chain heads against signed checkpoints (a chain rewritten wholesale, even by a superuser, fails them).
 * The first bad sequence number is the lowest one any check finds.
 */
@Injectable()
export class JournalVerifier {
  constructor(
    private readonly db: DataSource,
    @Inject(AUDIT_SEAL_KEY) private readonly sealKey: Buffer,
    private readonly checkpoints: CheckpointStore,
  ) {}

  async verify(trustedKey: KeyObject, options: VerifyOptions = {}): Promise<IntegrityReport> {
    const [bounds]: { floor: string; last: string }[] = await this.db.query(
      `SELECT coalesce((SELECT max(floor_seq) FROM audit_retention), 1)::text AS floor,
              greatest(coalesce((SELECT max(seq) FROM audit_events), 0), coalesce((SELECT max(seq) FROM audit_chain), 0))::text AS last`,
    );
    // Retention dropped everything below the floor: the check starts there.
    const from = max(BigInt(options.fromSeq ?? '1'), BigInt(bounds.floor));
    const to = options.toSeq ? min(BigInt(options.toSeq), BigInt(bounds.last)) : BigInt(bounds.last);
    const range = { fromSeq: String(from), toSeq: String(to) };

    const walk = new ChainWalk(this.sealKey);
    const span = Number(to - from + 1n);
    const pageAt = (lo: bigint) => (lo <= to ? this.readPage(lo, min(lo + BigInt(PAGE) - 1n, to)) : Promise.resolve([]));
    // The next page is read while this one is checked: the database and the hashing overlap.
    let next = pageAt(from);
    for (let lo = from; lo <= to && !walk.bad; lo += BigInt(PAGE)) {
      const rows = await next;
      next = pageAt(lo + BigInt(PAGE));
      walk.page(rows);
      options.onProgress?.({ checked: walk.checked, done: Number(min(lo + BigInt(PAGE) - 1n, to) - from + 1n), span: Math.max(span, 0) });
    }
    await next.catch(() => undefined);
    await this.resolveLinks(walk);
    if (!walk.bad) await this.checkCheckpoints(walk, trustedKey, range, options.externalCheckpoints ?? []);

    const bad = walk.firstBad();
    if (bad) return { ok: false, firstBadSeq: String(bad.seq), reason: bad.reason, checked: walk.checked, ...range };
    return {
      ok: true,
      checked: walk.checked,
      headSeq: walk.head?.seq ?? null,
      headHash: walk.head?.hash ?? null,
      ...range,
      pending: walk.pending,
      checkpoints: walk.checkpointsChecked,
    };
  }

  /** Events and links of one seq range side by side (a FULL JOIN: either may be missing), in seq order. */
  private readPage(lo: bigint, hi: bigint): Promise<JournalRow[]> {
    return this.db.query(
      `SELECT coalesce(e.seq, c.seq)::text AS seq, e.id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS at_us,
              e.kind, e.exchange_id, e.verification_id, e.actor, e.correlation_id,
              e.digest, encode(sha256(convert_to(e.message_enc, 'UTF8')), 'hex') AS message_hash, e.fti, e.meta, e.seal,
              p.seq IS NOT NULL AS pending, c.pos::text AS pos, c.prev_hash, c.hash
       FROM (SELECT * FROM audit_events WHERE seq BETWEEN $1 AND $2) e
       FULL JOIN (SELECT * FROM audit_chain WHERE seq BETWEEN $1 AND $2) c ON c.seq = e.seq
       LEFT JOIN audit_pending p ON p.seq = e.seq
       ORDER BY coalesce(e.seq, c.seq)`,
      [String(lo), String(hi)],
    );
  }

  /** Links whose predecessor was outside the pages read (an event linked late, or the range's first). */
  private async resolveLinks(walk: ChainWalk): Promise<void> {
    const wanted = walk.unresolved();
    if (!wanted.length) return;
    const rows: { pos: string; hash: string }[] = await this.db.query(
      'SELECT pos::text AS pos, hash FROM audit_chain WHERE pos = ANY($1::bigint[])',
      [wanted.map((w) => String(w.pos - 1n))],
    );
    walk.settle(new Map(rows.map((r) => [BigInt(r.pos), r.hash])));
  }

  private async checkCheckpoints(walk: ChainWalk, trustedKey: KeyObject, range: { fromSeq: string; toSeq: string }, external: Checkpoint[]) {
    const stored = await this.checkpoints.inRange(range.fromSeq, range.toSeq);
    const inRange = (c: Checkpoint) => BigInt(c.headSeq) >= BigInt(range.fromSeq) && BigInt(c.headSeq) <= BigInt(range.toSeq);
    const all = [...stored, ...external.filter(inRange)];
    if (!all.length) return;
    const links: { pos: string; seq: string; hash: string }[] = await this.db.query(
      'SELECT pos::text AS pos, seq::text AS seq, hash FROM audit_chain WHERE pos = ANY($1::bigint[])',
      [[...new Set(all.map((c) => c.headPos))]],
    );
    const byPos = new Map(links.map((l) => [l.pos, l]));
    for (const c of all) {
      const where = `checkpoint ${c.id} of ${c.at}`;
      if (!checkpointSignatureValid(c, trustedKey)) {
        walk.fail(BigInt(c.headSeq), `${where} is not signed by the trusted key: the checkpoint itself was forged or altered`);
        continue;
      }
      const link = byPos.get(c.headPos);
      if (!link || link.seq !== c.headSeq || link.hash !== c.headHash) {
        walk.fail(BigInt(c.headSeq), `the chain differs from signed ${where}: it was rewritten at or before event ${c.headSeq}`);
      }
      walk.checkpointsChecked++;
    }
  }
}

/** The checks over rows in seq order; keeps only the last two pages' links in memory. */
class ChainWalk {
  checked = 0;
  pending = 0;
  checkpointsChecked = 0;
  head: { pos: bigint; seq: string; hash: string } | null = null;
  bad: Bad | null = null;
  private readonly badLinks: Bad[] = [];
  private previousPage = new Map<bigint, string>();
  private currentPage = new Map<bigint, string>();
  private readonly waiting: { pos: bigint; seq: bigint; prevHash: string }[] = [];

  constructor(private readonly sealKey: Buffer) {}

  page(rows: JournalRow[]): void {
    this.previousPage = this.currentPage;
    this.currentPage = new Map();
    for (const row of rows) {
      this.row(row);
      if (this.bad) return;
    }
  }

  fail(seq: bigint, reason: string): void {
    if (!this.bad || seq < this.bad.seq) this.bad = { seq, reason };
  }

  firstBad(): Bad | null {
    return [this.bad, ...this.badLinks].filter((b): b is Bad => !!b).sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0))[0] ?? null;
  }

  unresolved() {
    return this.waiting;
  }

  settle(hashes: Map<bigint, string>): void {
    for (const w of this.waiting) {
      const before = hashes.get(w.pos - 1n);
      if (before === undefined) this.badLinks.push({ seq: w.seq, reason: `the chain link before event ${w.seq} (position ${w.pos - 1n}) is missing` });
      else if (before !== w.prevHash) this.badLinks.push({ seq: w.seq, reason: `event ${w.seq}'s link does not follow the one before it: the chain was rewritten` });
    }
  }

  private row(r: JournalRow): void {
    const seq = BigInt(r.seq);
    if (r.id === null) {
      this.fail(seq, `removed: the hash chain records event ${r.seq} but the journal no longer holds it`);
      return;
    }
    this.checked++;
    if (!r.at_us!.endsWith('000')) {
      this.fail(seq, `altered: event ${r.seq}'s time was changed (finer than the milliseconds its writer stores)`);
      return;
    }
    const seal = sealOf(this.sealKey, {
      id: r.id,
      at: `${r.at_us!.slice(0, -3)}Z`,
      kind: r.kind,
      exchangeId: r.exchange_id,
      verificationId: r.verification_id,
      actor: r.actor,
      correlationId: r.correlation_id,
      digest: r.digest,
      messageHash: r.message_hash,
      fti: r.fti,
      meta: r.meta,
    });
    if (seal !== r.seal) {
      this.fail(seq, `altered or forged: event ${r.seq}'s content or stored message does not match its seal`);
      return;
    }
    if (r.pos === null) {
      if (r.pending) this.pending++;
      else this.fail(seq, `inserted: event ${r.seq} is neither in the hash chain nor queued for it`);
      return;
    }
    const pos = BigInt(r.pos);
    if (chainHash(r.prev_hash!, r.seq, seal) !== r.hash) {
      this.fail(seq, `reordered or replaced: event ${r.seq} does not match its link in the hash chain`);
      return;
    }
    this.link(pos, seq, r.prev_hash!, r.hash!);
  }

  private link(pos: bigint, seq: bigint, prevHash: string, hash: string): void {
    this.currentPage.set(pos, hash);
    if (!this.head || pos > this.head.pos) this.head = { pos, seq: String(seq), hash };
    const before = pos === 1n ? GENESIS_HASH : (this.currentPage.get(pos - 1n) ?? this.previousPage.get(pos - 1n));
    if (before === undefined) this.waiting.push({ pos, seq, prevHash });
    else if (before !== prevHash) this.badLinks.push({ seq, reason: `event ${seq}'s link does not follow the one before it: the chain was rewritten` });
  }
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);
const min = (a: bigint, b: bigint) => (a < b ? a : b);
