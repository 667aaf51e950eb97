import { testSsn } from '@dxhub/testing';
import type { FieldKind } from './corpus';

// Every write endpoint of the gateway and the console, with a valid body (never sent as is: the corpus
// breaks it) and the kind of each of its fields; plus the GET list routes for the query-string attacks.

export type Caller = 'submitter' | 'operator' | 'auditor' | 'admin';

export interface Fixtures {
  /** Exchange B: the submitter's own exchange. */
  exchangeId: string;
  /** Exchange A's completed verification: not B's, and neither retryable nor cancellable. */
  foreignVerification: string;
  /** An active auditor credential: rotating it would store a credential. */
  credentialId: string;
  /** The operator's key, for the sign-in body. */
  operatorKey: string;
}

export interface WriteEndpoint {
  name: string;
  process: 'gateway' | 'console';
  method: 'POST' | 'PUT';
  /** `{id}` is the endpoint's fixture id; path items replace it. */
  path: string;
  caller: Caller;
  /** undefined: the endpoint takes no body. */
  base?: Record<string, unknown>;
  /** The body's media type when not JSON: the JSON body is sent as this type (a one-line NDJSON batch). */
  contentType?: string;
  /** Corpus items (by name) this endpoint answers with other statuses than the item expects, and why. */
  statusFor?: Record<string, number[]>;
  fields: Record<string, FieldKind>;
  /** Besides the item's own expectation, what this endpoint may answer to a refused body. */
  alsoAllowed?: number[];
}

export interface ListRoute {
  process: 'gateway' | 'console';
  path: string;
  caller: Caller;
}

const person = { ssn: 'ssn', firstName: 'name', lastName: 'name', dateOfBirth: 'date' } as const;
const prefixed = (prefix: string, fields: Record<string, FieldKind>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}.${k}`, v]));

export function writeEndpoints(f: Fixtures): WriteEndpoint[] {
  const subject = { ssn: testSsn(1), firstName: 'Ana', middleName: 'B', lastName: 'Silva', dateOfBirth: '1980-02-29' };
  const gateway = (service: string, base: Record<string, unknown>, fields: Record<string, FieldKind>): WriteEndpoint => ({
    name: `gateway POST /v1/verifications (${service})`,
    process: 'gateway',
    method: 'POST',
    path: '/v1/verifications',
    caller: 'submitter',
    base: { service, ...base, reference: 'hostile-ref' },
    fields: { service: 'token', reference: 'text', ...fields },
  });
  const reason = { reason: 'hostile corpus' };
  return [
    gateway('ssa-composite', { subject, options: { citizenship: true, titleIIMonthlyIncome: '2020-01' } }, {
      ...prefixed('subject', { ...person, middleName: 'name' }),
      'options.citizenship': 'boolean',
      'options.titleIIMonthlyIncome': 'token',
    }),
    gateway('vci', { subject: { ssn: testSsn(2), lastName: 'Silva', dateOfBirth: '1980-02-29' } }, prefixed('subject', { ssn: 'ssn', lastName: 'name', dateOfBirth: 'date' })),
    gateway('ifsv', { household: [{ role: 'PRIMARY', ssn: testSsn(3), firstName: 'Ana', lastName: 'Silva' }] }, prefixed('household.0', { role: 'token', ssn: 'ssn', firstName: 'name', lastName: 'name' })),
    // The previous step is exchange A's: already "an id not ours", so this body is never valid for B.
    gateway('fars', { previousVerificationId: f.foreignVerification }, { previousVerificationId: 'verificationId' }),
    // A batch of one line (the line is the verification's body): every item breaks that line, or the whole body.
    {
      ...gateway('ssa-composite', { subject, options: { citizenship: true } }, { ...prefixed('subject', { ...person, middleName: 'name' }), 'options.citizenship': 'boolean' }),
      name: 'gateway POST /v1/batches (one ssa-composite line)',
      path: '/v1/batches',
      contentType: 'application/x-ndjson',
      // A batch's body limit is 100 MB: a line over 1 MB is a bad line (400 naming it), not a body over the limit.
      statusFor: { 'body over 1 MiB': [400] },
    },
    {
      name: 'console POST /v1/admin/exchanges', process: 'console', method: 'POST', path: '/v1/admin/exchanges', caller: 'admin',
      base: { id: 'hostile-new-exchange', name: 'Hostile' },
      fields: { id: 'token', name: 'text' },
    },
    {
      name: 'console POST /v1/admin/credentials', process: 'console', method: 'POST', path: '/v1/admin/credentials', caller: 'admin',
      base: { role: 'submitter', exchangeId: f.exchangeId, label: 'hostile', expiresAt: '2999-01-01T00:00:00Z' },
      fields: { role: 'token', exchangeId: 'token', label: 'text', expiresAt: 'datetime' },
    },
    {
      name: 'console PUT /v1/admin/exchanges/{id}/webhook', process: 'console', method: 'PUT', path: `/v1/admin/exchanges/{id}/webhook`, caller: 'admin',
      base: { url: 'https://state.example/hook', secret: 's'.repeat(32) },
      fields: { url: 'url', secret: 'text' },
    },
    {
      name: 'console PUT /v1/admin/exchanges/{id}/amqp', process: 'console', method: 'PUT', path: `/v1/admin/exchanges/{id}/amqp`, caller: 'admin',
      base: { user: 'hostile-amqp-user' },
      fields: { user: 'token' },
    },
    {
      name: 'console POST /v1/admin/credentials/{id}/rotate', process: 'console', method: 'POST', path: '/v1/admin/credentials/{id}/rotate', caller: 'admin',
      base: { overlapSeconds: 60 },
      fields: { overlapSeconds: 'integer' },
    },
    {
      name: 'console POST /v1/ops/verifications/search', process: 'console', method: 'POST', path: '/v1/ops/verifications/search', caller: 'operator',
      base: { exchangeId: f.exchangeId, service: 'ssa-composite', status: 'completed', reference: 'hostile-none', ssn: testSsn(4), createdAfter: '2020-01-01T00:00:00Z', createdBefore: '2999-01-01T00:00:00Z', limit: 5 },
      fields: { exchangeId: 'token', service: 'token', status: 'token', reference: 'text', ssn: 'ssn', createdAfter: 'datetime', createdBefore: 'datetime', limit: 'integer' },
    },
    ...(['retry', 'cancel'] as const).map((verb): WriteEndpoint => ({
      name: `console POST /v1/ops/verifications/{id}/${verb}`, process: 'console', method: 'POST', path: `/v1/ops/verifications/{id}/${verb}`, caller: 'operator',
      base: reason,
      fields: { reason: 'text' },
    })),
    {
      name: 'console POST /v1/ops/failed-transfers/retry', process: 'console', method: 'POST', path: '/v1/ops/failed-transfers/retry', caller: 'operator',
      base: { filter: { exchangeId: f.exchangeId, service: 'ssa-composite', source: 'ssa', errorCode: 'HE007000', since: '2020-01-01T00:00:00Z', until: '2999-01-01T00:00:00Z' }, ...reason },
      fields: { ...prefixed('filter', { exchangeId: 'token', service: 'token', source: 'token', errorCode: 'token', since: 'datetime', until: 'datetime' }), reason: 'text' },
    },
    {
      name: 'console POST /v1/ops/deliveries/{id}/retry', process: 'console', method: 'POST', path: '/v1/ops/deliveries/{id}/retry', caller: 'operator',
      base: reason,
      fields: { reason: 'text' },
    },
    { name: 'console POST /v1/ops/reconciliations', process: 'console', method: 'POST', path: '/v1/ops/reconciliations', caller: 'operator', fields: {} },
    {
      name: 'console POST /v1/audit/replays', process: 'console', method: 'POST', path: '/v1/audit/replays', caller: 'auditor',
      base: { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', exchangeId: f.exchangeId, service: 'ssa-composite' },
      fields: { from: 'datetime', to: 'datetime', exchangeId: 'token', service: 'token' },
    },
    // Signing in to the console: the key is in the body (a corrupted one is never a valid key).
    { name: 'console POST /v1/session', process: 'console', method: 'POST', path: '/v1/session', caller: 'operator', base: { key: f.operatorKey }, fields: { key: 'token' }, alsoAllowed: [401] },
  ];
}

/** Which fixture fills `{id}` of each path. */
export function pathId(endpoint: WriteEndpoint, f: Fixtures): string {
  if (endpoint.path.startsWith('/v1/admin/exchanges/')) return f.exchangeId;
  if (endpoint.path.startsWith('/v1/admin/credentials/')) return f.credentialId;
  if (endpoint.path.startsWith('/v1/ops/verifications/')) return f.foreignVerification;
  return `dlv_${'0'.repeat(26)}`;
}

export const LIST_ROUTES: ListRoute[] = [
  { process: 'gateway', path: '/v1/verifications', caller: 'submitter' },
  { process: 'console', path: '/v1/ops/failed-transfers', caller: 'operator' },
  { process: 'console', path: '/v1/ops/reconciliations', caller: 'operator' },
  { process: 'console', path: '/v1/admin/exchanges', caller: 'admin' },
  { process: 'console', path: '/v1/admin/credentials', caller: 'admin' },
  { process: 'console', path: '/v1/audit/events', caller: 'auditor' },
  { process: 'console', path: '/v1/audit/export', caller: 'auditor' },
  { process: 'console', path: '/v1/audit/integrity', caller: 'auditor' },
];
