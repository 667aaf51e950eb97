import type { DataSource } from 'typeorm';
import { SqlParams } from '../sql-params';
import { OutboxMarks } from './outbox-publishing';

describe('OutboxMarks', () => {
  let query: jest.Mock;
  let marks: OutboxMarks;

  beforeEach(() => {
    jest.useFakeTimers();
    query = jest.fn().mockResolvedValue([]);
    marks = new OutboxMarks({ query } as unknown as DataSource);
  });

  afterEach(() => jest.useRealTimers());

  it('lets the next statement carry the pending marks, and then sends none of its own', () => {
    marks.add(['7', '8']);
    const p = new SqlParams();
    const { cte, ids } = marks.markCte(p);
    expect(ids).toEqual(['7', '8']);
    expect(cte).toBe('marked AS (UPDATE outbox SET dispatched_at = now() WHERE id = ANY((SELECT $1::bigint[])::bigint[]) AND dispatched_at IS NULL),');
    expect(p.values).toEqual([['7', '8']]);
    jest.advanceTimersByTime(1000);
    expect(query).not.toHaveBeenCalled();
  });

  it('adds nothing to a statement when no marks are pending', () => {
    const p = new SqlParams();
    expect(marks.markCte(p)).toEqual({ cte: '', ids: [] });
    expect(p.values).toEqual([]);
  });

  it('sends the marks alone when no statement comes by within 50 ms', () => {
    marks.add(['9']);
    jest.advanceTimersByTime(49);
    expect(query).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(query).toHaveBeenCalledTimes(1);
    expect(query.mock.calls[0][1]).toEqual([['9']]);
  });

  it('keeps the marks of a statement that failed for the next one', () => {
    marks.add(['10']);
    const { ids } = marks.markCte(new SqlParams());
    marks.giveBack(ids);
    expect(marks.markCte(new SqlParams()).ids).toEqual(['10']);
  });
});
