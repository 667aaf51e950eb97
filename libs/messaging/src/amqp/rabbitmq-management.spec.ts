import { exchangeUserPermissions } from './rabbitmq-management';

describe('exchangeUserPermissions', () => {
  it('lets a user publish through the default exchange and read only its own reply queue', () => {
    const p = exchangeUserPermissions('ma');
    expect(p).toEqual({ configure: '^$', write: '^amq\\.default$', read: '^dxhub\\.results\\.ma$' });
    const read = new RegExp(p.read);
    expect(read.test('dxhub.results.ma')).toBe(true);
    expect(read.test('dxhub.results.ma-2')).toBe(false);
    expect(read.test('dxhub.resultsXma')).toBe(false); // the dots are literal
    expect(read.test('dxhub.requests')).toBe(false);
    expect(new RegExp(p.write).test('dxhub.results')).toBe(false); // cannot publish results as the hub
    expect(new RegExp(p.configure).test('anything')).toBe(false);
  });
});
