import type Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import type { AnyProviderDefinition, SettingDefinition, Settings } from './provider';
import { RUNTIME_SETTINGS } from './runtime-settings';
import { addWebUrlFormat, WEB_URL_FORMAT } from './web-url';

/** Credentials are test keys: short, printable, never empty (a control character would end up in a header). */
export const CREDENTIAL_MAX_LENGTH = 1024;
const CREDENTIAL_SCHEMA = {
  type: 'string',
  minLength: 1,
  maxLength: CREDENTIAL_MAX_LENGTH,
  pattern: '^[^\\u0000-\\u001F\\u007F]*$',
};

export interface SettingsValidator {
  /** A provider's section of the config file (any subset of credentials and settings): a one-line problem. */
  configProblem(section: unknown): string | undefined;
  /** A complete set of settings, as `createProviderApp` receives it: a one-line problem. */
  settingsProblem(settings: Settings): string | undefined;
}

// strict: a provider's schema with a misspelt keyword, or a keyword given a value of the wrong type, fails at
// compile time instead of checking nothing; ownProperties: `constructor` or `toString` in a config is an
// unknown field, never an inherited one. validateSchema off: checking a schema against the meta-schema first
// compiles the meta-schema, 80 ms of every start-up, for nothing strict mode does not already catch.
// Created on the first compile: a CLI command that validates no settings (sign, credentials without a config
// file, --help) then never loads Ajv (~0.1 s).
let sharedAjv: Ajv2020 | undefined;
function ajv(): Ajv2020 {
  if (sharedAjv === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv = (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default;
    sharedAjv = new Ajv({ strict: true, ownProperties: true, validateSchema: false });
    addWebUrlFormat(sharedAjv);
  }
  return sharedAjv;
}
const validators = new WeakMap<AnyProviderDefinition, SettingsValidator>();

/** The provider's validators, compiled once per provider and kept as long as the provider is. */
export function settingsValidatorOf(provider: AnyProviderDefinition): SettingsValidator {
  let validator = validators.get(provider);
  if (!validator) {
    validator = compileValidator(provider);
    validators.set(provider, validator);
  }
  return validator;
}

/** Throws one line when `settings` does not follow the provider's setting schemas (or misses a setting). */
export function validateSettings(provider: AnyProviderDefinition, settings: Settings): void {
  const problem = settingsValidatorOf(provider).settingsProblem(settings);
  if (problem !== undefined) throw new Error(`invalid settings: ${problem}`);
}

/** The settings a provider takes: its own, and the runtime's (faults, latency, rate limit). */
export function allSettingsOf(provider: AnyProviderDefinition): Readonly<Record<string, SettingDefinition>> {
  return { ...provider.settings, ...RUNTIME_SETTINGS };
}

function compileValidator(provider: AnyProviderDefinition): SettingsValidator {
  const settingSchemas = Object.fromEntries(
    Object.entries(allSettingsOf(provider)).map(([name, setting]) => [name, setting.schema]),
  );
  const required = Object.keys(provider.settings);
  const credentialSchemas = Object.fromEntries(
    Object.keys(provider.defaultCredentials).map((name) => [name, CREDENTIAL_SCHEMA]),
  );
  const config = ajv().compile({
    type: 'object',
    properties: { ...credentialSchemas, ...settingSchemas },
    additionalProperties: false,
  });
  const settings = ajv().compile({
    type: 'object',
    properties: settingSchemas,
    required,
    additionalProperties: false,
  });
  const known = [...Object.keys(credentialSchemas), ...Object.keys(settingSchemas)];
  const problem = (validate: ValidateFunction, value: unknown, what: string, fields: string[]) => {
    if (validate(value)) return undefined;
    return describeError(provider, (validate.errors as ErrorObject[])[0] as ErrorObject, what, fields);
  };
  return {
    configProblem: (section) => problem(config, section, `config for ${provider.name}`, known),
    settingsProblem: (value) =>
      problem(settings, value, `settings for ${provider.name}`, Object.keys(settingSchemas)),
  };
}

/** One line naming the field (`<provider>.<setting>`) and what it must be, its range included. */
function describeError(
  provider: AnyProviderDefinition,
  error: ErrorObject,
  what: string,
  known: readonly string[],
): string {
  const [field, ...rest] = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (field === undefined) {
    if (error.keyword === 'additionalProperties') {
      const unknown = (error.params as { additionalProperty: string }).additionalProperty;
      return `unknown field ${provider.name}.${unknown} (known: ${known.join(', ')})`;
    }
    if (error.keyword === 'required') {
      return `${provider.name}.${(error.params as { missingProperty: string }).missingProperty} is missing`;
    }
    return `${what} must be a JSON object`;
  }
  const where = `${provider.name}.${field}`;
  const settings = allSettingsOf(provider);
  if (!Object.hasOwn(settings, field)) {
    return `${where} must be a non-empty string of at most ${CREDENTIAL_MAX_LENGTH} characters, without control characters`;
  }
  if (rest.length > 0) {
    const path = rest.map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`)).join('');
    return `${where}${path} ${error.message ?? 'is invalid'}`;
  }
  return `${where} must be ${expectation(settings[field]?.schema ?? {})}`;
}

/** What a schema asks for, in words: "an integer from 0 to 86400", "true or false", ... */
function expectation(schema: Readonly<Record<string, unknown>>): string {
  const { type, minimum, maximum, maxLength, maxItems, anyOf } = schema as {
    type?: string;
    anyOf?: readonly { format?: string }[];
    minimum?: number;
    maximum?: number;
    maxLength?: number;
    maxItems?: number;
  };
  const range =
    minimum !== undefined && maximum !== undefined
      ? ` from ${minimum} to ${maximum}`
      : minimum !== undefined
        ? ` of at least ${minimum}`
        : maximum !== undefined
          ? ` of at most ${maximum}`
          : '';
  switch (type) {
    case 'integer':
      return `an integer${range}`;
    case 'number':
      return `a number${range}`;
    case 'boolean':
      return 'true or false';
    case 'string':
      if (anyOf?.some((option) => option.format === WEB_URL_FORMAT))
        return 'empty or an http(s) URL (WHATWG URL rules, port 1 to 65535, no whitespace)';
      return `a string${maxLength === undefined ? '' : ` of at most ${maxLength} characters`}`;
    case 'array':
      return `a list${maxItems === undefined ? '' : ` of at most ${maxItems} items`}`;
    case 'object':
      return 'an object';
    default:
      return 'as its schema says';
  }
}

/**
 * The secrets the settings carry: every string whose schema says `writeOnly: true` (JSON Schema's mark of a
 * value that is sent, never shown back, as OpenAPI marks passwords), inside lists and objects too: further
 * accounts' keys. The journal redacts them like the credentials.
 */
export function secretSettingValues(
  definitions: Readonly<Record<string, { readonly schema: Readonly<Record<string, unknown>> }>>,
  settings: Settings,
): string[] {
  const secrets: string[] = [];
  const visit = (schema: unknown, value: unknown): void => {
    if (typeof schema !== 'object' || schema === null) return;
    const { writeOnly, items, properties } = schema as {
      writeOnly?: boolean;
      items?: unknown;
      properties?: Readonly<Record<string, unknown>>;
    };
    if (writeOnly === true && typeof value === 'string') secrets.push(value);
    if (Array.isArray(value)) for (const item of value as unknown[]) visit(items, item);
    else if (typeof value === 'object' && value !== null && properties) {
      for (const [field, fieldSchema] of Object.entries(properties))
        if (Object.hasOwn(value, field)) visit(fieldSchema, (value as Record<string, unknown>)[field]);
    }
  };
  for (const [name, definition] of Object.entries(definitions)) visit(definition.schema, settings[name]);
  return secrets;
}
