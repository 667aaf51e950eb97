import { createHmac, randomBytes } from 'node:crypto';
import { Clock } from '../runtime/clock';
import { RidpPrimaryRequest } from './ridp.types';

/** What the simulated Experian keeps of one proofing transaction, for the legs that follow the primary. */
export interface RidpTransaction {
  hubReferenceNumber: string;
  /** Set when questions were asked (RF2): the secondary leg must name it. */
  sessionIdentification?: string;
  /** How many choices each asked question offers, in question order (empty when none were asked). */
  choiceCounts: number[];
  /** The call centre's decision, should the person be referred to it (FARS). */
  farsDecision: 'ACC' | 'RF4';
  /** For the lastName fault triggers of the legs that carry no name. */
  surname: string;
  issuedAt: number;
}

/** Enough for any load test; past it the oldest transactions are forgotten (as an expired session is). */
const MAX_TRANSACTIONS = 100_000;

/**
 * The proofing transactions the primary leg issued, by hub reference number: the secondary leg answers
 * their questions until the session times out, FARS gives the call centre's decision on them. Kept in
 * memory, as a session store is: a restarted simulator knows none (HE200041 / HE200006).
 */
export class RidpTransactions {
  private readonly byReference = new Map<string, RidpTransaction>();
  // Ids are keyed digests of the request, so the same request gets the same ids (replays compare equal)
  // without the ids giving away a hash of the SSN that anyone could reverse by trying them all.
  private readonly idKey = randomBytes(32);

  constructor(
    private readonly clock: Clock,
    private readonly sessionTtlMs: number,
    private readonly capacity = MAX_TRANSACTIONS,
  ) {}

  /** The hub reference number and session id of a primary request: the same request, the same ids. */
  idsFor(primary: RidpPrimaryRequest): { hubReferenceNumber: string; sessionIdentification: string } {
    const hex = createHmac('sha256', this.idKey).update(JSON.stringify(primary)).digest('hex').toUpperCase();
    return { hubReferenceNumber: `HRN${hex.slice(0, 24)}`, sessionIdentification: `${hex.slice(24, 56)}.pidd1v` };
  }

  /** Records a primary answer; its session starts now (again, when the same request comes back). */
  issue(transaction: Omit<RidpTransaction, 'issuedAt'>): RidpTransaction {
    const issued = { ...transaction, issuedAt: this.clock.now() };
    // Re-inserted at the end, so that the first key is always the oldest.
    this.byReference.delete(issued.hubReferenceNumber);
    this.byReference.set(issued.hubReferenceNumber, issued);
    if (this.byReference.size > this.capacity) this.byReference.delete(this.byReference.keys().next().value!);
    return issued;
  }

  find(hubReferenceNumber: string): RidpTransaction | undefined {
    return this.byReference.get(hubReferenceNumber);
  }

  /** The transaction whose questions this session asked, expired or not; undefined for an unknown pair. */
  session(sessionIdentification: string, hubReferenceNumber: string): RidpTransaction | undefined {
    const transaction = this.find(hubReferenceNumber);
    return transaction?.sessionIdentification === sessionIdentification ? transaction : undefined;
  }

  /** A session can be answered for `sessionTtlMs` after it was issued, and no longer. */
  expired(transaction: RidpTransaction): boolean {
    return this.clock.now() - transaction.issuedAt >= this.sessionTtlMs;
  }
}
