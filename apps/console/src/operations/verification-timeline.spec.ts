import { verificationTimeline } from './verification-timeline';

describe('verificationTimeline', () => {
  const attempt = (attemptNo: number, startedAt: string, kind: 'call' | 'poll' = 'call') => ({
    kind,
    attemptNo,
    messageId: `m-${attemptNo}`,
    startedAt: new Date(startedAt),
    finishedAt: new Date(startedAt),
    httpStatus: 500,
    responseCode: 'HX009000',
    result: 'retryable',
    error: 'HTTP 500',
  });
  const event = (seq: string, at: string, kind: string) => ({ seq, at: new Date(at), kind, actor: 'system:broker' });

  it('merges attempts and audit events by time, events first at the same instant', () => {
    const timeline = verificationTimeline(
      [attempt(1, '2026-01-01T00:00:01Z'), attempt(2, '2026-01-01T00:00:03Z', 'poll')],
      [event('1', '2026-01-01T00:00:00Z', 'verification.received'), event('2', '2026-01-01T00:00:01Z', 'federal.request'), event('9', '2026-01-01T00:00:04Z', 'operator.action')],
    );
    expect(timeline.map((e) => (e.type === 'audit.event' ? e.kind : `${e.kind}#${e.attemptNo}`))).toEqual([
      'verification.received',
      'federal.request',
      'call#1',
      'poll#2',
      'operator.action',
    ]);
    expect(timeline[1]).toEqual({ type: 'audit.event', at: '2026-01-01T00:00:01.000Z', seq: 2, kind: 'federal.request', actor: 'system:broker' });
    expect(timeline[2]).toMatchObject({ type: 'federal.attempt', attemptNo: 1, messageId: 'm-1', httpStatus: 500, responseCode: 'HX009000', result: 'retryable' });
  });

  it('never carries an audit message', () => {
    const [entry] = verificationTimeline([], [event('1', '2026-01-01T00:00:00Z', 'verification.received')]);
    expect(Object.keys(entry).sort()).toEqual(['actor', 'at', 'kind', 'seq', 'type']);
  });
});
