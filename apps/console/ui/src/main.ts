import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { html } from 'htm/preact';
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, Session, useSession } from './api';
import { Loading } from './components';
import { AuditPage } from './pages/audit';
import { FailedTransfersPage } from './pages/failed-transfers';
import { LoginPage } from './pages/login';
import { OverviewPage } from './pages/overview';
import { ReconciliationPage } from './pages/reconciliation';
import { VerificationPage, VerificationSearchPage } from './pages/verification';
import { link, navigate, Route, useRoute } from './router';

const OPS_ROLES = ['operator', 'admin'];

interface NavItem {
  path: string;
  label: string;
  roles: string[];
}

// Roles as the API enforces them: operators and admins work on transfers, auditors read the journal.
const NAV: NavItem[] = [
  { path: '/overview', label: 'Overview', roles: OPS_ROLES },
  { path: '/failed', label: 'Failed transfers', roles: OPS_ROLES },
  { path: '/verifications', label: 'Find a verification', roles: OPS_ROLES },
  { path: '/reconciliation', label: 'Reconciliation', roles: OPS_ROLES },
  { path: '/audit', label: 'Audit', roles: ['auditor'] },
];

const homeOf = (session: Session) => (OPS_ROLES.includes(session.role) ? '/overview' : '/audit');

function Page({ route, session }: { route: Route; session: Session }) {
  const segments = route.path.split('/').filter(Boolean);
  const allowed = (path: string) => NAV.find((n) => n.path === path)?.roles.includes(session.role) ?? false;
  const top = `/${segments[0] ?? ''}`;
  if (!allowed(top)) {
    return html`<section><h1 tabindex="-1">Not available to your role</h1>
      <p>You are signed in as <strong>${session.role}</strong>. This page is for ${NAV.find((n) => n.path === top)?.roles.join(' and ') ?? 'nobody'}.
      <a href=${link(homeOf(session))}>Go to your start page</a>.</p></section>`;
  }
  switch (top) {
    case '/overview':
      return html`<${OverviewPage} />`;
    case '/failed':
      return html`<${FailedTransfersPage} params=${route.params} />`;
    case '/verifications':
      return segments[1] ? html`<${VerificationPage} id=${segments[1]} />` : html`<${VerificationSearchPage} />`;
    case '/reconciliation':
      return html`<${ReconciliationPage} runId=${segments[1]} />`;
    case '/audit':
      return html`<${AuditPage} />`;
  }
  return null;
}

function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [signedOutNote, setSignedOutNote] = useState<string | null>(null);
  const main = useRef<HTMLElement>(null);

  const signedOut = (note: string | null) => {
    useSession(null, () => undefined);
    setSession(null);
    setSignedOutNote(note);
    if (currentRouteIsNotLogin()) navigate('/login');
  };

  useEffect(() => {
    api<Session>('GET', '/v1/session')
      .then((s) => setSession(s))
      .catch(() => setSession(null));
  }, []);

  useEffect(() => {
    useSession(session ?? null, () => signedOut('Your session ended (signed out, expired after inactivity, or the key was revoked). Sign in again to continue.'));
  }, [session]);

  // Moving between pages moves focus to the new page's heading, so screen readers announce it.
  useEffect(() => {
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [route.path, session]);

  if (session === undefined) return html`<main id="main"><${Loading} what="the console" /></main>`;
  if (!session || route.path === '/login') {
    if (session && route.path === '/login') {
      navigate(homeOf(session));
      return null;
    }
    return html`<main id="main" ref=${main}><${LoginPage} note=${signedOutNote} onSignedIn=${(s: Session) => {
      setSignedOutNote(null);
      setSession(s);
      const next = new URLSearchParams(location.search).get('next');
      if (next === '/queues') location.href = '/queues';
      else navigate(homeOf(s));
    }} /></main>`;
  }
  if (route.path === '/') {
    navigate(homeOf(session));
    return null;
  }

  const logout = async () => {
    try {
      await api('DELETE', '/v1/session');
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    signedOut('You are signed out.');
  };
  const top = `/${route.path.split('/').filter(Boolean)[0] ?? ''}`;
  return html`
    <a class="skip-link" href="#main" onClick=${(e: Event) => { e.preventDefault(); main.current?.querySelector<HTMLElement>('h1')?.focus(); }}>Skip to content</a>
    <header class="top">
      <span class="brand">dxhub <span class="muted">operations console</span></span>
      <nav aria-label="Console pages">
        <ul>
          ${NAV.filter((n) => n.roles.includes(session.role)).map(
            (n) => html`<li><a href=${link(n.path)} aria-current=${top === n.path ? 'page' : undefined}>${n.label}</a></li>`,
          )}
          ${OPS_ROLES.includes(session.role) ? html`<li><a href="/queues" target="_blank" rel="noopener">Queues ↗</a></li>` : null}
        </ul>
      </nav>
      <span class="who">Signed in as <strong>${session.role}</strong>${' '}<span class="mono muted">${session.credentialId}</span>${' '}
        <button type="button" onClick=${logout}>Sign out</button></span>
    </header>
    <main id="main" ref=${main}><${Page} route=${route} session=${session} /></main>`;
}

function currentRouteIsNotLogin(): boolean {
  return !location.hash.startsWith('#/login');
}

const root = document.getElementById('root')!;
root.textContent = ''; // the static "Loading…" placeholder
render(html`<${App} />`, root);
