// Percentiles and number formatting for the bench's report.

/** { p50, p95, p99, max } of a list of milliseconds (nearest-rank), or nulls when empty. */
export function percentiles(values) {
  if (!values.length) return { p50: null, p95: null, p99: null, max: null };
  const sorted = Float64Array.from(values).sort();
  const at = (q) => round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(sorted[sorted.length - 1]) };
}

/**
 * The p99 of each whole second (by the time `at` gives), summarized as { best, median, worst, seconds }: a
 * tail spread evenly over the run and one made by a few bad seconds (stalls) look alike in the overall p99.
 */
export function secondlyP99(items, at, latency) {
  const bySecond = new Map();
  for (const item of items) {
    const second = Math.floor(at(item) / 1000);
    if (!bySecond.has(second)) bySecond.set(second, []);
    bySecond.get(second).push(latency(item));
  }
  // The first and last seconds are partial: fewer requests, so their p99 says little.
  const whole = [...bySecond.keys()].sort((a, b) => a - b).slice(1, -1);
  const sorted = whole.map((second) => percentiles(bySecond.get(second)).p99).sort((a, b) => a - b);
  if (!sorted.length) return { best: null, median: null, worst: null, seconds: 0 };
  return { best: sorted[0], median: sorted[Math.floor(sorted.length / 2)], worst: sorted[sorted.length - 1], seconds: sorted.length };
}

export const round = (value, digits = 1) => (value === null || value === undefined || Number.isNaN(value) ? null : Number(value.toFixed(digits)));

export const perSecond = (count, ms) => (ms > 0 ? Math.round((count * 1000) / ms) : null);

/** A fixed-width text table: rows of cells, the first row the header. */
export function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column] ?? '').length)));
  return rows
    .map((row, index) => {
      const line = row.map((cell, column) => (column === 0 ? String(cell ?? '').padEnd(widths[column]) : String(cell ?? '').padStart(widths[column]))).join('  ');
      return index === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}
