import type { RotationProgress } from './pii-key-rotation.service';

/** Progress lines for stderr (stdout keeps the JSON summary): at most one a second per column, plus each column's last. */
export function rotationProgressPrinter(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {
  let lastAt = 0;
  return (p: RotationProgress) => {
    const now = Date.now();
    if (!p.finished && now - lastAt < 1000) return;
    lastAt = now;
    const skipped = p.skipped ? `, ${p.skipped} changed meanwhile (left as written)` : '';
    write(`${p.column}: ${p.done}/${p.total} re-encrypted${skipped} (${p.perSecond}/s)${p.finished ? ' done' : ''}`);
  };
}
