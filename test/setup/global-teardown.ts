import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PROVIDERS } from '../../mocks/registry';
import { RUNTIME_REASONS } from '../../mocks/runtime/reasons';

interface RunScope {
  readonly testPathPattern?: string;
  readonly testNamePattern?: string;
  readonly onlyChanged?: boolean;
  readonly findRelatedTests?: boolean;
  readonly shard?: unknown;
}

/**
 * After a run of the whole suite: every catalogued reason code was actually answered by some test (the
 * runtime's codes by any provider's sandbox, each provider's own codes by that provider), so the catalogue
 * and docs/reason-codes.md list nothing the sandbox never says. INTERNAL_ERROR is a sandbox bug by
 * definition: no request is meant to provoke it. A partial run (a path or name filter) checks nothing.
 */
export default function globalTeardown(config: RunScope): void {
  const dir = process.env.PARTNER_SANDBOX_REASONS_DIR;
  if (!dir) return;
  const seen = readdirSync(dir).flatMap((file) => readFileSync(join(dir, file), 'utf8').split('\n'));
  rmSync(dir, { recursive: true, force: true });
  const partial =
    Boolean(config.testPathPattern) ||
    Boolean(config.testNamePattern) ||
    config.onlyChanged === true ||
    config.findRelatedTests === true ||
    Boolean(config.shard);
  if (partial) return;
  const answered = new Set(seen.map((line) => line.split(' ')[1]).filter(Boolean));
  const runtimeSuffixes = new Set([...answered].map((code) => code?.replace(/^[A-Z0-9]+_/, '')));
  const missing = [
    ...Object.keys(RUNTIME_REASONS)
      .filter((suffix) => suffix !== 'INTERNAL_ERROR' && !runtimeSuffixes.has(suffix))
      .map((suffix) => `<PROVIDER>_${suffix}`),
    ...PROVIDERS.flatMap((provider) => Object.keys(provider.reasons).filter((code) => !answered.has(code))),
  ];
  if (missing.length > 0) {
    throw new Error(
      `reason codes no test provoked (answer each in a test over HTTP, or drop it from the catalogue): ${missing.join(', ')}`,
    );
  }
}
