import { amqpEnabled, amqpUserOf, amqpVhostOf, safeAmqpUrl } from './amqp-url';

describe('AMQP URL helpers', () => {
  it('reads the user and virtual host the hub connects as', () => {
    expect(amqpUserOf('amqp://guest:guest@127.0.0.1:5672')).toBe('guest');
    expect(amqpUserOf('amqp://dx%2Dhub:secret@rabbit:5672/')).toBe('dx-hub');
    expect(amqpUserOf('amqp://127.0.0.1')).toBe('guest');
    expect(amqpVhostOf('amqp://guest:guest@127.0.0.1:5672')).toBe('/');
    expect(amqpVhostOf('amqp://guest:guest@127.0.0.1:5672/dxhub-e2e-s2')).toBe('dxhub-e2e-s2');
    expect(amqpVhostOf('amqp://h/%2Fprod')).toBe('/prod');
  });

  it('hides the password and knows "off"', () => {
    expect(safeAmqpUrl('amqp://hub:s3cret@rabbit:5672/v')).toBe('amqp://hub:***@rabbit:5672/v');
    expect(amqpEnabled('off')).toBe(false);
    expect(amqpEnabled('amqp://127.0.0.1')).toBe(true);
  });
});
