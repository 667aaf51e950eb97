import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import { localDateTime, STATUS_LABELS, utcTitle } from './format';

/** A timestamp in the viewer's time zone; UTC on hover (title) and in the machine-readable datetime. */
export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return html`<span class="muted">—</span>`;
  return html`<time datetime=${iso} title=${utcTitle(iso)}>${localDateTime(iso)}</time>`;
}

/** An id in monospace with a button that copies it (announced to screen readers). */
export function CopyId({ id, href }: { id: string; href?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(id);
    } catch {
      // Clipboard refused (e.g. not a secure context): select the text so Ctrl+C works.
      const range = document.createRange();
      const node = document.getElementById(`id-${id}`);
      if (node) {
        range.selectNodeContents(node);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(range);
      }
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return html`<span class="copy-id">
    ${href ? html`<a id=${`id-${id}`} class="mono" href=${href}>${id}</a>` : html`<span id=${`id-${id}`} class="mono">${id}</span>`}
    <button type="button" class="icon-button" onClick=${copy} aria-label=${`Copy ${id}`} title="Copy to clipboard">${copied ? 'Copied' : 'Copy'}</button>
    <span class="visually-hidden" aria-live="polite">${copied ? 'Copied' : ''}</span>
  </span>`;
}

export function StatusBadge({ status }: { status: string }) {
  return html`<span class=${`badge status-${status}`}>${STATUS_LABELS[status] ?? status}</span>`;
}

/** An error, a success or a note; errors are announced at once (role=alert). */
export function Notice({ kind, children }: { kind: 'error' | 'success' | 'info' | 'warning'; children: ComponentChildren }) {
  return html`<div class=${`notice notice-${kind}`} role=${kind === 'error' ? 'alert' : 'status'}>${children}</div>`;
}

export function ErrorNotice({ error, action }: { error: unknown; action?: string }) {
  if (!error) return null;
  const text = error instanceof ApiError ? error.describe() : String((error as Error).message ?? error);
  const status = error instanceof ApiError && error.status ? ` (HTTP ${error.status})` : '';
  return html`<${Notice} kind="error"><strong>${action ?? 'Something went wrong'}${status}:</strong> ${text}<//>`;
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return html`<div class="empty"><p class="empty-title">${title}</p>${children ? html`<p>${children}</p>` : null}</div>`;
}

export function Loading({ what }: { what: string }) {
  return html`<p class="loading" role="status">Loading ${what}…</p>`;
}

/**
 * A modal asking for the reason of an operator action (every action is audited with it). Native <dialog>:
 * focus moves into it, Escape closes it, and focus returns to the opener.
 */
export function ReasonDialog({ title, description, confirmLabel, onConfirm, onClose, danger }: {
  title: string;
  description: ComponentChildren;
  confirmLabel: string;
  onConfirm: (reason: string) => Promise<void> | void;
  onClose: () => void;
  danger?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.open && dialog.close();
  }, []);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!reason.trim()) return;
    setBusy(true);
    try {
      await onConfirm(reason.trim());
    } finally {
      setBusy(false);
    }
  };
  return html`<dialog ref=${ref} aria-labelledby="reason-title" onClose=${onClose} onCancel=${onClose}>
    <form onSubmit=${submit}>
      <h2 id="reason-title">${title}</h2>
      <div>${description}</div>
      <label for="reason">Reason (recorded in the audit journal)</label>
      <textarea id="reason" required maxlength="500" rows="3" value=${reason} onInput=${(e: Event) => setReason((e.target as HTMLTextAreaElement).value)}
        placeholder="e.g. SSA outage over, source healthy again (ticket OPS-1234)"></textarea>
      <div class="actions">
        <button type="submit" class=${danger ? 'danger' : 'primary'} disabled=${busy || !reason.trim()}>${busy ? 'Working…' : confirmLabel}</button>
        <button type="button" onClick=${onClose} disabled=${busy}>Close</button>
      </div>
    </form>
  </dialog>`;
}

/** A labelled form control: the label names the control for screen readers and is clickable. */
export function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ComponentChildren }) {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${children}
    ${hint ? html`<small id=${`${id}-hint`} class="muted">${hint}</small>` : null}
  </div>`;
}
