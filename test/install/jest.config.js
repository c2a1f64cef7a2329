// `npm run test:install`: installs the checkout into a fresh consumer through git, as a user without the npm
// registry's copy does. Minutes, not seconds (the git install builds the package with its devDependencies),
// so it is a CI job of its own rather than part of `npm test`, whose consumer checks use a packed copy.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/install'],
  testMatch: ['**/*.install.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 600_000,
};
