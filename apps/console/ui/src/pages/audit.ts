import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, download, query } from '../api';
import { CopyId, Empty, ErrorNotice, Field, Loading, Notice, Time } from '../components';
import { count, localInputToIso, SERVICES } from '../format';

interface AuditEvent {
  seq: string | number;
  at: string;
  kind: string;
  exchangeId: string | null;
  verificationId: string | null;
  actor: string;
  digest: string;
  prevHash: string | null;
  hash: string | null;
}
type Integrity = { ok: true; checked: number; headSeq: string | number; headHash: string } | { ok: false; firstBadSeq: string | number; reason: string };
interface Replay {
  status: string;
  total: number;
  matched: number;
  mismatched: number;
  diffs: { verificationId: string; field: string; recorded: unknown; replayed: unknown }[];
}

const KINDS = ['verification.received', 'federal.request', 'federal.response', 'delivery.attempt', 'verification.completed', 'verification.failed', 'operator.action', 'admin.action', 'audit.read', 'fti.read', 'staff.session'];
const short = (hash: string | null) => (hash ? `${hash.slice(0, 12)}…` : '—');
const formValues = (event: Event) => {
  const form = new FormData(event.target as HTMLFormElement);
  return (name: string) => String(form.get(name) ?? '').trim() || undefined;
};

/** The auditors' page: search the journal, check its hash chain, replay recorded federal requests, export. */
export function AuditPage() {
  const [filter, setFilter] = useState<Record<string, string | undefined>>({});
  return html`<section>
    <h1 tabindex="-1">Audit journal</h1>
    <p class="lead">Every message that crossed a boundary and every staff action, hash-chained. Reading it is itself recorded.</p>
    <${EventSearch} onFilter=${setFilter} />
    <${IntegrityCheck} />
    <${ReplayPanel} />
    <${ExportPanel} filter=${filter} />
  </section>`;
}

function EventSearch({ onFilter }: { onFilter: (f: Record<string, string | undefined>) => void }) {
  const [filter, setFilter] = useState<Record<string, string | undefined>>({});
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = async (f: Record<string, string | undefined>, cursor?: string) => {
    setBusy(true);
    setError(null);
    try {
      const page = await api<{ data: AuditEvent[]; nextCursor: string | number | null }>('GET', `/v1/audit/events${query({ ...f, limit: 100, cursor })}`);
      setEvents((previous) => (cursor ? [...(previous ?? []), ...page.data] : page.data));
      setNext(page.nextCursor === null || page.nextCursor === undefined ? null : String(page.nextCursor));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => void load({}), []);

  const submit = (event: Event) => {
    event.preventDefault();
    const value = formValues(event);
    const f = { verificationId: value('verificationId'), exchangeId: value('exchangeId'), kind: value('kind'), from: localInputToIso(value('from') ?? ''), to: localInputToIso(value('to') ?? '') };
    setFilter(f);
    onFilter(f);
    void load(f);
  };

  return html`<section aria-labelledby="events-title">
    <h2 id="events-title">Search events</h2>
    <form class="filters" onSubmit=${submit} aria-label="Search audit events">
      <${Field} id="a-ver" label="Verification id"><input id="a-ver" name="verificationId" class="mono" placeholder="ver_…" /><//>
      <${Field} id="a-ex" label="Exchange"><input id="a-ex" name="exchangeId" /><//>
      <${Field} id="a-kind" label="Kind"><select id="a-kind" name="kind"><option value="">any</option>${KINDS.map((k) => html`<option value=${k}>${k}</option>`)}</select><//>
      <${Field} id="a-from" label="From (your time)"><input id="a-from" name="from" type="datetime-local" /><//>
      <${Field} id="a-to" label="To (your time)"><input id="a-to" name="to" type="datetime-local" /><//>
      <div class="actions"><button type="submit" class="primary" disabled=${busy}>Search</button></div>
    </form>
    ${error ? html`<${ErrorNotice} error=${error} action="Could not read the journal" />` : null}
    ${!events
      ? html`<${Loading} what="events" />`
      : events.length
        ? html`<div class="table-wrap"><table class="data">
            <caption class="visually-hidden">Audit events in sequence order</caption>
            <thead><tr><th scope="col" class="num">Seq</th><th scope="col">At</th><th scope="col">Kind</th><th scope="col">Exchange</th><th scope="col">Verification</th><th scope="col">Actor</th><th scope="col">Digest</th><th scope="col">Hash</th></tr></thead>
            <tbody>${events.map(
              (e) => html`<tr>
                <td class="num mono">${e.seq}</td>
                <td><${Time} iso=${e.at} /></td>
                <td>${e.kind}</td>
                <td>${e.exchangeId ?? '—'}</td>
                <td>${e.verificationId ? html`<${CopyId} id=${e.verificationId} />` : '—'}</td>
                <td class="mono small">${e.actor}</td>
                <td class="mono small" title=${e.digest}>${short(e.digest)}</td>
                <td class="mono small" title=${e.hash ?? ''}>${short(e.hash)}</td>
              </tr>`,
            )}</tbody>
          </table></div>
          ${next ? html`<button type="button" onClick=${() => load(filter, next)} disabled=${busy}>Load more</button>` : html`<p class="muted small">End of the matching events (${count(events.length)}).</p>`}`
        : html`<${Empty} title="No event matches." />`}
  </section>`;
}

function IntegrityCheck() {
  const [result, setResult] = useState<Integrity | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const value = formValues(event);
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api<Integrity>('GET', `/v1/audit/integrity${query({ fromSeq: value('fromSeq'), toSeq: value('toSeq') })}`));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return html`<section aria-labelledby="integrity-title">
    <h2 id="integrity-title">Check integrity</h2>
    <p>Recomputes the hash chain: any event altered, removed, inserted or reordered is found.</p>
    <form class="filters" onSubmit=${submit} aria-label="Check the journal's integrity">
      <${Field} id="i-from" label="From sequence" hint="Empty: from the first event"><input id="i-from" name="fromSeq" inputmode="numeric" pattern="[0-9]*" /><//>
      <${Field} id="i-to" label="To sequence" hint="Empty: to the latest event"><input id="i-to" name="toSeq" inputmode="numeric" pattern="[0-9]*" /><//>
      <div class="actions"><button type="submit" class="primary" disabled=${busy}>${busy ? 'Checking…' : 'Check integrity'}</button></div>
    </form>
    ${error ? html`<${ErrorNotice} error=${error} action="Could not check integrity" />` : null}
    ${result
      ? result.ok
        ? html`<${Notice} kind="success"><strong>Intact.</strong> ${count(result.checked)} events checked, up to #${result.headSeq}; head hash <${CopyId} id=${result.headHash} /><//>`
        : html`<${Notice} kind="error"><strong>Broken at event #${result.firstBadSeq}:</strong> ${result.reason}<//>`
      : null}
  </section>`;
}

function ReplayPanel() {
  const [replayId, setReplayId] = useState<string | null>(null);
  const [replay, setReplay] = useState<Replay | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!replayId) return;
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      api<Replay>('GET', `/v1/audit/replays/${encodeURIComponent(replayId)}`).then(
        (r) => {
          if (!current) return;
          setReplay(r);
          if (!['done', 'completed', 'failed'].includes(r.status)) timer = setTimeout(load, 1500);
        },
        (e) => current && setError(e),
      );
    void load();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [replayId]);
  const submit = async (event: Event) => {
    event.preventDefault();
    const value = formValues(event);
    setError(null);
    setReplay(null);
    try {
      const body = Object.fromEntries(Object.entries({ from: localInputToIso(value('from') ?? ''), to: localInputToIso(value('to') ?? ''), exchangeId: value('exchangeId'), service: value('service') }).filter(([, v]) => v));
      setReplayId((await api<{ id: string }>('POST', '/v1/audit/replays', body)).id);
    } catch (e) {
      setError(e);
    }
  };
  return html`<section aria-labelledby="replay-title">
    <h2 id="replay-title">Replay</h2>
    <p>Re-sends the recorded federal requests of a period to the simulator and compares the answers. It changes no verification and delivers nothing.</p>
    <form class="filters" onSubmit=${submit} aria-label="Start a replay">
      <${Field} id="r-from" label="From (your time)"><input id="r-from" name="from" type="datetime-local" required /><//>
      <${Field} id="r-to" label="To (your time)"><input id="r-to" name="to" type="datetime-local" required /><//>
      <${Field} id="r-ex" label="Exchange (optional)"><input id="r-ex" name="exchangeId" /><//>
      <${Field} id="r-service" label="Service (optional)"><select id="r-service" name="service"><option value="">any</option>${SERVICES.map((s) => html`<option value=${s}>${s}</option>`)}</select><//>
      <div class="actions"><button type="submit" class="primary">Start replay</button></div>
    </form>
    ${error ? html`<${ErrorNotice} error=${error} action="Replay" />` : null}
    ${replayId && !replay && !error ? html`<${Loading} what="the replay" />` : null}
    ${replay
      ? html`<div class="report">
          <${Notice} kind=${replay.mismatched ? 'warning' : replay.status === 'failed' ? 'error' : 'info'}>
            Replay <span class="mono">${replayId}</span>: <strong>${replay.status}</strong> — ${count(replay.total)} requests, ${count(replay.matched)} matched, ${count(replay.mismatched)} differed.
          <//>
          ${replay.diffs.length
            ? html`<div class="table-wrap"><table class="data">
                <caption class="visually-hidden">Differences between recorded and replayed answers</caption>
                <thead><tr><th scope="col">Verification</th><th scope="col">Field</th><th scope="col">Recorded</th><th scope="col">Replayed</th></tr></thead>
                <tbody>${replay.diffs.map(
                  (d) => html`<tr><td><${CopyId} id=${d.verificationId} /></td><td class="mono">${d.field}</td><td class="mono">${JSON.stringify(d.recorded)}</td><td class="mono">${JSON.stringify(d.replayed)}</td></tr>`,
                )}</tbody>
              </table></div>`
            : null}
        </div>`
      : null}
  </section>`;
}

function ExportPanel({ filter }: { filter: Record<string, string | undefined> }) {
  const [format, setFormat] = useState('ndjson');
  const [privileged, setPrivileged] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    try {
      const { blob, filename } = await download(`/v1/audit/export${query({ format, ...filter, ...(privileged ? { privileged: 'true', reason } : {}) })}`);
      const url = URL.createObjectURL(blob);
      const a = Object.assign(document.createElement('a'), { href: url, download: filename });
      a.click();
      URL.revokeObjectURL(url);
      setDone(`${filename} downloaded (${count(blob.size)} bytes).`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new Error(String(e)));
    }
  };
  const described = Object.entries(filter).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(', ');
  return html`<section aria-labelledby="export-title">
    <h2 id="export-title">Export</h2>
    <p>Exports the events matching the search above (${described || 'all events'}), messages with PII redacted. A privileged export (unredacted) needs a reason and is itself audited.</p>
    <form class="filters" onSubmit=${submit} aria-label="Export audit events">
      <${Field} id="x-format" label="Format"><select id="x-format" value=${format} onChange=${(e: Event) => setFormat((e.target as HTMLSelectElement).value)}>
        <option value="ndjson">NDJSON</option><option value="json">JSON</option><option value="csv">CSV</option></select><//>
      <div class="field checkbox"><input id="x-priv" type="checkbox" checked=${privileged} onChange=${() => setPrivileged(!privileged)} /><label for="x-priv">Privileged (unredacted)</label></div>
      ${privileged ? html`<${Field} id="x-reason" label="Reason for the privileged export"><input id="x-reason" required maxlength="500" value=${reason} onInput=${(e: Event) => setReason((e.target as HTMLInputElement).value)} /><//>` : null}
      <div class="actions"><button type="submit" class="primary" disabled=${privileged && !reason.trim()}>Export</button></div>
    </form>
    ${error ? html`<${ErrorNotice} error=${error} action="Export refused" />` : null}
    ${done ? html`<${Notice} kind="success">${done}<//>` : null}
  </section>`;
}
