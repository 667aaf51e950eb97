import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { CopyId, Empty, ErrorNotice, Loading, Notice, Time } from '../components';
import { count } from '../format';
import { link, navigate } from '../router';

interface Finding {
  kind: string;
  verificationId: string | null;
  exchangeId?: string;
  action: string;
  detail?: string;
}
interface Run {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  trigger: string;
  startedAt: string | null;
  finishedAt: string | null;
  checked: number;
  findings: Finding[];
  error: string | null;
}

const FINDING_LABELS: Record<string, string> = {
  'no-live-job': 'Open verification without a live job (re-enqueued)',
  'deadline-exceeded': "Past its source's deadline (failed)",
  conservation: 'Received and stored counts disagree',
  'delivery-without-job': 'Pending delivery without a job (redelivered)',
};
const STATUS_TEXT: Record<string, string> = { queued: 'Queued', running: 'Running', done: 'Done', failed: 'Failed' };
const finished = (run: Run) => run.status === 'done' || run.status === 'failed';

/**
 * The reconciler compares what PostgreSQL says with what the queues hold and repairs the difference. It runs
 * every minute by itself; operators can run it now and read each run's report.
 */
export function ReconciliationPage({ runId }: { runId?: string }) {
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      api<{ data: Run[] }>('GET', '/v1/ops/reconciliations?limit=30').then(
        (page) => {
          if (!current) return;
          setRuns(page.data);
          setError(null);
          if (page.data.some((r) => !finished(r))) timer = setTimeout(load, 1500);
        },
        (e) => current && setError(e),
      );
    void load();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [reload]);

  const runNow = async () => {
    setBusy(true);
    try {
      const { id } = await api<{ id: string }>('POST', '/v1/ops/reconciliations');
      navigate(`/reconciliation/${id}`);
      setReload((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return html`<section>
    <div class="page-head">
      <h1 tabindex="-1">Reconciliation</h1>
      <button type="button" class="primary" onClick=${runNow} disabled=${busy}>${busy ? 'Starting…' : 'Run now'}</button>
    </div>
    <p class="lead">Checks that every open verification has a live job, that none is past its deadline, that every result to deliver has a job, and that every verification received is stored; each repair is audited. It also runs every minute on its own.</p>
    ${error ? html`<${ErrorNotice} error=${error} action="Could not load reconciliation runs" />` : null}
    ${runId ? html`<${RunReport} id=${runId} reloadKey=${reload} />` : null}
    <h2>Recent runs</h2>
    ${!runs
      ? html`<${Loading} what="runs" />`
      : runs.length
        ? html`<div class="table-wrap"><table class="data">
            <caption class="visually-hidden">Recent reconciliation runs, newest first</caption>
            <thead><tr><th scope="col">Run</th><th scope="col">Started by</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Finished</th><th scope="col" class="num">Checked</th><th scope="col" class="num">Findings</th></tr></thead>
            <tbody>${runs.map(
              (r) => html`<tr class=${r.id === runId ? 'selected' : ''}>
                <td><a class="mono" href=${link(`/reconciliation/${r.id}`)} aria-current=${r.id === runId ? 'true' : undefined}>${r.id}</a></td>
                <td>${r.trigger === 'schedule' ? 'schedule' : 'operator'}</td>
                <td><span class=${`badge run-${r.status}`}>${STATUS_TEXT[r.status] ?? r.status}</span></td>
                <td><${Time} iso=${r.startedAt} /></td>
                <td><${Time} iso=${r.finishedAt} /></td>
                <td class="num">${count(r.checked)}</td>
                <td class="num">${r.findings.length ? html`<strong>${r.findings.length}</strong>` : '0'}</td>
              </tr>`,
            )}</tbody>
          </table></div>`
        : html`<${Empty} title="No runs yet.">Press "Run now", or wait a minute for the scheduled run.<//>`}
  </section>`;
}

function RunReport({ id, reloadKey }: { id: string; reloadKey: number }) {
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      api<Run>('GET', `/v1/ops/reconciliations/${encodeURIComponent(id)}`).then(
        (r) => {
          if (!current) return;
          setRun(r);
          if (!finished(r)) timer = setTimeout(load, 1000);
        },
        (e) => current && setError(e),
      );
    void load();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [id, reloadKey]);

  if (error) return html`<${ErrorNotice} error=${error} action="Could not load the run" />`;
  if (!run) return html`<${Loading} what="the run" />`;
  return html`<section class="report" aria-labelledby="report-title">
    <h2 id="report-title">Run <${CopyId} id=${run.id} /></h2>
    ${!finished(run)
      ? html`<${Notice} kind="info">${run.status === 'queued' ? 'Waiting for the broker to start it…' : 'Running…'} This report updates by itself.<//>`
      : run.status === 'failed'
        ? html`<${Notice} kind="error">The run failed: ${run.error ?? 'no reason recorded'}<//>`
        : run.findings.length
          ? html`<${Notice} kind="warning">Checked ${count(run.checked)}; ${run.findings.length} finding${run.findings.length === 1 ? '' : 's'}, each repaired as listed.<//>`
          : html`<${Notice} kind="success">Checked ${count(run.checked)}: everything agrees. Nothing to repair.<//>`}
    <p class="small muted">Started <${Time} iso=${run.startedAt} />${run.finishedAt ? html`, finished <${Time} iso=${run.finishedAt} />` : null}.</p>
    ${run.findings.length
      ? html`<div class="table-wrap"><table class="data">
          <caption class="visually-hidden">Findings of run ${run.id}</caption>
          <thead><tr><th scope="col">Finding</th><th scope="col">Verification</th><th scope="col">Action taken</th><th scope="col">Detail</th></tr></thead>
          <tbody>${run.findings.map(
            (f) => html`<tr>
              <td>${FINDING_LABELS[f.kind] ?? f.kind}</td>
              <td>${f.verificationId ? html`<${CopyId} id=${f.verificationId} href=${link(`/verifications/${f.verificationId}`)} />` : f.exchangeId ? `exchange ${f.exchangeId}` : '—'}</td>
              <td>${f.action}</td>
              <td>${f.detail ?? ''}</td>
            </tr>`,
          )}</tbody>
        </table></div>`
      : null}
  </section>`;
}
