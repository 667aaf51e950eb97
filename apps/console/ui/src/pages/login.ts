import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, ApiError, Session } from '../api';
import { ErrorNotice, Notice } from '../components';

/** Sign in with a staff key; the server answers with a session cookie, so the key is not kept by the browser. */
export function LoginPage({ note, onSignedIn }: { note: string | null; onSignedIn: (session: Session) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api<Session>('POST', '/v1/session', { key: key.trim() }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const refused = error instanceof ApiError && (error.status === 401 || error.status === 403);
  return html`<section class="login">
    <h1 tabindex="-1">Sign in to the operations console</h1>
    ${note ? html`<${Notice} kind="info">${note}<//>` : null}
    <p>Use your <strong>operator</strong>, <strong>auditor</strong> or <strong>administrator</strong> key. A state exchange's submitter key cannot sign in.</p>
    <form onSubmit=${submit} class="stack">
      <div class="field">
        <label for="key">API key</label>
        <input id="key" name="key" type="password" autocomplete="off" spellcheck="false" required value=${key}
          aria-describedby="key-hint" aria-invalid=${refused ? 'true' : undefined}
          onInput=${(e: Event) => setKey((e.target as HTMLInputElement).value)} />
        <small id="key-hint" class="muted">Starts with <span class="mono">dxh_</span>. Your session ends after a period without activity.</small>
      </div>
      ${error ? html`<${ErrorNotice} error=${error} action="Could not sign in" />` : null}
      <div class="actions"><button type="submit" class="primary" disabled=${busy || !key.trim()}>${busy ? 'Signing in…' : 'Sign in'}</button></div>
    </form>
  </section>`;
}
