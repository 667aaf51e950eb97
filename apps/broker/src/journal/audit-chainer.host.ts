import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { AuditChainer } from '@dxhub/audit';
import { PeriodicTask } from '../periodic-task';
import { JOURNAL_SETTINGS, JournalSettings } from './journal-settings';

const BATCH = 5000;
const LAG_EVERY_MS = 5000;
/** The longest rest, in AUDIT_CHAIN_IDLE_MS: an idle hub looks for events once a second, not twenty times. */
const MAX_REST_IDLE_MULTIPLE = 20;

/**
 * How long the chainer rests after a batch of `linked` events: not at all after a full batch (more are
 * waiting), `idleMs` after a partial one (events are coming), and twice its last rest after an empty one, up to
 * MAX_REST_IDLE_MULTIPLE times `idleMs`. Polling every 50 ms, an idle hub's broker and PostgreSQL spent 61-76 ms
 * of CPU a second on looking; backing off to a second, 12-14 ms (docs/scaling.md). Under load every look finds
 * events, so nothing changes there; after a lull the first events wait at most that second to be linked.
 */
export function chainerRestMs(linked: number, batch: number, lastRestMs: number, idleMs: number): number {
  if (linked >= batch) return 0;
  if (linked > 0) return idleMs;
  return Math.min(Math.max(lastRestMs, idleMs) * 2, idleMs * MAX_REST_IDLE_MULTIPLE);
}

/**
 * Keeps the hash chain up with the journal for the broker's lifetime: links what is queued, a batch at a time,
 * at once again while batches come full, and rests when they do not (chainerRestMs). Every broker runs one; the
 * chainer's lock lets one link at a time. With the database away the events wait in audit_pending.
 */
@Injectable()
export class AuditChainerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly lag = new Gauge({ name: 'dxhub_audit_chain_pending', help: 'Journal events written but not linked into the hash chain yet' });
  private readonly loop: PeriodicTask;
  private lagAt = 0;
  private restMs = 0;

  constructor(
    private readonly chainer: AuditChainer,
    @Inject(JOURNAL_SETTINGS) settings: JournalSettings,
  ) {
    this.loop = new PeriodicTask('audit chainer', settings.chainIdleMs, () => this.link(settings.chainIdleMs));
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  private async link(idleMs: number): Promise<number> {
    const linked = await this.chainer.chainBatch(BATCH);
    if (Date.now() - this.lagAt > LAG_EVERY_MS) {
      this.lagAt = Date.now();
      this.lag.set(await this.chainer.pendingCount());
    }
    this.restMs = chainerRestMs(linked, BATCH, this.restMs, idleMs);
    return this.restMs;
  }
}
