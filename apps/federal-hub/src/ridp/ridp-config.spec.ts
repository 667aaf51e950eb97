import { loadFederalHubConfig } from '../federal-hub.config';

describe('SIMULATOR_RIDP_SESSION_TTL_MS', () => {
  it('defaults to 15 minutes', () => {
    expect(loadFederalHubConfig({}).ridpSessionTtlMs).toBe(15 * 60_000);
  });

  it('is read in milliseconds, empty counting as unset', () => {
    expect(loadFederalHubConfig({ SIMULATOR_RIDP_SESSION_TTL_MS: '60000' }).ridpSessionTtlMs).toBe(60_000);
    expect(loadFederalHubConfig({ SIMULATOR_RIDP_SESSION_TTL_MS: '' }).ridpSessionTtlMs).toBe(15 * 60_000);
  });

  it('refuses a session that could never be answered, naming the variable', () => {
    expect(() => loadFederalHubConfig({ SIMULATOR_RIDP_SESSION_TTL_MS: '0' })).toThrow(/SIMULATOR_RIDP_SESSION_TTL_MS/);
    expect(() => loadFederalHubConfig({ SIMULATOR_RIDP_SESSION_TTL_MS: 'soon' })).toThrow(/SIMULATOR_RIDP_SESSION_TTL_MS/);
  });
});
