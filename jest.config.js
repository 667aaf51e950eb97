// Unit tests (*.spec.ts beside the code) and integration tests (*.integration.spec.ts, against the
// real PostgreSQL and Redis). End-to-end tests across real processes: test/jest-e2e.config.js.
const { shared } = require('./jest.shared');

module.exports = {
  projects: [
  { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'], testPathIgnorePatterns: ['\\.integration\\.spec\\.ts$'] },
  { ...shared, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.integration.spec.ts'] },
  ],
};
