import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { AuditChainer } from '@dxhub/audit';
import { PeriodicTask } from '../periodic-task';
import { JOURNAL_SETTINGS, JournalSettings } from './journal-settings';

const BATCH = 5000;
const LAG_EVERY_MS = 5000;

/**
 * Keeps the hash chain up with the journal for the broker's lifetime: links what is queued, a batch at a time,
 * at once again while batches come full, and rests briefly when they do not. Every broker runs one; the
 * chainer's lock lets one link at a time. With the database away the events wait in audit_pending.
 */
@Injectable()
export class AuditChainerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly lag = new Gauge({ name: 'dxhub_audit_chain_pending', help: 'Journal events written but not linked into the hash chain yet' });
  private readonly loop: PeriodicTask;
  private lagAt = 0;

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
    return linked === BATCH ? 0 : idleMs;
  }
}
