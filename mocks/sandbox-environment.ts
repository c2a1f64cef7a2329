import { SandboxStartError } from './runtime/server';
import type { Sandbox } from './sandbox';

/**
 * The environment variables that hand a started sandbox to another process (`partner-sandbox run`), derived
 * from the provider's name and its credential fields so a new provider needs no entry here. For a provider
 * `name` (upper snake case, e.g. `XCOVER`):
 * - `<NAME>_BASE_URL`: the API base URL, the first base path included (`http://127.0.0.1:4014/x`);
 * - `<NAME>_URL`: the server root, where `/__sandbox/` is (`http://127.0.0.1:4014`);
 * - `<NAME>_<FIELD>` per credential field, the field in upper snake case (`apiSecret` -> `XCOVER_API_SECRET`).
 */
export function sandboxEnvironment(sandbox: Pick<Sandbox, 'providers'>): Record<string, string> {
  const variables: Record<string, string> = {};
  const set = (name: string, value: string) => {
    // A credential field named `url` or `baseUrl` would silently replace a URL: refuse it where it is added.
    if (Object.hasOwn(variables, name)) throw new SandboxStartError(`two sandbox values map to ${name}`);
    variables[name] = value;
  };
  for (const [provider, { baseUrl, url, credentials }] of Object.entries(sandbox.providers)) {
    const prefix = upperSnakeCase(provider);
    set(`${prefix}_BASE_URL`, baseUrl);
    set(`${prefix}_URL`, url);
    for (const [field, value] of Object.entries(credentials))
      set(`${prefix}_${upperSnakeCase(field)}`, value);
  }
  return variables;
}

/** `partnerCode` -> `PARTNER_CODE`, `signerPrivateKey` -> `SIGNER_PRIVATE_KEY`, `apiURL` -> `API_URL`, `key2Secret` -> `KEY2_SECRET`. */
export function upperSnakeCase(name: string): string {
  return name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/([A-Z\d])([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z\d]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}
