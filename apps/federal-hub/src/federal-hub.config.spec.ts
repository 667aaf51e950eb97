import { DEV_CLIENT_SECRET, loadFederalHubConfig } from './federal-hub.config';

describe('loadFederalHubConfig', () => {
  it('has development defaults', () => {
    expect(loadFederalHubConfig({})).toEqual({
      clientId: 'dxhub-dev',
      clientSecret: DEV_CLIENT_SECRET,
      tokenTtlSeconds: 1800,
      slowMs: 30_000,
      ridpSessionTtlMs: 15 * 60_000,
      vlpStep2DelayMs: 3000,
      vlpStep3DelayMs: 5000,
      adminToken: undefined,
      production: false,
    });
  });

  it('reads and coerces the variables, empty ones counting as unset', () => {
    const config = loadFederalHubConfig({ FEDERAL_CLIENT_ID: 'state', FEDERAL_TOKEN_TTL_SECONDS: '60', SIMULATOR_SLOW_MS: '250', FEDERAL_CLIENT_SECRET: '' });
    expect(config).toMatchObject({ clientId: 'state', tokenTtlSeconds: 60, slowMs: 250, clientSecret: DEV_CLIENT_SECRET });
  });

  it('rejects malformed numbers, naming the variable', () => {
    expect(() => loadFederalHubConfig({ SIMULATOR_SLOW_MS: 'soon' })).toThrow(/SIMULATOR_SLOW_MS/);
    expect(() => loadFederalHubConfig({ FEDERAL_TOKEN_TTL_SECONDS: '0' })).toThrow(/FEDERAL_TOKEN_TTL_SECONDS/);
  });

  it('refuses the development secret and a missing admin token in production', () => {
    expect(() => loadFederalHubConfig({ NODE_ENV: 'production' })).toThrow(
      /FEDERAL_CLIENT_SECRET: must be set to a non-default secret in production; SIMULATOR_ADMIN_TOKEN: is required in production/,
    );
    const config = loadFederalHubConfig({ NODE_ENV: 'production', FEDERAL_CLIENT_SECRET: 's3cret', SIMULATOR_ADMIN_TOKEN: 'admin' });
    expect(config).toMatchObject({ production: true, adminToken: 'admin', clientSecret: 's3cret' });
  });
});
