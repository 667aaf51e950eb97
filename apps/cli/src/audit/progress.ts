/**
 * Progress for long commands, on stderr (stdout keeps the result): at most one line a second, and the last
 * state again when the work ends.
 */
export function throttledProgress<T>(describe: (state: T) => string, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {
  let lastAt = 0;
  let last: T | undefined;
  const report = (state: T) => {
    last = state;
    if (Date.now() - lastAt < 1000) return;
    lastAt = Date.now();
    write(describe(state));
  };
  report.finish = () => {
    if (last !== undefined) write(`${describe(last)} - done`);
  };
  return report;
}
