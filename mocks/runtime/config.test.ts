import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyProviderDefinition, Credentials, SettingDefinition } from './provider';
import { CONFIG_FILE_LIMIT, ConfigError, readConfigFile, resolveProviderConfigs } from './config';

/** Just enough of a provider for config resolution: name, defaults and the live-key check. */
function provider(
  name: string,
  defaultCredentials: Record<string, string>,
  settings: Record<string, SettingDefinition> = {},
  liveCredentialProblem?: (credentials: Credentials) => string | undefined,
): AnyProviderDefinition {
  return {
    name,
    specPath: '/nowhere.yaml',
    defaultCredentials,
    settings,
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

const setting = (
  value: SettingDefinition['default'],
  schema: Record<string, unknown>,
): SettingDefinition => ({
  default: value,
  schema,
  description: 'a toy setting',
});

const toy = provider(
  'toy',
  { apiKey: 'sk_test_toy', secret: 'shh' },
  {
    clockSkewSeconds: setting(300, { type: 'integer', minimum: 0, maximum: 86400 }),
    strict: setting(true, { type: 'boolean' }),
    region: setting('eu', { type: 'string', maxLength: 8 }),
    members: setting([], {
      type: 'array',
      maxItems: 2,
      items: {
        type: 'object',
        properties: { email: { type: 'string', maxLength: 50 }, role: { enum: ['admin', 'viewer'] } },
        required: ['email', 'role'],
        additionalProperties: false,
      },
    }),
  },
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
      settings: { clockSkewSeconds: 300, strict: true, region: 'eu', members: [] },
    });
    expect(resolved.get('other')).toEqual({ credentials: { token: 't' }, settings: {} });
  });

  it('replaces only the fields the config sets, credentials and settings alike', () => {
    const resolved = resolveProviderConfigs([toy, other], {
      toy: {
        secret: 'new',
        clockSkewSeconds: 0,
        strict: false,
        region: 'us',
        members: [{ email: 'a@example.com', role: 'admin' }],
      },
    });
    expect(resolved.get('toy')).toEqual({
      credentials: { apiKey: 'sk_test_toy', secret: 'new' },
      settings: {
        clockSkewSeconds: 0,
        strict: false,
        region: 'us',
        members: [{ email: 'a@example.com', role: 'admin' }],
      },
    });
    expect(resolved.get('other')).toEqual({ credentials: { token: 't' }, settings: {} });
  });

  it('resolves only the wanted providers and those the config names, reading no other definition', () => {
    const untouchable = { name: 'untouchable' } as AnyProviderDefinition;
    for (const field of ['settings', 'defaultCredentials', 'liveCredentialProblem']) {
      Object.defineProperty(untouchable, field, {
        get: () => {
          throw new Error(`read ${field}`);
        },
      });
    }
    const resolved = resolveProviderConfigs(
      [toy, untouchable, other],
      { other: { token: 'u' } },
      new Set(['toy']),
    );
    expect([...resolved.keys()]).toEqual(['toy', 'other']);
    expect(resolved.get('other')?.credentials).toEqual({ token: 'u' });
    expect(
      configError(() => resolveProviderConfigs([toy, other], { other: { nope: 1 } }, new Set(['toy']))),
    ).toBe('unknown field other.nope (known: token, faults, latency, latencySeed, rateLimit, maxNamespaces)');
  });

  it('does not change the provider’s defaults', () => {
    resolveProviderConfigs([toy], { toy: { secret: 'changed', clockSkewSeconds: 1 } });
    expect(toy.defaultCredentials).toEqual({ apiKey: 'sk_test_toy', secret: 'shh' });
    expect(toy.settings.clockSkewSeconds?.default).toBe(300);
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
      'unknown field toy.apikey (known: apiKey, secret, clockSkewSeconds, strict, region, members, faults, latency, latencySeed, rateLimit, maxNamespaces)',
    );
  });

  it.each([[''], [1], [null], [true], ['x'.repeat(1025)], ['line\nbreak'], ['nul\u0000'], ['del\u007f']])(
    'refuses a credential that is not a short printable non-empty string: %j',
    (value) => {
      expect(configError(() => resolveProviderConfigs([toy], { toy: { secret: value } }))).toBe(
        'toy.secret must be a non-empty string of at most 1024 characters, without control characters',
      );
    },
  );

  it.each([
    ['clockSkewSeconds', '300', 'an integer from 0 to 86400'],
    ['clockSkewSeconds', null, 'an integer from 0 to 86400'],
    ['clockSkewSeconds', -5, 'an integer from 0 to 86400'],
    ['clockSkewSeconds', 86401, 'an integer from 0 to 86400'],
    ['clockSkewSeconds', 1e300, 'an integer from 0 to 86400'],
    ['clockSkewSeconds', 1.5, 'an integer from 0 to 86400'],
    ['strict', 'false', 'true or false'],
    ['strict', 0, 'true or false'],
    ['region', 1, 'a string of at most 8 characters'],
    ['region', 'x'.repeat(9), 'a string of at most 8 characters'],
    ['members', {}, 'a list of at most 2 items'],
    ['members', [1, 2, 3], 'a list of at most 2 items'],
  ])('refuses setting %s = %j: it must be %s', (field, value, expected) => {
    expect(configError(() => resolveProviderConfigs([toy], { toy: { [field]: value } }))).toBe(
      `toy.${field} must be ${expected}`,
    );
  });

  it('names the element of a list setting that is wrong', () => {
    const members = [
      { email: 'a@example.com', role: 'admin' },
      { email: 'b@example.com', role: 'owner' },
    ];
    expect(configError(() => resolveProviderConfigs([toy], { toy: { members } }))).toBe(
      'toy.members[1].role must be equal to one of the allowed values',
    );
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'refuses the non-finite number %s for a number setting',
    (value) => {
      expect(configError(() => resolveProviderConfigs([toy], { toy: { clockSkewSeconds: value } }))).toBe(
        'toy.clockSkewSeconds must be an integer from 0 to 86400',
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

  it.each([
    ['a directory', () => dir],
    ['a device that never ends', () => '/dev/zero'],
    [
      'a FIFO with no writer',
      () => {
        const path = join(dir, 'fifo');
        execFileSync('mkfifo', [path]);
        return path;
      },
    ],
  ])('refuses %s without reading it', (_what, pathOf) => {
    const path = pathOf();
    expect(configError(() => readConfigFile(path))).toBe(`config file ${path} is not a regular file`);
  });

  it('refuses a file over 1 MiB', () => {
    const path = join(dir, 'big.json');
    writeFileSync(path, `{"toy": {"secret": "${'s'.repeat(CONFIG_FILE_LIMIT)}"}}`);
    expect(configError(() => readConfigFile(path))).toMatch(
      new RegExp(`^config file ${path} is over the 1 MiB limit \\(\\d+ bytes\\)$`),
    );
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
  const toy = provider(
    'toy',
    { apiKey: 'k' },
    { n: setting(1, { type: 'integer', minimum: 0, maximum: 9 }) },
  );

  it.each(['__proto__', 'constructor', 'toString'])(
    'refuses a top-level %s as an unknown provider, as JSON.parse gives it',
    (name) => {
      const config = JSON.parse(`{"${name}": {"apiKey": "x"}}`) as unknown;
      expect(configError(() => resolveProviderConfigs([toy], config))).toBe(
        `config names unknown provider "${name}" (available: toy)`,
      );
      expect(({} as Record<string, unknown>).apiKey).toBeUndefined();
    },
  );

  it('refuses __proto__ inside a provider section as an unknown field', () => {
    const config = JSON.parse('{"toy": {"__proto__": {"apiKey": "x"}}}') as unknown;
    expect(configError(() => resolveProviderConfigs([toy], config))).toBe(
      'unknown field toy.__proto__ (known: apiKey, n, faults, latency, latencySeed, rateLimit, maxNamespaces)',
    );
  });

  it.each(['toString', 'constructor', 'hasOwnProperty', 'valueOf'])(
    'refuses %s as an unknown field',
    (field) => {
      expect(() => resolveProviderConfigs([toy], { toy: { [field]: 'x' } })).toThrow(
        new ConfigError(
          `unknown field toy.${field} (known: apiKey, n, faults, latency, latencySeed, rateLimit, maxNamespaces)`,
        ),
      );
    },
  );

  it('refuses a null provider section', () => {
    expect(() => resolveProviderConfigs([toy], { toy: null })).toThrow(
      'config for toy must be a JSON object',
    );
  });
});
