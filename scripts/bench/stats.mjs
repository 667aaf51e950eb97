// Percentiles and number formatting for the bench's report.

/** { p50, p95, p99, max } of a list of milliseconds (nearest-rank), or nulls when empty. */
export function percentiles(values) {
  if (!values.length) return { p50: null, p95: null, p99: null, max: null };
  const sorted = Float64Array.from(values).sort();
  const at = (q) => round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(sorted[sorted.length - 1]) };
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
