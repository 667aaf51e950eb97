import { loadGatewayConfig } from './gateway.config';

describe('loadGatewayConfig: mutual TLS', () => {
  it('serves plain HTTP when no TLS variable is set (empty ones count as unset)', () => {
    for (const env of [{}, { TLS_CERT: '', TLS_KEY: '', TLS_CA: '' }]) {
      const { TLS_CERT, TLS_KEY, TLS_CA } = loadGatewayConfig(env);
      expect([TLS_CERT, TLS_KEY, TLS_CA]).toEqual([undefined, undefined, undefined]);
    }
  });

  it('takes all three paths together', () => {
    expect(loadGatewayConfig({ TLS_CERT: '/tls/gateway.pem', TLS_KEY: '/tls/gateway.key', TLS_CA: '/tls/partners-ca.pem' })).toMatchObject({
      TLS_CERT: '/tls/gateway.pem',
      TLS_KEY: '/tls/gateway.key',
      TLS_CA: '/tls/partners-ca.pem',
    });
  });

  it('refuses part of them, naming what is missing', () => {
    expect(() => loadGatewayConfig({ TLS_CERT: '/tls/gateway.pem' })).toThrow(/TLS_CERT, TLS_KEY and TLS_CA go together .* missing TLS_KEY, TLS_CA/);
    expect(() => loadGatewayConfig({ TLS_CERT: '/tls/gateway.pem', TLS_KEY: '/tls/gateway.key', TLS_CA: '' })).toThrow(/missing TLS_CA$/);
  });
});
