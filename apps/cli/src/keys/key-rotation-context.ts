import { DataSource } from 'typeorm';
import { AuditEventRepository, dataSourceOptions } from '@dxhub/persistence';
import { cliAuditJournal, cliPiiCipher } from '../admin-context';
import type { CliConfig } from '../cli.config';
import { PiiKeyRotation } from './pii-key-rotation.service';

/** `keys status` and `keys rotate` wired by hand, on a connection of their own. */
export async function withKeyRotation<T>(config: CliConfig, work: (rotation: PiiKeyRotation) => Promise<T>): Promise<T> {
  const { cipher } = cliPiiCipher(config);
  const dataSource = await new DataSource(dataSourceOptions(config.DATABASE_URL, 2)).initialize();
  try {
    return await work(new PiiKeyRotation(dataSource, cipher, cliAuditJournal(config), new AuditEventRepository(dataSource)));
  } finally {
    await dataSource.destroy();
  }
}
