import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyProviderDefinition, Credentials } from './provider';
import { ConfigError, readConfigFile, resolveProviderConfigs } from './config';

/** Just enough of a provider for config resolution: name, defaults and the live-key check. */
function provider(
  name: string,
  defaultCredentials: Record<string, string>,
  defaultSettings: Record<string, string | number | boolean> = {},
  liveCredentialProblem?: (credentials: Credentials) => string | undefined,
): AnyProviderDefinition {
  return {
    name,
    specPath: '/nowhere.yaml',
    defaultCredentials,
    defaultSettings,
    liveCredentialProblem,
    securitySchemes: {},
    reasons: {},
    errorBody: () => ({}),
    validationError: () => ({ status: 422, message: '', errors: [] }),
    sensitiveHeaders: [],
    createState: () => ({}),
    handlers: {},
  } as AnyProviderDefinition;
}

const toy = provider(
  'toy',
  { apiKey: 'sk_test_toy', secret: 'shh' },
  { clockSkewSeconds: 300, strict: true, region: 'eu' },
  (credentials) => (credentials.apiKey?.startsWith('sk_live_') ? 'apiKey is a live key' : undefined),
);
const other = provider('other', { token: 't' });

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).name).toBe('ConfigError');
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveProviderConfigs', () => {
  it('gives every provider its defaults when there is no config', () => {
    const resolved = resolveProviderConfigs([toy, other]);
    expect([...resolved.keys()]).toEqual(['toy', 'other']);
    expect(resolved.get('toy')).toEqual({
      credentials: { apiKey: 'sk_test_toy', secret: 'shh' },
      settings: { clockSkewSeconds: 300, strict: true, region: 'eu' },
    });
    expect(resolved.get('other')).toEqual({ credentials: { token: 't' }, settings: {} });
  });

  it('replaces only the fields the config sets, credentials and settings alike', () => {
    const resolved = resolveProviderConfigs([toy, other], {
      toy: { secret: 'new', clockSkewSeconds: 0, strict: false, region: 'us' },
    });
    expect(resolved.get('toy')).toEqual({
      credentials: { apiKey: 'sk_test_toy', secret: 'new' },
      settings: { clockSkewSeconds: 0, strict: false, region: 'us' },
    });
    expect(resolved.get('other')).toEqual({ credentials: { token: 't' }, settings: {} });
  });

  it('does not change the provider’s defaults', () => {
    resolveProviderConfigs([toy], { toy: { secret: 'changed', clockSkewSeconds: 1 } });
    expect(toy.defaultCredentials).toEqual({ apiKey: 'sk_test_toy', secret: 'shh' });
    expect(toy.defaultSettings.clockSkewSeconds).toBe(300);
  });

  it.each([null, [], 'toy', 3])('refuses a config that is not an object: %j', (config) => {
    expect(configError(() => resolveProviderConfigs([toy], config))).toBe(
      'config must be a JSON object keyed by provider name',
    );
  });

  it('refuses an unknown provider, listing the known ones', () => {
    expect(configError(() => resolveProviderConfigs([toy, other], { ensuro: {} }))).toBe(
      'config names unknown provider "ensuro" (available: toy, other)',
    );
  });

  it.each([[], 'x', 0])('refuses a provider section that is not an object: %j', (section) => {
    expect(configError(() => resolveProviderConfigs([toy], { toy: section }))).toBe(
      'config for toy must be a JSON object',
    );
  });

  it('refuses an unknown field, listing the known ones', () => {
    expect(configError(() => resolveProviderConfigs([toy], { toy: { apikey: 'x' } }))).toBe(
      'unknown field toy.apikey (known: apiKey, secret, clockSkewSeconds, strict, region)',
    );
  });

  it.each([[''], [1], [null], [true]])('refuses a credential that is not a non-empty string: %j', (value) => {
    expect(configError(() => resolveProviderConfigs([toy], { toy: { secret: value } }))).toBe(
      'toy.secret must be a non-empty string',
    );
  });

  it.each([
    ['clockSkewSeconds', '300', 'number'],
    ['clockSkewSeconds', null, 'number'],
    ['strict', 'false', 'boolean'],
    ['strict', 0, 'boolean'],
    ['region', 1, 'string'],
  ])('refuses setting %s = %j, which is not a %s', (field, value, expected) => {
    expect(configError(() => resolveProviderConfigs([toy], { toy: { [field]: value } }))).toBe(
      `toy.${field} must be a ${expected}`,
    );
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'refuses the non-finite number %s for a number setting',
    (value) => {
      expect(configError(() => resolveProviderConfigs([toy], { toy: { clockSkewSeconds: value } }))).toBe(
        'toy.clockSkewSeconds must be a number',
      );
    },
  );

  it('refuses live credentials, whether configured or built in', () => {
    expect(configError(() => resolveProviderConfigs([toy], { toy: { apiKey: 'sk_live_123' } }))).toBe(
      'toy: apiKey is a live key; the sandbox never accepts live keys',
    );
    const liveByDefault = provider('live', { apiKey: 'sk_live_x' }, {}, toy.liveCredentialProblem);
    expect(configError(() => resolveProviderConfigs([liveByDefault]))).toBe(
      'live: apiKey is a live key; the sandbox never accepts live keys',
    );
  });
});

describe('readConfigFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-config-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('parses a JSON file', () => {
    const path = join(dir, 'good.json');
    writeFileSync(path, '{"toy":{"secret":"s"}}');
    expect(readConfigFile(path)).toEqual({ toy: { secret: 's' } });
  });

  it('reports a missing file by its error code', () => {
    const path = join(dir, 'missing.json');
    expect(configError(() => readConfigFile(path))).toBe(`cannot read config file ${path}: ENOENT`);
  });

  it('reports a file that is not JSON', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"toy": ');
    const message = configError(() => readConfigFile(path));
    expect(message.startsWith(`config file ${path} is not valid JSON: `)).toBe(true);
    expect(message).not.toContain('\n');
  });
});

describe('resolveProviderConfigs, names every object inherits', () => {
  const toy = provider('toy', { apiKey: 'k' }, { n: 1 });

  it.each(['toString', 'constructor', 'hasOwnProperty', 'valueOf'])(
    'refuses %s as an unknown field',
    (field) => {
      expect(() => resolveProviderConfigs([toy], { toy: { [field]: 'x' } })).toThrow(
        new ConfigError(`unknown field toy.${field} (known: apiKey, n)`),
      );
    },
  );

  it('refuses a null provider section', () => {
    expect(() => resolveProviderConfigs([toy], { toy: null })).toThrow(
      'config for toy must be a JSON object',
    );
  });
});
