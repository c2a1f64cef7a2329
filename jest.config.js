// Type-checking is `npm run typecheck`'s job; ts-jest only transpiles (isolatedModules in tsconfig).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/src', '<rootDir>/mocks'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 20000,
  // Every reason code answered is checked against the catalogues (test/setup/answered-reasons.ts).
  setupFilesAfterEnv: ['<rootDir>/test/setup/answered-reasons.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/reporters/summary-line.js'],
};
