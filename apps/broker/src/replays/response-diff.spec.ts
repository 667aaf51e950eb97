import { diffResponses } from './response-diff';

describe('diffResponses', () => {
  it('finds nothing between equal documents, whatever their key order', () => {
    expect(diffResponses({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('names each changed, missing and added leaf by its path', () => {
    const recorded = { ssaCompositeIndividualResponse: [{ responseCode: 'HS000000', death: false }], extra: 'x' };
    const replayed = { ssaCompositeIndividualResponse: [{ responseCode: 'HE000001', death: false, added: 1 }] };
    expect(diffResponses(recorded, replayed)).toEqual([
      { field: 'ssaCompositeIndividualResponse[0].responseCode', recorded: 'HS000000', replayed: 'HE000001' },
      { field: 'extra', recorded: 'x', replayed: undefined },
      { field: 'ssaCompositeIndividualResponse[0].added', recorded: undefined, replayed: 1 },
    ]);
  });

  it('does not compare the identifiers the Hub issues per call (reference numbers, sessions, cases)', () => {
    const recorded = { ridpResponse: { finalDecisionCode: 'ACC', hubReferenceNumber: 'HRN1', sessionIdentification: 'S1' } };
    const replayed = { ridpResponse: { finalDecisionCode: 'ACC', hubReferenceNumber: 'HRN2', sessionIdentification: 'S2' } };
    expect(diffResponses(recorded, replayed)).toEqual([]);
    expect(diffResponses({ ...recorded, decision: 'ACC' }, { ...replayed, decision: 'RF1' })).toEqual([{ field: 'decision', recorded: 'ACC', replayed: 'RF1' }]);
  });

  it('compares non-JSON answers as a whole', () => {
    expect(diffResponses('gateway timeout', 'ok')).toEqual([{ field: '$', recorded: 'gateway timeout', replayed: 'ok' }]);
  });
});
