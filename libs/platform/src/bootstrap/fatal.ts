/** Ends the process with one readable line instead of a stack trace (start-up failures people must act on). */
export function exitWithMessage(processName: string, message: string): never {
  process.stderr.write(`dxhub ${processName}: ${message}\n`);
  process.exit(1);
}

/** Hides the password of a connection URL before it is printed. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
