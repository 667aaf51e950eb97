import { Injectable } from '@nestjs/common';
import { KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { rawPublicKey } from '../audit-keys';
import { Checkpoint, signCheckpoint } from './checkpoint';

const COLUMNS = `id::text AS id, at, head_pos::text AS "headPos", head_seq::text AS "headSeq", head_hash AS "headHash",
                 public_key AS "publicKey", signature`;

type CheckpointRow = Omit<Checkpoint, 'at'> & { at: Date };
const present = (row: CheckpointRow): Checkpoint => ({ ...row, at: row.at.toISOString() });

/** Signed chain heads: written by the broker every minute, read by verifiers and exported to be held elsewhere. */
@Injectable()
export class CheckpointStore {
  constructor(private readonly db: DataSource) {}

  /** Signs the current chain head, unless it has not moved since the last checkpoint. */
  async write(signingKey: KeyObject): Promise<Checkpoint | null> {
    const [head]: { pos: string; seq: string; hash: string }[] = await this.db.query(
      'SELECT pos::text AS pos, seq::text AS seq, hash FROM audit_chain ORDER BY audit_chain.pos DESC LIMIT 1',
    );
    if (!head) return null;
    const [last]: { headPos: string }[] = await this.db.query('SELECT head_pos::text AS "headPos" FROM audit_checkpoints ORDER BY audit_checkpoints.id DESC LIMIT 1');
    if (last?.headPos === head.pos) return null;
    // Millisecond precision: what PostgreSQL stores and gives back, so the signed text can be rebuilt from the row.
    const at = new Date().toISOString();
    const fields = { at, headPos: head.pos, headSeq: head.seq, headHash: head.hash };
    const [row]: CheckpointRow[] = await this.db.query(
      `INSERT INTO audit_checkpoints (at, head_pos, head_seq, head_hash, public_key, signature) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [at, head.pos, head.seq, head.hash, rawPublicKey(signingKey), signCheckpoint(fields, signingKey)],
    );
    return present(row);
  }

  /** Checkpoints whose head lies in [fromSeq, toSeq], oldest first. */
  async inRange(fromSeq: string, toSeq: string): Promise<Checkpoint[]> {
    const rows: CheckpointRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM audit_checkpoints WHERE head_seq BETWEEN $1 AND $2 ORDER BY audit_checkpoints.id`,
      [fromSeq, toSeq],
    );
    return rows.map(present);
  }

  async all(): Promise<Checkpoint[]> {
    const rows: CheckpointRow[] = await this.db.query(`SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY audit_checkpoints.id`);
    return rows.map(present);
  }
}
