import { Injectable } from '@nestjs/common';
import { BatchRepository, BatchRow } from '@dxhub/persistence';
import { Principal } from '@dxhub/security';
import { VerificationReader } from '../verifications/verification-reader.service';

/** Lines read per page: one index range scan each, so memory stays flat over 100,000 lines. */
const PAGE = 1000;

/**
 * GET /v1/batches/{id}/results: every line's verification, exactly as GET /v1/verifications/{id} shows it, in
 * input order, as NDJSON. Pages by line number (keyset) and yields as the reply stream drains; each page is
 * shown through the same reader as single reads, so an FTI result leaving the hub is audited here too.
 */
@Injectable()
export class BatchResults {
  constructor(
    private readonly batches: BatchRepository,
    private readonly reader: VerificationReader,
  ) {}

  async *ndjson(principal: Principal, batch: BatchRow, correlationId: string): AsyncGenerator<string> {
    let afterLine = 0;
    for (;;) {
      const rows = await this.batches.linesAfter(batch.id, afterLine, PAGE);
      if (!rows.length) return;
      const resources = await this.reader.show(principal, rows, correlationId);
      yield resources.map((resource) => `${JSON.stringify(resource)}\n`).join('');
      if (rows.length < PAGE) return;
      afterLine = rows[rows.length - 1].batchLine;
    }
  }
}
