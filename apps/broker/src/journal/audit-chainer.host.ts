import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { AuditChainer } from '@dxhub/audit';
import { JOURNAL_SETTINGS, JournalSettings } from './journal-settings';

const BATCH = 5000;

/**
 * Keeps the hash chain up with the journal for the broker's lifetime: links what is queued, a batch at a time,
 * and rests briefly when nothing is. Every broker runs one; the chainer's lock lets one link at a time.
 */
@Injectable()
export class AuditChainerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuditChainerHost.name);
  private readonly lag = new Gauge({ name: 'dxhub_audit_chain_pending', help: 'Journal events written but not linked into the hash chain yet' });
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly chainer: AuditChainer,
    @Inject(JOURNAL_SETTINGS) private readonly settings: JournalSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    let lastLagAt = 0;
    while (this.running) {
      let linked = 0;
      try {
        linked = await this.chainer.chainBatch(BATCH);
        if (Date.now() - lastLagAt > 5000) {
          lastLagAt = Date.now();
          this.lag.set(await this.chainer.pendingCount());
        }
      } catch (error) {
        // The database is away: the events wait in audit_pending, nothing is lost; try again shortly.
        this.logger.warn({ err: error }, 'audit chainer could not link; retrying');
      }
      if (linked < BATCH) await sleep(this.settings.chainIdleMs);
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
