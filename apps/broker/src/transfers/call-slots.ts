/**
 * At most `size` federal calls of one source in flight at once; the others wait their turn, in order. A
 * verification's job holds one call, but an intake chunk's job carries up to 25 (INTAKE_CHUNK_LINES): without
 * the slots, FEDERAL_CONCURRENCY chunk jobs would put 25 times as many calls on the federal Hub at once.
 */
export class CallSlots {
  private inUse = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.inUse < this.size) this.inUse++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the slot is handed over as it is
    try {
      return await call();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.inUse--;
    }
  }
}
