/** Cases remembered at most: the oldest initiation is forgotten first (a long-running simulator stays bounded). */
const MAX_CASES = 100_000;

/**
 * When DHS started a verification step on each case: the only state of the VLP simulation, so that the
 * case resolution can answer "still in process" until the step's delay has passed.
 */
export class CaseInitiations {
  private readonly initiatedAt = new Map<string, number>();

  /** The first initiation counts: initiating again (a retried call) does not restart DHS's work. */
  initiate(caseNumber: string, now: number): void {
    if (this.initiatedAt.has(caseNumber)) return;
    if (this.initiatedAt.size >= MAX_CASES) this.initiatedAt.delete(this.initiatedAt.keys().next().value!);
    this.initiatedAt.set(caseNumber, now);
  }

  when(caseNumber: string): number | undefined {
    return this.initiatedAt.get(caseNumber);
  }
}
