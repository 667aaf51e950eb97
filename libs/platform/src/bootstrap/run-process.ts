import { ConfigError } from '../config/load-config';
import { exitWithMessage } from './fatal';

/** Runs a process's start-up; a configuration or start-up error ends it with one readable line. */
export function runProcess(processName: string, start: () => Promise<unknown>): void {
  start().catch((error: unknown) => {
    if (error instanceof ConfigError) exitWithMessage(processName, `${error.message}. Fix the environment and start again.`);
    // Anything else is a defect: keep the stack for whoever fixes it.
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    exitWithMessage(processName, `failed to start: ${detail}`);
  });
}
