import type { DataSource } from 'typeorm';
import { opaqueArray, type SqlParams } from '../sql-params';

/** An outbox row as it becomes a queue job (its topic's payload): what the relay claims and a writer publishes. */
export interface OutboxRow {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
}

/**
 * Adds an outbox row's job itself, right after the row committed, instead of waiting for the relay: one hop and
 * two relay statements fewer per verification. Resolves true when the jobs were added, false when not (the
 * relay then takes the rows once their `relay_after` has passed). Provided where intakes happen (the gateway).
 */
export interface OutboxPublisher {
  publish(rows: OutboxRow[]): Promise<boolean>;
}

export const OUTBOX_PUBLISHER = Symbol('OUTBOX_PUBLISHER');

/**
 * How long the relay leaves a row to the writer that publishes it itself: far longer than an add and its mark
 * take, short enough that a verification whose gateway died before its add waits only seconds.
 */
export const WRITER_PUBLISHES_FOR = `interval '5 seconds'`;

/** Marks published rows dispatched after this long alone, when no statement came by to carry the marks. */
const MARK_FLUSH_MS = 50;

const markDispatched = (ids: string) => `UPDATE outbox SET dispatched_at = now() WHERE id = ANY(${opaqueArray(ids, 'bigint')}) AND dispatched_at IS NULL`;

/**
 * The dispatched marks of rows a writer published. They ride on the writer's next statement (`markCte`), which
 * comes within milliseconds under load; alone, they go after MARK_FLUSH_MS. A mark that never lands (a crash,
 * a failed statement) costs one relay of the row after its `relay_after`: re-adding a job id adds nothing, and
 * a transfer job for a verification that moved on does nothing.
 */
export class OutboxMarks {
  private pending: string[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly dataSource: DataSource) {}

  add(ids: string[]): void {
    this.pending.push(...ids);
    this.timer ??= setTimeout(() => void this.flush(), MARK_FLUSH_MS);
  }

  /** A CTE (with its comma) that marks the pending rows, for a statement about to run; `giveBack` them if it fails. */
  markCte(p: SqlParams): { cte: string; ids: string[] } {
    const ids = this.take();
    if (!ids.length) return { cte: '', ids };
    return { cte: `marked AS (${markDispatched(p.add(ids))}),`, ids };
  }

  giveBack(ids: string[]): void {
    if (ids.length) this.add(ids);
  }

  async flush(): Promise<void> {
    const ids = this.take();
    if (!ids.length) return;
    await this.dataSource
      .query(markDispatched('$1'), [ids])
      .catch(() => undefined); // the relay relays them once more (see the class comment)
  }

  private take(): string[] {
    const ids = this.pending;
    this.pending = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return ids;
  }
}
