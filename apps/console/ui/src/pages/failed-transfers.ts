import { html } from 'htm/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError, query } from '../api';
import { CopyId, Empty, ErrorNotice, Field, Loading, Notice, ReasonDialog, Time } from '../components';
import { count, localInputToIso, SERVICES, SOURCES } from '../format';
import { link, navigate } from '../router';

interface FailedTransfer {
  kind: 'verification' | 'delivery';
  id: string;
  verificationId: string;
  exchangeId: string;
  service: string;
  source: string;
  error: { code?: string; message?: string; httpStatus?: number } | null;
  attempts: number;
  failedAt: string;
  reference: string | null;
}

interface Outcome {
  item: FailedTransfer;
  ok: boolean;
  text: string;
}

const FILTERS = ['exchangeId', 'service', 'source', 'errorCode', 'since', 'until'] as const;
const SORTABLE: { field: string; label: string }[] = [
  { field: 'exchangeId', label: 'Exchange' },
  { field: 'service', label: 'Service' },
  { field: 'errorCode', label: 'Error' },
  { field: 'failedAt', label: 'Failed at' },
];
const KNOWN_CODES = ['HX005001', 'HX009000', 'HE007000', 'HE020001', 'WEBHOOK_DELIVERY_FAILED'];

const keyOf = (t: FailedTransfer) => `${t.kind}:${t.id}`;
/** datetime-local wants "YYYY-MM-DDTHH:mm" in the viewer's zone. */
const toLocalInput = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export function FailedTransfersPage({ params }: { params: URLSearchParams }) {
  const filter = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const sort = params.get('sort') ?? '-failedAt';
  const limit = Number(params.get('limit') ?? 50);
  const filterKey = `${FILTERS.map((f) => filter[f]).join('|')}|${sort}|${limit}`;

  // Keyset paging: the cursors of the pages seen so far, so "Previous" goes back without offsets.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<{ data: FailedTransfer[]; nextCursor: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<null | 'retry' | 'cancel' | 'retry-all'>(null);
  const [outcomes, setOutcomes] = useState<{ action: string; items: Outcome[]; count?: number } | null>(null);
  const [exchanges, setExchanges] = useState<string[]>([]);
  const [reload, setReload] = useState(0);
  const cursor = cursors[cursors.length - 1];

  useEffect(() => setCursors([null]), [filterKey]);
  useEffect(() => {
    let current = true;
    setError(null);
    api<{ data: FailedTransfer[]; nextCursor: string | null }>('GET', `/v1/ops/failed-transfers${query({ ...filter, sort, limit, cursor })}`).then(
      (p) => {
        if (!current) return;
        setPage(p);
        setSelected(new Set());
      },
      (e) => {
        if (!current) return;
        setError(e);
        setPage(null);
      },
    );
    return () => {
      current = false;
    };
  }, [filterKey, cursor, reload]);
  useEffect(() => {
    api<{ byExchange: { exchangeId: string }[] }>('GET', '/v1/ops/overview').then((o) => setExchanges(o.byExchange.map((e) => e.exchangeId)), () => undefined);
  }, []);

  const rows = page?.data ?? [];
  const chosen = useMemo(() => rows.filter((r) => selected.has(keyOf(r))), [rows, selected]);
  const apply = (next: Record<string, string | undefined>) => navigate('/failed', { ...filter, sort, limit: String(limit), ...next });

  const onFilter = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    apply({ exchangeId: value('exchangeId'), service: value('service'), source: value('source'), errorCode: value('errorCode'), since: localInputToIso(value('since') ?? ''), until: localInputToIso(value('until') ?? ''), limit: value('limit') });
  };

  const act = async (action: 'retry' | 'cancel', reason: string) => {
    const items: Outcome[] = [];
    for (const item of chosen) {
      try {
        if (item.kind === 'delivery') {
          if (action === 'cancel') throw new Error('a webhook delivery cannot be cancelled; re-drive it or leave it failed');
          await api('POST', `/v1/ops/deliveries/${item.id}/retry`, { reason });
          items.push({ item, ok: true, text: 'delivery will be attempted again now' });
        } else {
          const v = await api<{ status: string }>('POST', `/v1/ops/verifications/${item.id}/${action}`, { reason });
          items.push({ item, ok: true, text: action === 'retry' ? `re-driven: now ${v.status.replace('_', ' ')}` : 'cancelled' });
        }
      } catch (e) {
        items.push({ item, ok: false, text: e instanceof ApiError ? e.describe() : (e as Error).message });
      }
    }
    setOutcomes({ action: action === 'retry' ? 'Re-drive' : 'Cancel', items });
    setDialog(null);
    setReload((n) => n + 1);
  };

  const retryAll = async (reason: string) => {
    const body = { filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), reason };
    try {
      const { count: moved } = await api<{ count: number }>('POST', '/v1/ops/failed-transfers/retry', body);
      setOutcomes({ action: 'Re-drive all matching', items: [], count: moved });
    } catch (e) {
      setOutcomes({ action: 'Re-drive all matching', items: [{ item: rows[0], ok: false, text: e instanceof ApiError ? e.describe() : String(e) }] });
    }
    setDialog(null);
    setReload((n) => n + 1);
  };

  const toggle = (t: FailedTransfer) => {
    const next = new Set(selected);
    if (next.has(keyOf(t))) next.delete(keyOf(t));
    else next.add(keyOf(t));
    setSelected(next);
  };
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(keyOf(r)));
  const filtered = FILTERS.some((f) => filter[f]);
  const first = (cursors.length - 1) * limit + 1;

  // The filter fields are uncontrolled (defaultValue) and the form is remounted when the filters in the address
  // change, so a re-render (e.g. the exchange list arriving) never undoes what someone is typing.
  return html`<section>
    <h1 tabindex="-1">Failed transfers</h1>
    <p class="lead">Verifications the hub could not complete and results it could not deliver. Select some to re-drive (after the cause is fixed) or cancel; open one to see why it failed.</p>

    <form class="filters" onSubmit=${onFilter} aria-label="Filter failed transfers" key=${filterKey}>
      <${Field} id="f-exchange" label="Exchange"><input id="f-exchange" name="exchangeId" list="exchange-ids" defaultValue=${filter.exchangeId} placeholder="any" /><//>
      <datalist id="exchange-ids">${exchanges.map((e) => html`<option value=${e} />`)}</datalist>
      <${Field} id="f-service" label="Service"><select id="f-service" name="service"><option value="">any</option>${SERVICES.map((s) => html`<option value=${s} selected=${s === filter.service}>${s}</option>`)}</select><//>
      <${Field} id="f-source" label="Source"><select id="f-source" name="source"><option value="">any</option>${SOURCES.map((s) => html`<option value=${s} selected=${s === filter.source}>${s}</option>`)}</select><//>
      <${Field} id="f-code" label="Error code"><input id="f-code" name="errorCode" list="error-codes" defaultValue=${filter.errorCode} placeholder="e.g. HX005001" /><//>
      <datalist id="error-codes">${KNOWN_CODES.map((c) => html`<option value=${c} />`)}</datalist>
      <${Field} id="f-since" label="Failed from (your time)"><input id="f-since" name="since" type="datetime-local" defaultValue=${toLocalInput(filter.since)} /><//>
      <${Field} id="f-until" label="Failed before (your time)"><input id="f-until" name="until" type="datetime-local" defaultValue=${toLocalInput(filter.until)} /><//>
      <${Field} id="f-limit" label="Rows per page"><select id="f-limit" name="limit">${[25, 50, 100, 200].map((n) => html`<option value=${n} selected=${n === limit}>${n}</option>`)}</select><//>
      <div class="actions">
        <button type="submit" class="primary">Apply filters</button>
        ${filtered ? html`<a class="button" href=${link('/failed')}>Clear filters</a>` : null}
      </div>
    </form>

    ${outcomes ? html`<${ActionResult} outcomes=${outcomes} onDismiss=${() => setOutcomes(null)} />` : null}
    ${error ? html`<${ErrorNotice} error=${error} action="Could not load failed transfers" />` : null}

    <div class="toolbar" role="toolbar" aria-label="Actions on selected transfers">
      <span aria-live="polite">${chosen.length ? `${chosen.length} selected` : 'None selected'}</span>
      <button type="button" class="primary" disabled=${!chosen.length} onClick=${() => setDialog('retry')}>Re-drive selected</button>
      <button type="button" class="danger" disabled=${!chosen.length} onClick=${() => setDialog('cancel')}>Cancel selected</button>
      <button type="button" disabled=${!rows.length} onClick=${() => setDialog('retry-all')}>Re-drive all matching…</button>
    </div>

    ${!page
      ? error ? null : html`<${Loading} what="failed transfers" />`
      : rows.length === 0 && page
        ? html`<${Empty} title=${filtered ? 'No failed transfers match these filters.' : 'No failed transfers. Everything the hub received was completed or is on its way.'}>
            ${filtered ? html`<a href=${link('/failed')}>Clear the filters</a> to see all of them.` : null}
          <//>`
        : html`<div class="table-wrap"><table class="data">
            <caption class="visually-hidden">Failed transfers, ${sortLabel(sort)}</caption>
            <thead><tr>
              <th scope="col"><input type="checkbox" aria-label="Select every row on this page" checked=${allOnPage}
                onChange=${() => setSelected(allOnPage ? new Set() : new Set(rows.map(keyOf)))} /></th>
              <th scope="col">Transfer</th>
              ${SORTABLE.slice(0, 2).map((c) => html`<${SortHeader} column=${c} sort=${sort} onSort=${(s: string) => apply({ sort: s })} />`)}
              <th scope="col">Source</th>
              <${SortHeader} column=${SORTABLE[2]} sort=${sort} onSort=${(s: string) => apply({ sort: s })} />
              <th scope="col" class="num">Attempts</th>
              <${SortHeader} column=${SORTABLE[3]} sort=${sort} onSort=${(s: string) => apply({ sort: s })} />
            </tr></thead>
            <tbody>
              ${rows.map(
                (t) => html`<tr class=${selected.has(keyOf(t)) ? 'selected' : ''}>
                  <td><input type="checkbox" aria-label=${`Select ${t.id}`} checked=${selected.has(keyOf(t))} onChange=${() => toggle(t)} /></td>
                  <td>
                    <${CopyId} id=${t.verificationId} href=${link(`/verifications/${t.verificationId}`)} />
                    ${t.kind === 'delivery' ? html`<div class="small">webhook delivery <span class="mono">${t.id}</span></div>` : null}
                    ${t.reference ? html`<div class="small muted">ref ${t.reference}</div>` : null}
                  </td>
                  <td>${t.exchangeId}</td>
                  <td>${t.service}</td>
                  <td>${t.source}</td>
                  <td><span class="mono">${t.error?.code ?? '—'}</span><div class="small error-text" title=${t.error?.message ?? ''}>${truncate(t.error?.message ?? '', 90)}</div></td>
                  <td class="num">${t.attempts}</td>
                  <td><${Time} iso=${t.failedAt} /></td>
                </tr>`,
              )}
            </tbody>
          </table></div>`}

    ${rows.length
      ? html`<nav class="pager" aria-label="Pages of failed transfers">
          <button type="button" disabled=${cursors.length === 1} onClick=${() => setCursors(cursors.slice(0, -1))}>← Previous page</button>
          <span>Rows ${count(first)}–${count(first + rows.length - 1)} (page ${cursors.length})</span>
          <button type="button" disabled=${!page?.nextCursor} onClick=${() => setCursors([...cursors, page!.nextCursor])}>Next page →</button>
        </nav>`
      : null}

    ${dialog === 'retry'
      ? html`<${ReasonDialog} title=${`Re-drive ${chosen.length} transfer${chosen.length === 1 ? '' : 's'}`} confirmLabel="Re-drive"
          description=${html`<p>Each goes back to its queue with the same id and history. Fix the cause first (e.g. wait for the source's circuit to close), or it will fail again.</p>`}
          onConfirm=${(r: string) => act('retry', r)} onClose=${() => setDialog(null)} />`
      : null}
    ${dialog === 'cancel'
      ? html`<${ReasonDialog} title=${`Cancel ${chosen.length} transfer${chosen.length === 1 ? '' : 's'}`} confirmLabel="Cancel them" danger=${true}
          description=${html`<p>A cancelled verification is final: the exchange is told nothing more and must submit again if it still needs an answer.</p>`}
          onConfirm=${(r: string) => act('cancel', r)} onClose=${() => setDialog(null)} />`
      : null}
    ${dialog === 'retry-all'
      ? html`<${ReasonDialog} title="Re-drive every failed verification matching the filters" confirmLabel="Re-drive all"
          description=${html`<p>${filtered ? 'Every failed verification matching the current filters' : html`<strong>Every</strong> failed verification (no filter is set)`}, on every page, is re-driven. Failed webhook deliveries are not included: re-drive those from the table.</p>`}
          onConfirm=${retryAll} onClose=${() => setDialog(null)} />`
      : null}
  </section>`;
}

function SortHeader({ column, sort, onSort }: { column: { field: string; label: string }; sort: string; onSort: (sort: string) => void }) {
  const active = sort.replace(/^-/, '') === column.field;
  const descending = sort.startsWith('-');
  const next = active ? (descending ? column.field : `-${column.field}`) : column.field === 'failedAt' ? '-failedAt' : column.field;
  return html`<th scope="col" aria-sort=${active ? (descending ? 'descending' : 'ascending') : 'none'}>
    <button type="button" class="sort" onClick=${() => onSort(next)}>${column.label} <span aria-hidden="true">${active ? (descending ? '▼' : '▲') : '↕'}</span></button>
  </th>`;
}

function ActionResult({ outcomes, onDismiss }: { outcomes: { action: string; items: Outcome[]; count?: number }; onDismiss: () => void }) {
  const failed = outcomes.items.filter((o) => !o.ok);
  const done = outcomes.items.filter((o) => o.ok);
  const kind = failed.length && !done.length && outcomes.count === undefined ? 'error' : failed.length ? 'warning' : 'success';
  return html`<${Notice} kind=${kind}>
    <p><strong>${outcomes.action}:</strong>
      ${outcomes.count !== undefined ? ` ${count(outcomes.count)} verification${outcomes.count === 1 ? '' : 's'} re-driven.` : ` ${done.length} done, ${failed.length} refused.`}
      ${outcomes.action.startsWith('Re-drive') ? ' Re-driven transfers leave this list; open one to follow it to completion.' : ''}</p>
    ${outcomes.items.length
      ? html`<ul class="outcomes">${outcomes.items.map(
          (o) => html`<li class=${o.ok ? 'ok' : 'refused'}><a class="mono" href=${link(`/verifications/${o.item.verificationId}`)}>${o.item.id}</a>: ${o.ok ? o.text : `not done: ${o.text}`}</li>`,
        )}</ul>`
      : null}
    <button type="button" onClick=${onDismiss}>Dismiss</button>
  <//>`;
}

function sortLabel(sort: string): string {
  const column = SORTABLE.find((c) => c.field === sort.replace(/^-/, ''))?.label ?? sort;
  return `sorted by ${column.toLowerCase()}, ${sort.startsWith('-') ? 'descending' : 'ascending'}`;
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
