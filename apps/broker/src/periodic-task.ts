import { Logger } from '@nestjs/common';

/**
 * Runs `task` every `everyMs` (or after the delay the task returns), never two at once, until stopped; `stop`
 * waits for a run in progress. An error is logged and the next run comes as usual (the task's state lives in
 * PostgreSQL, so the next run picks it up).
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly everyMs: number,
    private readonly task: () => Promise<number | void>,
    private readonly logger = new Logger(name),
  ) {}

  start(): void {
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs = this.everyMs): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      let next: number | void = undefined;
      this.running = this.task()
        .then((delay) => void (next = delay))
        .catch((error: unknown) => this.logger.error({ err: error }, `${this.name} failed; will run again`))
        .finally(() => this.schedule(next ?? this.everyMs));
    }, delayMs);
  }
}
