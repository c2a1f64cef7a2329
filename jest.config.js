// Type-checking is `npm run typecheck`'s job; ts-jest only transpiles (isolatedModules in tsconfig).
const { availableParallelism } = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Jest's default (cores - 1) runs a 2-core machine's whole suite in one process, one file after another,
  // while most files wait on sockets and child processes: two workers there (the suite took 137 s in band).
  maxWorkers: Math.max(2, availableParallelism() - 1),
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
