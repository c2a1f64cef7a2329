// Type-checking is `npm run typecheck`'s job; ts-jest only transpiles (isolatedModules in tsconfig).
const { availableParallelism } = require('node:os');

/** What every project shares. */
const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/src', '<rootDir>/mocks'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Every reason code answered is checked against the catalogues (test/setup/answered-reasons.ts).
  setupFilesAfterEnv: ['<rootDir>/test/setup/answered-reasons.ts'],
};

/**
 * Provider suites run again with the provider state in a shared store (docs/scale.md): the same files, their
 * sandboxes given a store by test/helpers/test-state-store.ts, once on a MemoryStateStore per sandbox and once
 * on a redis-server of each file's own. XCover's HTTP suite (but hardening.test.ts, which measures the in-memory
 * maps' heap bytes, and shared-state.test.ts, which picks its stores itself), and representative files of KASKO
 * (ownership, preconditions, webhooks), Ensuro and Kashier, Kigo's sessions, SSO, wallet and its client's
 * login (but wallet-flags.test.ts, which changes a token in the in-memory state), and the runtime's
 * control-surface suites (control, redaction, faults on the toy provider).
 */
const ON_STORE = [
  '<rootDir>/test/integration/xcover/!(hardening|shared-state|shared-control).test.ts',
  '<rootDir>/test/integration/kasko/{flows,auth,webhooks}.test.ts',
  '<rootDir>/test/integration/ensuro/{flows,provider-states}.test.ts',
  '<rootDir>/test/integration/kashier/{api,invoices,installments}.test.ts',
  '<rootDir>/test/integration/kigo/{sessions,wallet,session-client}.test.ts',
  '<rootDir>/test/integration/runtime/{control,control-redaction,faults}.test.ts',
];
const onStore = (kind, testMatch) => ({
  ...base,
  displayName: `state on ${kind}`,
  testMatch,
  globals: { testStateKind: kind },
  setupFilesAfterEnv: [...base.setupFilesAfterEnv, '<rootDir>/test/setup/state-store.ts'],
});

/** @type {import('jest').Config} */
module.exports = {
  // Jest's default (cores - 1) runs a 2-core machine's whole suite in one process, one file after another,
  // while most files wait on sockets and child processes: two workers there (the suite took 137 s in band).
  maxWorkers: Math.max(2, availableParallelism() - 1),
  testTimeout: 20000,
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/reporters/summary-line.js'],
  projects: [
    { ...base, displayName: 'state in memory' },
    onStore('memory-store', ON_STORE),
    onStore('redis', ON_STORE),
  ],
};
