import { ConfigError } from '../config/load-config';
import { exitWithMessage } from './fatal';

/** Runs a process's start-up; a configuration or start-up error ends it with one readable line. */
export function runProcess(processName: string, start: () => Promise<unknown>): void {
  start().catch((error: unknown) => {
    if (error instanceof ConfigError) exitWithMessage(processName, `${error.message}. Fix the environment and start again.`);
    const message = error instanceof Error ? error.message : String(error);
    exitWithMessage(processName, `failed to start: ${message}`);
  });
}
