import { Injectable } from '@nestjs/common';
import { AuditEventFilter, AuditEventRepository, AuditEventView, AuditEventWithMessage } from '@dxhub/persistence';
import { AuditJournal } from '../audit-journal';
import { redactMessage } from './message-redaction';

export const EXPORT_FORMATS = ['ndjson', 'json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  ndjson: 'application/x-ndjson',
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
};

const PAGE = 1000;
const CSV_COLUMNS = ['seq', 'at', 'kind', 'exchangeId', 'verificationId', 'actor', 'correlationId', 'digest', 'prevHash', 'hash', 'fti', 'meta', 'message'] as const;

export type ExportedEvent = Omit<AuditEventView, 'at'> & {
  at: string;
  correlationId: string | null;
  meta: unknown;
  /** Redacted (structure and codes only), or in full in a privileged export. */
  message: unknown;
};

/**
 * Streams journal events with their messages as NDJSON, a JSON array or CSV, page by page (memory stays flat
 * over millions of events). Messages are redacted unless the export is privileged; the caller journals the
 * export itself.
 */
@Injectable()
export class JournalExport {
  constructor(
    private readonly events: AuditEventRepository,
    private readonly journal: AuditJournal,
  ) {}

  async *events$(filter: AuditEventFilter, privileged: boolean): AsyncGenerator<ExportedEvent> {
    let afterSeq = filter.afterSeq;
    for (;;) {
      const { rows, hasMore } = await this.events.queryWithMessages({ ...filter, afterSeq }, PAGE);
      for (const row of rows) yield this.present(row, privileged);
      if (!hasMore) return;
      afterSeq = rows[rows.length - 1].seq;
    }
  }

  async *lines(filter: AuditEventFilter, format: ExportFormat, privileged: boolean): AsyncGenerator<string> {
    if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
    if (format === 'json') yield '[';
    let first = true;
    for await (const event of this.events$(filter, privileged)) {
      if (format === 'csv') yield `${CSV_COLUMNS.map((c) => csvCell(event[c])).join(',')}\r\n`;
      else if (format === 'json') yield `${first ? '\n' : ',\n'}${JSON.stringify(event)}`;
      else yield `${JSON.stringify(event)}\n`;
      first = false;
    }
    if (format === 'json') yield '\n]\n';
  }

  private present(row: AuditEventWithMessage, privileged: boolean): ExportedEvent {
    const text = this.journal.readMessage(row.messageEnc);
    return {
      seq: row.seq,
      at: row.at.toISOString(),
      kind: row.kind,
      exchangeId: row.exchangeId,
      verificationId: row.verificationId,
      actor: row.actor,
      correlationId: row.correlationId,
      digest: row.digest,
      prevHash: row.prevHash,
      hash: row.hash,
      fti: row.fti,
      meta: row.meta ? JSON.parse(row.meta) : null,
      message: privileged ? parseOrText(text) : redactMessage(text),
    };
  }
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** RFC 4180 quoting, and no spreadsheet formulas: a cell starting with = + - @ is prefixed with a quote. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
