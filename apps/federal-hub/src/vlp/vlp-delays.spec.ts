import { loadFederalHubConfig } from '../federal-hub.config';

describe('VLP resolution delays (federal-hub config)', () => {
  it('default to 3 s for step 2 and 5 s for step 3', () => {
    expect(loadFederalHubConfig({})).toMatchObject({ vlpStep2DelayMs: 3000, vlpStep3DelayMs: 5000 });
  });

  it('are read from SIMULATOR_VLP_STEP2_DELAY_MS and SIMULATOR_VLP_STEP3_DELAY_MS; 0 resolves at once', () => {
    expect(loadFederalHubConfig({ SIMULATOR_VLP_STEP2_DELAY_MS: '0', SIMULATOR_VLP_STEP3_DELAY_MS: '86400000' })).toMatchObject({
      vlpStep2DelayMs: 0,
      vlpStep3DelayMs: 86_400_000,
    });
  });

  it('refuse negative or non-numeric values, naming the variable', () => {
    expect(() => loadFederalHubConfig({ SIMULATOR_VLP_STEP2_DELAY_MS: '-1' })).toThrow(/SIMULATOR_VLP_STEP2_DELAY_MS/);
    expect(() => loadFederalHubConfig({ SIMULATOR_VLP_STEP3_DELAY_MS: 'days' })).toThrow(/SIMULATOR_VLP_STEP3_DELAY_MS/);
  });
});
