import { NotFoundException } from '@nestjs/common';
import { Problems, toProblem } from './problem';

describe('toProblem', () => {
  it('keeps our own problems as they are', () => {
    const p = toProblem(Problems.validation([{ field: 'subject.ssn', message: 'bad' }]));
    expect(p).toMatchObject({ status: 400, type: '/problems/validation-error', errors: [{ field: 'subject.ssn' }] });
  });

  it('maps Fastify body errors to 400, 413 and 415', () => {
    expect(toProblem(Object.assign(new SyntaxError('Unexpected token'), { statusCode: 400 })).errors[0].field).toBe('body');
    expect(toProblem({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }).status).toBe(413);
    expect(toProblem({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }).status).toBe(415);
  });

  it('maps Nest HTTP exceptions by status', () => {
    expect(toProblem(new NotFoundException()).status).toBe(404);
  });

  it('never leaks an unknown error\'s message', () => {
    const p = toProblem(new Error('password=hunter2'));
    expect(p.status).toBe(500);
    expect(JSON.stringify(p)).not.toContain('hunter2');
  });
});

describe('toProblem when a dependency is down', () => {
  it.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['PostgreSQL shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a TypeORM query error over a lost connection', Object.assign(new Error('Connection terminated unexpectedly'), { driverError: {} })],
    ['a connection exception class 08', Object.assign(new Error('x'), { driverError: { code: '08006' } })],
  ])('answers 503 for %s, without detail of the cause', (_, error) => {
    const p = toProblem(error);
    expect(p).toMatchObject({ status: 503, type: '/problems/unavailable' });
    expect(JSON.stringify(p)).not.toContain('5432');
  });

  it('keeps other errors 500', () => {
    expect(toProblem(Object.assign(new Error('duplicate key'), { code: '23505' })).status).toBe(500);
  });
});
