// Timestamps are shown in the viewer's time zone; the exact UTC instant is in the title (hover) and datetime.

const dateTime = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const numbers = new Intl.NumberFormat();

export const localDateTime = (iso: string) => dateTime.format(new Date(iso));
export const localTime = (iso: string) => timeOnly.format(new Date(iso));
export const utcTitle = (iso: string) => `UTC: ${new Date(iso).toISOString().replace('T', ' ').replace('Z', '')}`;
export const count = (n: number) => numbers.format(n);
export const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(rate > 0 && rate < 0.01 ? 2 : 1)} %`);

/** "3 h 12 min", "45 s": an age a person reads at a glance. */
export function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  return `${Math.floor(seconds / 86_400)} d ${Math.floor((seconds % 86_400) / 3600)} h`;
}

/** A datetime-local input's value (the viewer's zone) as ISO 8601 UTC, or undefined when empty. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export const STATUS_LABELS: Record<string, string> = {
  queued: 'Queued',
  in_progress: 'In progress',
  awaiting_federal: 'Awaiting federal answer',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
export const STATUSES = Object.keys(STATUS_LABELS);

// The catalogue (libs/contracts) as the filters offer it; the API validates, so a stale list only hides a choice.
export const SERVICES = ['ssa-composite', 'vlp-step1', 'vlp-step2', 'vlp-step3', 'vlp-close-case', 'ifsv', 'vci', 'esi-mec', 'non-esi-mec', 'ridp-primary', 'ridp-secondary', 'fars'];
export const SOURCES = ['ssa', 'dhs', 'irs', 'equifax', 'opm', 'cms-mec', 'experian', 'webhook'];
