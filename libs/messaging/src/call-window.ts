/**
 * The outcomes of recent calls, oldest first, kept in a ring of typed arrays: adding one and forgetting the
 * oldest cost O(1) each and allocate nothing. An array of `{ at, failed }` objects shifted from its front cost
 * the broker 2 % of its time at 300 calls a second and 6.7 % while the 20,000 calls of a burst left the window
 * (a `shift` on a large array moves every element), and kept every call in the window alive for the old
 * generation's collector (docs/scaling.md, fifteenth session).
 */
export class CallWindow {
  private at = new Float64Array(64);
  private failed = new Uint8Array(64);
  private head = 0;
  private size = 0;
  private failedCount = 0;

  /** Calls in the window. */
  get calls(): number {
    return this.size;
  }

  /** How many of them failed. */
  get failures(): number {
    return this.failedCount;
  }

  add(at: number, failed: boolean): void {
    if (this.size === this.at.length) this.grow();
    const tail = (this.head + this.size) % this.at.length;
    this.at[tail] = at;
    this.failed[tail] = failed ? 1 : 0;
    this.size++;
    if (failed) this.failedCount++;
  }

  /** Forgets the calls made at or before `cutoff`. */
  forgetUpTo(cutoff: number): void {
    while (this.size > 0 && this.at[this.head] <= cutoff) {
      this.failedCount -= this.failed[this.head];
      this.head = (this.head + 1) % this.at.length;
      this.size--;
    }
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
    this.failedCount = 0;
  }

  /** Twice the room, oldest first again: the ring only grows to the most calls a window has held. */
  private grow(): void {
    const capacity = this.at.length * 2;
    const at = new Float64Array(capacity);
    const failed = new Uint8Array(capacity);
    for (let i = 0; i < this.size; i++) {
      const from = (this.head + i) % this.at.length;
      at[i] = this.at[from];
      failed[i] = this.failed[from];
    }
    this.at = at;
    this.failed = failed;
    this.head = 0;
  }
}
