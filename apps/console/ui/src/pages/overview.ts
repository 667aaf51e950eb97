import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { LineChart } from '../chart';
import { CopyId, ErrorNotice, Loading, Notice, StatusBadge, Time } from '../components';
import { count, duration, localTime, percent, STATUS_LABELS, STATUSES, utcTitle } from '../format';
import { link } from '../router';

export interface SourceOverview {
  source: string;
  queueDepth: number;
  inFlight: number;
  lastHour: { calls: number; failures: number; failureRate: number | null };
  perMinute: { at: string; calls: number; failures: number }[];
  circuit: string;
}

export interface Overview {
  generatedAt: string;
  byStatus: Record<string, number>;
  byExchange: { exchangeId: string; total: number; byStatus: Record<string, number> }[];
  oldestOpen: { id: string; status: string; createdAt: string; ageSeconds: number } | null;
  sources: SourceOverview[];
}

/** What needs a person now, most serious first; an empty list means nothing does. */
function attention(o: Overview): { level: 'error' | 'warning'; text: string; href?: string }[] {
  const items: { level: 'error' | 'warning'; text: string; href?: string }[] = [];
  for (const s of o.sources) {
    if (s.circuit === 'open') items.push({ level: 'error', text: `${s.source.toUpperCase()} circuit is open: the hub holds its calls until a probe succeeds.` });
    else if (s.circuit === 'half-open' || s.circuit === 'half_open') items.push({ level: 'warning', text: `${s.source.toUpperCase()} circuit is half-open: a probe call is testing the source.` });
    if (s.lastHour.calls >= 5 && (s.lastHour.failureRate ?? 0) >= 0.2) {
      items.push({ level: 'warning', text: `${s.source.toUpperCase()}: ${percent(s.lastHour.failureRate)} of the last hour's ${count(s.lastHour.calls)} calls failed.`, href: link(`/failed?source=${s.source}`) });
    }
  }
  const failed = o.byStatus.failed ?? 0;
  if (failed) items.push({ level: 'error', text: `${count(failed)} failed transfer${failed === 1 ? '' : 's'} wait for an operator.`, href: link('/failed') });
  if (o.oldestOpen && o.oldestOpen.ageSeconds > 15 * 60) {
    items.push({ level: 'warning', text: `The oldest open verification has waited ${duration(o.oldestOpen.ageSeconds)}.`, href: link(`/verifications/${o.oldestOpen.id}`) });
  }
  return items;
}

function CircuitBadge({ state }: { state: string }) {
  const label = state === 'closed' ? 'Closed (healthy)' : state === 'open' ? 'Open (holding calls)' : 'Half-open (probing)';
  return html`<span class=${`badge circuit-${state.replace('_', '-')}`}>${label}</span>`;
}

export function OverviewPage() {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState<'connecting' | 'live' | 'reconnecting'>('connecting');

  useEffect(() => {
    api<Overview>('GET', '/v1/ops/overview').then(setOverview, setError);
    // Live updates: server-sent events; the browser reconnects by itself after a network break.
    const stream = new EventSource('/v1/ops/stream');
    stream.addEventListener('overview', (event) => {
      setOverview(JSON.parse((event as MessageEvent).data));
      setError(null);
      setLive('live');
    });
    stream.addEventListener('signed-out', () => {
      stream.close();
      void api('GET', '/v1/session').catch(() => undefined); // its 401 takes the page to sign-in
    });
    stream.onerror = () => setLive('reconnecting');
    return () => stream.close();
  }, []);

  if (!overview) return html`<section><h1 tabindex="-1">Overview</h1>${error ? html`<${ErrorNotice} error=${error} action="Could not load the overview" />` : html`<${Loading} what="the overview" />`}</section>`;

  const issues = attention(overview);
  const times = overview.sources[0]?.perMinute.map((m) => Date.parse(m.at) / 1000) ?? [];
  const throughput = overview.sources.map((s) => ({ label: s.source, values: s.perMinute.map((m) => m.calls) }));
  const failureRates = overview.sources.map((s) => ({ label: s.source, values: s.perMinute.map((m) => (m.calls ? (100 * m.failures) / m.calls : null)) }));
  const totalCalls = overview.sources.reduce((sum, s) => sum + s.lastHour.calls, 0);

  return html`<section>
    <div class="page-head">
      <h1 tabindex="-1">Overview</h1>
      <p class=${`live live-${live}`} role="status">
        ${live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Reconnecting…'} · updated${' '}<time datetime=${overview.generatedAt} title=${utcTitle(overview.generatedAt)}>${localTime(overview.generatedAt)}</time>
      </p>
    </div>

    <h2 class="visually-hidden">What needs attention</h2>
    ${issues.length
      ? html`<ul class="attention" aria-label="What needs attention">
          ${issues.map((i) => html`<li class=${`attention-${i.level}`}>${i.href ? html`<a href=${i.href}>${i.text}</a>` : i.text}</li>`)}
        </ul>`
      : html`<${Notice} kind="success">Nothing needs attention: every circuit is closed, no failed transfers, nothing waiting long.<//>`}

    <h2>Verifications by status</h2>
    <ul class="cards">
      ${STATUSES.map(
        (status) => html`<li class=${`card card-${status}`}>
          <span class="card-label">${STATUS_LABELS[status]}</span>
          <span class="card-value">${status === 'failed' && overview.byStatus[status] ? html`<a href=${link('/failed')}>${count(overview.byStatus[status])}</a>` : count(overview.byStatus[status] ?? 0)}</span>
        </li>`,
      )}
      <li class="card">
        <span class="card-label">Oldest open</span>
        <span class="card-value">${overview.oldestOpen ? duration(overview.oldestOpen.ageSeconds) : 'none'}</span>
        ${overview.oldestOpen ? html`<span class="card-note"><${StatusBadge} status=${overview.oldestOpen.status} />${' '}<${CopyId} id=${overview.oldestOpen.id} href=${link(`/verifications/${overview.oldestOpen.id}`)} /></span>` : null}
      </li>
    </ul>

    <h2>Federal sources</h2>
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">Per federal source: circuit, queue, in flight and the last hour</caption>
        <thead><tr><th scope="col">Source</th><th scope="col">Circuit</th><th scope="col" class="num">Queue depth</th><th scope="col" class="num">In flight</th><th scope="col" class="num">Calls, last hour</th><th scope="col" class="num">Failures</th><th scope="col" class="num">Failure rate</th></tr></thead>
        <tbody>
          ${overview.sources.map(
            (s) => html`<tr>
              <th scope="row">${s.source}</th>
              <td><${CircuitBadge} state=${s.circuit} /></td>
              <td class="num">${count(s.queueDepth)}</td>
              <td class="num">${count(s.inFlight)}</td>
              <td class="num">${count(s.lastHour.calls)}</td>
              <td class="num">${s.lastHour.failures ? html`<a href=${link(`/failed?source=${s.source}`)}>${count(s.lastHour.failures)}</a>` : '0'}</td>
              <td class=${`num ${(s.lastHour.failureRate ?? 0) >= 0.2 ? 'bad' : ''}`}>${percent(s.lastHour.failureRate)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>

    <div class="charts">
      <${LineChart} title="Throughput: federal calls per minute, last hour" unit="calls" times=${times} series=${throughput}
        summary=${`${count(totalCalls)} calls in the last hour across ${overview.sources.length} sources.`} />
      <${LineChart} title="Failure rate per minute, last hour" unit="%" times=${times} series=${failureRates}
        summary=${overview.sources.map((s) => `${s.source} ${percent(s.lastHour.failureRate)}`).join(', ')} />
    </div>

    <h2>By exchange</h2>
    ${overview.byExchange.length
      ? html`<div class="table-wrap"><table>
          <caption class="visually-hidden">Verifications per exchange and status</caption>
          <thead><tr><th scope="col">Exchange</th><th scope="col" class="num">Total</th>${STATUSES.map((s) => html`<th scope="col" class="num">${STATUS_LABELS[s]}</th>`)}</tr></thead>
          <tbody>
            ${overview.byExchange.map(
              (e) => html`<tr>
                <th scope="row">${e.exchangeId}</th>
                <td class="num">${count(e.total)}</td>
                ${STATUSES.map((s) => html`<td class="num">${s === 'failed' && e.byStatus[s] ? html`<a href=${link(`/failed?exchangeId=${e.exchangeId}`)}>${count(e.byStatus[s])}</a>` : count(e.byStatus[s] ?? 0)}</td>`)}
              </tr>`,
            )}
          </tbody>
        </table></div>`
      : html`<p class="muted">No verifications yet: once exchanges submit, their counts appear here.</p>`}
    <p class="muted small">Counts as of <${Time} iso=${overview.generatedAt} />; they refresh every few seconds while this page is open.</p>
  </section>`;
}
