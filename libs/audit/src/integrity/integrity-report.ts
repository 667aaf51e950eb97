/** GET /v1/audit/integrity's answer (CONTRACT: Audit). */
export type IntegrityReport =
  | {
      ok: true;
      /** Events checked (seal, chain link and place in the chain). */
      checked: number;
      /** The newest linked event in the range, and its link hash: note them, they prove this state later. */
      headSeq: string | null;
      headHash: string | null;
      fromSeq: string;
      toSeq: string;
      /** Events written but not linked yet (seals checked); the chainer links them within a second. */
      pending: number;
      /** Signed checkpoints in the range that the chain was checked against. */
      checkpoints: number;
    }
  | {
      ok: false;
      firstBadSeq: string;
      reason: string;
      checked: number;
      fromSeq: string;
      toSeq: string;
    };

export interface IntegrityProgress {
  checked: number;
  /** Sequence numbers covered so far, of the range's span. */
  done: number;
  span: number;
}
