// A consumer's jest setup: TypeScript through ts-jest, nothing else; `partner-sandbox` is imported by name.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': 'ts-jest' },
};
