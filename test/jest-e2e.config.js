// End-to-end tests: the four compiled processes (npm run build first) on their own ports, database
// and Redis db, driven over real HTTP. See libs/testing/src/e2e-environment.ts.
const { shared } = require('../jest.shared');

module.exports = {
  ...shared,
  rootDir: '..',
  displayName: 'e2e',
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  // The chaos proof starts and kills its own hub: npm run test:chaos (test/chaos/jest-chaos.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/chaos/'],
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  testTimeout: 60_000,
};
