import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CheckpointStore } from '@dxhub/audit';
import { JOURNAL_SETTINGS, JournalSettings, PARTITION_MONTHS_AHEAD } from './journal-settings';

/** Signed checkpoints, partitions ahead of time, retention: each through one narrow owner-defined function. */
@Injectable()
export class JournalHousekeeping {
  private readonly logger = new Logger(JournalHousekeeping.name);

  constructor(
    private readonly db: DataSource,
    private readonly checkpoints: CheckpointStore,
    @Inject(JOURNAL_SETTINGS) private readonly settings: JournalSettings,
  ) {}

  async checkpoint() {
    const written = await this.checkpoints.write(this.settings.signingKey);
    if (written) this.logger.log({ headSeq: written.headSeq, headPos: written.headPos }, 'signed a journal checkpoint');
    return written;
  }

  async keepPartitionsAndRetention(): Promise<{ created: number; dropped: number }> {
    const [{ created }] = await this.db.query('SELECT audit_ensure_partitions($1) AS created', [PARTITION_MONTHS_AHEAD]);
    const [{ dropped }] = await this.db.query('SELECT audit_apply_retention(make_interval(days => $1)) AS dropped', [this.settings.retentionDays]);
    if (created || dropped) this.logger.log({ created, dropped }, 'journal partitions kept');
    return { created, dropped };
  }
}
