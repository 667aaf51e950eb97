import { Injectable } from '@nestjs/common';
import { AuditEventRepository } from '@dxhub/persistence';
import { AuditJournal } from '../audit-journal';
import { redactMessage } from '../export/message-redaction';

export interface JournalTimelineEntry {
  seq: string;
  at: string;
  kind: string;
  actor: string;
  /** The verification's state from this event on, where the event moves it. */
  state: string | null;
  /** What the event says, without personal data (codes, statuses, actions). */
  detail: Record<string, unknown>;
  /** The link hash: null for an event not linked yet. */
  hash: string | null;
}

const MAX_EVENTS = 5000;

/** An operator's action, as its message records it, to the state it leaves the verification in. */
const ACTION_STATES: Record<string, string> = { retry: 'queued', cancel: 'cancelled', 'fail-past-deadline': 'failed' };

/**
 * A verification's life rebuilt from the journal alone (not from the verifications table): every message and
 * action in sequence order, each with the state it led to. This is what an auditor compares the live record with.
 */
@Injectable()
export class JournalTimeline {
  constructor(
    private readonly events: AuditEventRepository,
    private readonly journal: AuditJournal,
  ) {}

  async of(verificationId: string): Promise<JournalTimelineEntry[]> {
    const { rows } = await this.events.queryWithMessages({ verificationId }, MAX_EVENTS);
    // In the order things happened: events written by one statement (a federal answer and the completion it
    // causes) may take their sequence numbers in either order, but each carries its writer's clock.
    rows.sort((a, b) => a.at.getTime() - b.at.getTime() || Number(BigInt(a.seq) - BigInt(b.seq)));
    return rows.map((row) => {
      const message = redactMessage(this.journal.readMessage(row.messageEnc));
      const meta = row.meta ? (JSON.parse(row.meta) as Record<string, unknown>) : {};
      const detail = { ...meta, ...(isRecord(message) ? pickFacts(message) : { message }) };
      return { seq: row.seq, at: row.at.toISOString(), kind: row.kind, actor: row.actor, state: stateAfter(row.kind, detail), detail, hash: row.hash };
    });
  }
}

function stateAfter(kind: string, detail: Record<string, unknown>): string | null {
  switch (kind) {
    case 'verification.received':
      return 'queued';
    case 'federal.request':
      return detail.poll ? 'awaiting_federal' : 'in_progress';
    case 'verification.completed':
      return 'completed';
    case 'verification.failed':
      return 'failed';
    case 'operator.action':
      return ACTION_STATES[String(detail.action)] ?? null;
    default:
      return null;
  }
}

/** The top-level facts of a redacted message, and any response codes found deeper. */
function pickFacts(message: Record<string, unknown>): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message)) if (value !== '[redacted]' && (typeof value !== 'object' || value === null)) facts[key] = value;
  const codes = [...new Set(collectCodes(message))];
  if (codes.length && !facts.responseCode) facts.responseCode = codes.length === 1 ? codes[0] : codes;
  return facts;
}

function collectCodes(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(collectCodes);
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'responseCode' && typeof v === 'string' ? [v] : collectCodes(v)));
}

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);
