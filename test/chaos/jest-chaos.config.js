// The chaos proof (npm run test:chaos): one spec that starts, kills and restarts its own hub processes
// (npm run build first), so it shares no global setup with the end-to-end suite.
const { shared } = require('../../jest.shared');

module.exports = {
  ...shared,
  rootDir: '../..',
  displayName: 'chaos',
  testMatch: ['<rootDir>/test/chaos/**/*.e2e-spec.ts'],
  testTimeout: 300_000,
};
