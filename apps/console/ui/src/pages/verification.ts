import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { CopyId, Empty, ErrorNotice, Field, Loading, Notice, ReasonDialog, StatusBadge, Time } from '../components';
import { localInputToIso, SERVICES, STATUS_LABELS, STATUSES } from '../format';
import { link, navigate } from '../router';
import type { AttemptEntry, TimelineEntry } from '../../../src/operations/timeline-entry';

interface OpsVerification {
  id: string;
  exchangeId: string;
  service: string;
  status: string;
  reference: string | null;
  subject: { ssnLast4: string | null };
  outcome: string | null;
  result: Record<string, unknown> | null;
  error: { code: string; message: string; source: string; attempts: number } | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  fti: boolean;
  timeline?: TimelineEntry[];
}

const OPEN = ['queued', 'in_progress', 'awaiting_federal'];

// What each journal event means for the verification, in an operator's words.
const EVENT_LABELS: Record<string, string> = {
  'verification.received': 'Received from the exchange (queued)',
  'federal.request': 'Request sent to the federal source',
  'federal.response': 'Federal answer recorded',
  'verification.completed': 'Completed',
  'verification.failed': 'Failed',
  'operator.action': 'Operator action (retry or cancel; reason in the audit journal)',
  'delivery.attempt': 'Result delivery to the exchange attempted (webhook)',
  'fti.read': 'Federal Tax Information read by its exchange',
  'audit.read': 'Read by an auditor',
  'admin.action': 'Administrator action',
};

const maskedSsn = (last4: string | null) => (last4 ? `***-**-${last4}` : '—');

export function VerificationPage({ id }: { id: string }) {
  const [v, setV] = useState<OpsVerification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<null | 'retry' | 'cancel'>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      api<OpsVerification>('GET', `/v1/ops/verifications/${encodeURIComponent(id)}`).then(
        (loaded) => {
          if (!current) return;
          setV(loaded);
          setError(null);
          // While it is on its way, follow it: the page updates until it completes, fails or is cancelled.
          if (OPEN.includes(loaded.status)) timer = setTimeout(load, 2000);
        },
        (e) => current && setError(e),
      );
    void load();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [id, reload]);

  const act = async (action: 'retry' | 'cancel', reason: string) => {
    try {
      const moved = await api<OpsVerification>('POST', `/v1/ops/verifications/${encodeURIComponent(id)}/${action}`, { reason });
      setResult({ ok: true, text: action === 'retry' ? `Re-driven: now ${STATUS_LABELS[moved.status] ?? moved.status}. This page follows it until it ends.` : 'Cancelled.' });
    } catch (e) {
      setResult({ ok: false, text: e instanceof ApiError ? e.describe() : String(e) });
    }
    setDialog(null);
    setReload((n) => n + 1);
  };

  if (!v) {
    return html`<section><h1 tabindex="-1">Verification <span class="mono">${id}</span></h1>
      ${error
        ? error instanceof ApiError && error.status === 404
          ? html`<${Empty} title="No verification has this id.">Check the id, or <a href=${link('/verifications')}>search by reference</a>.<//>`
          : html`<${ErrorNotice} error=${error} action="Could not load the verification" />`
        : html`<${Loading} what="the verification" />`}</section>`;
  }

  const timeline = v.timeline ?? [];
  const lastAttempt = [...timeline].reverse().find((e): e is AttemptEntry => e.type === 'federal.attempt');
  return html`<section>
    <p class="breadcrumb"><a href=${link('/failed')}>Failed transfers</a> › Verification</p>
    <div class="page-head">
      <h1 tabindex="-1">Verification <${CopyId} id=${v.id} /></h1>
      <${StatusBadge} status=${v.status} />
    </div>
    ${result ? html`<${Notice} kind=${result.ok ? 'success' : 'error'}>${result.text}<//>` : null}
    ${error ? html`<${ErrorNotice} error=${error} action="Could not refresh" />` : null}

    ${v.status === 'failed' && v.error
      ? html`<div class="why" role="region" aria-labelledby="why-title">
          <h2 id="why-title">Why it failed</h2>
          <p><span class="mono big">${v.error.code}</span>${' '}from <strong>${v.error.source}</strong> after ${v.error.attempts} attempt${v.error.attempts === 1 ? '' : 's'}</p>
          <p>${v.error.message}</p>
          ${explain(v.error.code)}
          ${lastAttempt ? html`<p class="small muted">Last federal call: attempt ${lastAttempt.attemptNo}, HTTP ${lastAttempt.httpStatus ?? 'no answer'}, code ${lastAttempt.responseCode ?? '—'}, <${Time} iso=${lastAttempt.startedAt} />.</p>` : null}
        </div>`
      : null}

    <div class="actions">
      ${v.status === 'failed' ? html`<button type="button" class="primary" onClick=${() => setDialog('retry')}>Re-drive</button>` : null}
      ${[...OPEN, 'failed'].includes(v.status) ? html`<button type="button" class="danger" onClick=${() => setDialog('cancel')}>Cancel</button>` : null}
      ${OPEN.includes(v.status) ? html`<span class="muted" role="status">On its way: this page refreshes every 2 seconds.</span>` : null}
    </div>

    <dl class="facts">
      <dt>Exchange</dt><dd>${v.exchangeId}</dd>
      <dt>Service</dt><dd>${v.service}</dd>
      <dt>Reference</dt><dd>${v.reference ?? '—'}</dd>
      <dt>Subject SSN</dt><dd class="mono" title="Only the last four digits are ever shown">${maskedSsn(v.subject.ssnLast4)}</dd>
      <dt>Attempts</dt><dd>${v.attempts}</dd>
      <dt>Outcome</dt><dd>${v.outcome ?? '—'}</dd>
      <dt>Received</dt><dd><${Time} iso=${v.createdAt} /></dd>
      <dt>Last change</dt><dd><${Time} iso=${v.updatedAt} /></dd>
      <dt>Finished</dt><dd><${Time} iso=${v.completedAt} /></dd>
    </dl>
    ${v.fti ? html`<${Notice} kind="info">This result is Federal Tax Information: it is withheld from staff (IRS Publication 1075).<//>` : null}
    ${v.result ? html`<details><summary>Federal result</summary><pre class="json">${JSON.stringify(v.result, null, 2)}</pre></details>` : null}

    <h2>Timeline</h2>
    ${timeline.length
      ? html`<ol class="timeline">
          ${timeline.map((e) =>
            e.type === 'federal.attempt'
              ? html`<li class=${`t-attempt t-${e.result ?? 'pending'}`}>
                  <${Time} iso=${e.at} />
                  <strong>Federal ${e.kind === 'poll' ? 'poll' : 'call'}, attempt ${e.attemptNo}</strong>${': '}
                  ${e.finishedAt ? html`HTTP ${e.httpStatus ?? '—'}, code <span class="mono">${e.responseCode ?? '—'}</span>, ${resultLabel(e.result)}` : 'no answer yet'}
                  ${e.finishedAt ? html` <span class="muted">(${Math.max(0, Date.parse(e.finishedAt) - Date.parse(e.startedAt))} ms)</span>` : null}
                  ${e.error ? html`<div class="small error-text">${e.error}</div>` : null}
                  <div class="small muted">messageID <span class="mono">${e.messageId}</span></div>
                </li>`
              : html`<li class=${`t-event t-${e.kind.replace('.', '-')}`}>
                  <${Time} iso=${e.at} />
                  <strong>${EVENT_LABELS[e.kind] ?? e.kind}</strong>
                  ${' '}<span class="small muted">by <span class="mono">${e.actor}</span> · journal #${e.seq}</span>
                </li>`,
          )}
        </ol>`
      : html`<p class="muted">No events recorded yet.</p>`}

    ${dialog === 'retry'
      ? html`<${ReasonDialog} title="Re-drive this verification" confirmLabel="Re-drive"
          description=${html`<p>It goes back to the ${v.error?.source ?? ''} queue with the same id and history.</p>`}
          onConfirm=${(r: string) => act('retry', r)} onClose=${() => setDialog(null)} />`
      : null}
    ${dialog === 'cancel'
      ? html`<${ReasonDialog} title="Cancel this verification" confirmLabel="Cancel it" danger=${true}
          description=${html`<p>Cancelling is final; the exchange must submit again if it still needs an answer.</p>`}
          onConfirm=${(r: string) => act('cancel', r)} onClose=${() => setDialog(null)} />`
      : null}
  </section>`;
}

function resultLabel(result: string | null): string {
  return result === 'success' ? 'answered' : result === 'retryable' ? 'failed, retryable' : result === 'permanent' ? 'rejected (permanent)' : 'pending';
}

/** A line of advice for the federal codes operators meet most. */
function explain(code: string) {
  const advice: Record<string, string> = {
    HX005001: 'The trusted data source was down. Re-drive once the source is healthy again (its circuit is closed on the overview).',
    HX009000: 'The federal Hub itself failed. Re-drive when it answers again.',
    HE007000: "The federal Hub rejected the request's content (schema validation). Re-driving sends the same request: the exchange usually has to correct and resubmit.",
    TIMEOUT: 'The source did not answer in time. Re-drive once it is responsive.',
    WEBHOOK_DELIVERY_FAILED: "The exchange's webhook did not accept the result. Check the exchange's endpoint, then re-drive the delivery.",
  };
  return advice[code] ? html`<p class="advice">${advice[code]}</p>` : null;
}

interface SearchResult {
  data: OpsVerification[];
  nextCursor: string | null;
}

/** Find a verification: by id at once, or search by reference, exchange, status, service, dates or SSN (never put in a URL). */
export function VerificationSearchPage() {
  const [results, setResults] = useState<SearchResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    const id = value('id');
    if (id) return navigate(`/verifications/${id}`);
    setBusy(true);
    setError(null);
    try {
      const body = Object.fromEntries(
        Object.entries({
          reference: value('reference'),
          exchangeId: value('exchangeId'),
          status: value('status'),
          service: value('service'),
          ssn: value('ssn'),
          createdAfter: localInputToIso(value('createdAfter') ?? ''),
          limit: 50,
        }).filter(([, v]) => v !== undefined),
      );
      setResults(await api<SearchResult>('POST', '/v1/ops/verifications/search', body));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return html`<section>
    <h1 tabindex="-1">Find a verification</h1>
    <p class="lead">An applicant calls: "where is my verification?" Search across exchanges. Every search is recorded in the audit journal.</p>
    <form class="filters" onSubmit=${submit} aria-label="Search verifications">
      <${Field} id="s-id" label="Verification id" hint="Opens it directly"><input id="s-id" name="id" placeholder="ver_…" class="mono" /><//>
      <${Field} id="s-ref" label="Reference"><input id="s-ref" name="reference" /><//>
      <${Field} id="s-ex" label="Exchange"><input id="s-ex" name="exchangeId" /><//>
      <${Field} id="s-status" label="Status"><select id="s-status" name="status"><option value="">any</option>${STATUSES.map((s) => html`<option value=${s}>${STATUS_LABELS[s]}</option>`)}</select><//>
      <${Field} id="s-service" label="Service"><select id="s-service" name="service"><option value="">any</option>${SERVICES.map((s) => html`<option value=${s}>${s}</option>`)}</select><//>
      <${Field} id="s-ssn" label="SSN" hint="Matched through the blind index; never stored in the journal"><input id="s-ssn" name="ssn" type="password" autocomplete="off" inputmode="numeric" /><//>
      <${Field} id="s-after" label="Received after (your time)"><input id="s-after" name="createdAfter" type="datetime-local" /><//>
      <div class="actions"><button type="submit" class="primary" disabled=${busy}>${busy ? 'Searching…' : 'Search'}</button></div>
    </form>
    ${error ? html`<${ErrorNotice} error=${error} action="Search failed" />` : null}
    ${results
      ? results.data.length
        ? html`<div class="table-wrap"><table class="data">
            <caption class="visually-hidden">Search results, newest first</caption>
            <thead><tr><th scope="col">Verification</th><th scope="col">Status</th><th scope="col">Exchange</th><th scope="col">Service</th><th scope="col">Reference</th><th scope="col">SSN</th><th scope="col">Received</th></tr></thead>
            <tbody>${results.data.map(
              (r) => html`<tr>
                <td><${CopyId} id=${r.id} href=${link(`/verifications/${r.id}`)} /></td>
                <td><${StatusBadge} status=${r.status} /></td>
                <td>${r.exchangeId}</td><td>${r.service}</td><td>${r.reference ?? '—'}</td>
                <td class="mono">${maskedSsn(r.subject.ssnLast4)}</td>
                <td><${Time} iso=${r.createdAt} /></td>
              </tr>`,
            )}</tbody>
          </table></div>
          ${results.nextCursor ? html`<p class="muted">Showing the newest 50; narrow the search to see others.</p>` : null}`
        : html`<${Empty} title="No verification matches.">Check the reference or widen the search.<//>`
      : null}
  </section>`;
}
