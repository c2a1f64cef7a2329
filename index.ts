/**
 * The package root (`partner-sandbox`): everything. The signers, verifiers and typed clients of `src/`, and
 * the sandbox itself for tests (`startSandbox`). Importing one provider's client alone, without the mock
 * servers, is `partner-sandbox/<provider>` (the `exports` map sends it to `src/<provider>`).
 *
 * This file sits above both layers: `src/` never imports `mocks/`, so the root that offers both lives here.
 */
export * from './src';
export {
  DEFAULT_PORT_BASE,
  startSandbox,
  type Sandbox,
  type SandboxConfig,
  type SandboxOptions,
  type StartedProvider,
} from './mocks/sandbox';
export { sandboxEnvironment } from './mocks/sandbox-environment';
export { SandboxStartError } from './mocks/runtime/server';
