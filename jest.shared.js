// Jest settings shared by jest.config.js (unit, integration) and test/jest-e2e.config.js.
// @swc/jest also transforms node_modules/@nestjs: Nest 12 ships ES modules only (TOOLCHAIN.md).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|nestjs-pino|cookie)/)'],
  moduleNameMapper: { '^@dxhub/(.*)$': '<rootDir>/libs/$1/src' },
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/libs/testing/src/test-env.ts'],
};

module.exports = { shared };
