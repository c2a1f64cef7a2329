import { writeFileSync } from 'node:fs';
import { ContractError } from '../contract/contract-error';
import { junitXml } from '../contract/junit';
import { readContractsFor, type PactContract } from '../contract/pact-file';
import { replayContract, type InteractionResult } from '../contract/replay';
import { resultTable, verdictOf } from '../contract/report';
import { readConfigFile, resolveProviderConfigs } from '../runtime/config';
import { findUpwards } from '../runtime/find-upwards';
import type { AnyProviderDefinition, Credentials } from '../runtime/provider';
import { UsageError } from './args';
import type { CliEnvironment } from './main';

export const VERIFY_USAGE =
  '  partner-sandbox verify --provider NAME --base-url URL [--contract FILE|DIR] [--config FILE] [--state-url URL] [--junit FILE]';

export const VERIFY_FLAGS = {
  provider: true,
  'base-url': true,
  config: true,
  'state-url': true,
  contract: true,
  junit: true,
  help: false,
} as const;

const VERIFY_HELP = `Usage:
${VERIFY_USAGE}

Replays a provider's Pact contract(s) against any server: the sandbox, your own implementation, a proxy,
or the provider's real test environment. By default the committed contracts (contracts/*.json); with
--contract, your own (a consumer contract your Pact tests wrote). Only the contracts whose provider is
--provider are read and checked.

For each interaction, in order:
  1. each provider state it names is set up, as Pact's verifiers do it: POST <state-url>
     {"state": NAME, "params": {...}, "action": "setup"}, which must answer 200 with a JSON object of the
     values it created (ids); those fill the contract's provider-state values;
  2. the request is sent to <base-url><path>, signed as the provider requires;
  3. the response is checked against the interaction: status, headers, body (Pact matching rules);
  4. its states are torn down: the same call with "action": "teardown".

An interaction marked "pending": true (Pact V4; or the whole contract) that fails is reported PENDING and
does not fail the run (JUnit: skipped, with the reason).

Options:
  --provider NAME      the provider whose contracts to replay (${'<available>'})
  --base-url URL       where the requests go, e.g. http://127.0.0.1:4014
  --contract FILE|DIR  the Pact file, or a directory of them, instead of the committed contracts
  --state-url URL      the state endpoint (default: <base-url origin>/__sandbox/provider-states)
  --config FILE        credentials and settings, as \`partner-sandbox credentials --json\` prints them
  --junit FILE         also write the results as JUnit XML

Credentials: the built-in test credentials, replaced by the config file's, replaced by environment
variables <PROVIDER>_<FIELD> (e.g. XCOVER_API_KEY for xcover's apiKey). They are never printed.

Exit code: 0 when every interaction passed (or failed pending), 1 when one failed, 2 when verify could
not run.
See docs/partners.md.`;

/**
 * `partner-sandbox verify`: replays a provider's committed contracts against a server and reports each
 * interaction. Resolves to the exit code.
 */
export async function verify(
  flags: ReadonlyMap<string, string | true>,
  env: CliEnvironment,
  contractsDir: string | undefined = findUpwards(__dirname, 'contracts'),
): Promise<number> {
  if (flags.has('help')) {
    const names = env.providers.map((provider) => provider.name).join(', ');
    env.stdout(`${VERIFY_HELP.replace('<available>', names)}\n`);
    return 0;
  }
  const provider = providerOf(required(flags, 'provider'), env.providers);
  const baseUrl = httpUrl(required(flags, 'base-url'), '--base-url');
  const stateUrl = httpUrl(
    optional(flags, 'state-url') ?? `${new URL(baseUrl).origin}/__sandbox/provider-states`,
    '--state-url',
  );
  const junitFile = optional(flags, 'junit');
  const configPath = optional(flags, 'config');
  const { clientAuth } = provider;
  if (clientAuth === undefined) {
    env.stderr(
      `partner-sandbox: verify: provider "${provider.name}" defines no client authentication (clientAuth), so its requests cannot be signed\n`,
    );
    return 2;
  }
  const config = resolveProviderConfigs(
    [provider],
    configPath === undefined ? {} : readConfigFile(configPath),
  ).get(provider.name);
  let contracts: PactContract[];
  try {
    contracts = contractsOf(provider.name, optional(flags, 'contract') ?? contractsDir);
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    env.stderr(`partner-sandbox: verify: ${error.message}\n`);
    return 2;
  }
  const session = new Map<string, unknown>();
  const suites: { name: string; results: InteractionResult[] }[] = [];
  for (const contract of contracts) {
    const results = await replayContract({
      contract,
      baseUrl,
      stateUrl,
      clientAuth,
      authContext: {
        credentials: withEnvironment(provider.name, config?.credentials ?? {}, env.variables ?? {}),
        settings: config?.settings ?? {},
        baseUrl,
        session,
      },
      credentialHeaders: provider.sensitiveHeaders,
    });
    const name = `${contract.consumer} -> ${contract.provider}`;
    suites.push({ name, results });
    env.stdout(resultTable(`${name} (${contract.file}) against ${baseUrl}`, results));
  }
  if (junitFile !== undefined) writeFileSync(junitFile, junitXml(suites));
  return suites.some((suite) => suite.results.some((result) => verdictOf(result) === 'FAIL')) ? 1 : 0;
}

/** The provider's contracts at `path` (a file or a directory); none is an error. */
function contractsOf(provider: string, path: string | undefined): PactContract[] {
  if (path === undefined) throw new ContractError('no contracts/ directory found');
  const contracts = readContractsFor(provider, [path]);
  if (contracts.length === 0) throw new ContractError(`no contract for provider "${provider}" in ${path}`);
  return contracts;
}

/** Environment variables `<PROVIDER>_<FIELD>` (apiKey -> XCOVER_API_KEY) replace credential fields. */
export function withEnvironment(
  provider: string,
  credentials: Credentials,
  variables: Readonly<Record<string, string | undefined>>,
): Credentials {
  const name = (field: string) =>
    `${provider}_${field.replace(/([a-z0-9])([A-Z])/g, '$1_$2')}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return Object.fromEntries(
    Object.entries(credentials).map(([field, value]) => [field, variables[name(field)] ?? value]),
  );
}

function providerOf(name: string, providers: readonly AnyProviderDefinition[]): AnyProviderDefinition {
  const found = providers.find((provider) => provider.name === name.toLowerCase());
  if (found) return found;
  throw new UsageError(`unknown provider "${name}" (available: ${providers.map((p) => p.name).join(', ')})`);
}

function httpUrl(value: string, flag: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new UsageError(`${flag} must be an http(s) URL, got "${value}"`);
  return value;
}

function required(flags: ReadonlyMap<string, string | true>, name: string): string {
  const value = optional(flags, name);
  if (value === undefined) throw new UsageError(`verify needs --${name}`);
  return value;
}

function optional(flags: ReadonlyMap<string, string | true>, name: string): string | undefined {
  const value = flags.get(name);
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value;
}
