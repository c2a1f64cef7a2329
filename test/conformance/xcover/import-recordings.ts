/**
 * Converts the XCover Python SDK's VCR cassettes (vcrpy YAML) into this project's conformance fixtures
 * (see ./fixture.ts). Regeneration and the drift check live in ./import-recordings.test.ts.
 *
 * Cassette quirks handled here:
 * - response bodies are either a YAML string (PyYAML writes `\xA3` for £; the YAML parser decodes it) or
 *   `!!binary` base64 bytes, gzip-compressed when the recorded response had `Content-Encoding: gzip`;
 *   bytes are decoded as UTF-8, falling back to latin1 if they are not valid UTF-8;
 * - header values are lists; the Authorization header was already filtered out by the SDK's tests.
 */
import { gunzipSync, inflateSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { parseHttpDate } from '../../../src/xcover/signature';
import { layoutJson } from '../json-layout';
import { shapeOf } from '../shape';
import type { ConformanceExchange, ConformanceFixture, HttpMethod } from './fixture';

export interface RecordedInteraction {
  method: string;
  uri: string;
  requestHeaders: Record<string, string[]>;
  /** Decoded request body text, null if none. */
  requestBody: string | null;
  status: number;
  responseHeaders: Record<string, string[]>;
  /** Decoded response body text ('' if empty). */
  responseBody: string;
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Request headers that are transport, auth or signing details, never replayed (compared lower-cased). */
const DROPPED_HEADERS = new Set([
  'authorization',
  'x-api-key',
  'date',
  'content-length',
  'content-type',
  'user-agent',
  'connection',
  'host',
  'accept',
  'accept-encoding',
  'accept-language',
  'accept-charset',
  'cache-control',
  'pragma',
  'cookie',
  'te',
  'transfer-encoding',
  'expect',
]);

const PACKAGE_ID = /^[A-Za-z0-9]{5}(?:-[A-Za-z0-9]{5})+-INS$/;
const SUFFIXED_ID = /^[A-Za-z0-9]{5}(?:-[A-Za-z0-9]{5})+-(UPD|CCL|REN)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUFFIX_VARIABLE: Record<string, string> = {
  UPD: 'update_id',
  CCL: 'cancellation_id',
  REN: 'renewal_id',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

function fail(where: string, message: string): never {
  throw new Error(`${where}: ${message}`);
}

function decodeBytes(bytes: Uint8Array, contentEncoding: string | undefined): string {
  let raw = Buffer.from(bytes);
  const encoding = contentEncoding?.toLowerCase().trim();
  if (encoding === 'gzip' || (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b)) raw = gunzipSync(raw);
  else if (encoding === 'deflate') raw = inflateSync(raw);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return raw.toString('latin1');
  }
}

function readHeaders(value: unknown, where: string): Record<string, string[]> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) fail(where, 'headers must be a mapping');
  const headers: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(value)) {
    const list: unknown[] = Array.isArray(values) ? values : [values];
    headers[name] = list.map((v) => String(v));
  }
  return headers;
}

function headerValue(headers: Record<string, string[]>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key]?.join(', ');
}

function readBody(value: unknown, headers: Record<string, string[]>, where: string): string | null {
  if (value === null || value === undefined) return null;
  // Older vcrpy versions store request bodies as {string: ...} like responses.
  if (isRecord(value) && 'string' in value) return readBody(value.string, headers, where);
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return decodeBytes(value, headerValue(headers, 'content-encoding'));
  return fail(where, `unsupported body of type ${typeof value}`);
}

/** Parses a vcrpy cassette into its interactions, with bodies decoded to text. */
export function parseCassette(yamlText: string, name = 'cassette'): RecordedInteraction[] {
  // PyYAML writes YAML 1.1; the 1.1 schema also resolves the `!!binary` tag to bytes.
  const doc: unknown = parseYaml(yamlText, { version: '1.1' });
  if (!isRecord(doc) || !Array.isArray(doc.interactions))
    fail(name, 'not a vcrpy cassette (no interactions list)');
  return (doc.interactions as unknown[]).map((interaction, index) => {
    const where = `${name} interaction ${index}`;
    if (!isRecord(interaction) || !isRecord(interaction.request) || !isRecord(interaction.response)) {
      fail(where, 'missing request or response');
    }
    const { request, response } = interaction;
    if (typeof request.method !== 'string' || typeof request.uri !== 'string') fail(where, 'bad request');
    const status = isRecord(response.status) ? response.status.code : undefined;
    if (typeof status !== 'number') fail(where, 'missing response status code');
    const requestHeaders = readHeaders(request.headers, where);
    const responseHeaders = readHeaders(response.headers, where);
    const responseBody = isRecord(response.body) ? response.body.string : response.body;
    return {
      method: request.method.toUpperCase(),
      uri: request.uri,
      requestHeaders,
      requestBody: readBody(request.body, requestHeaders, `${where} request`),
      status,
      responseHeaders,
      responseBody: readBody(responseBody, responseHeaders, `${where} response`) ?? '',
    };
  });
}

/** Tracks the ids seen in a fixture and the `{{variable}}` names given to them. */
class Variables {
  private readonly byValue = new Map<string, string>();
  private readonly names = new Set<string>();
  readonly requires: string[] = [];
  /** Variable of the quote package the quote items seen next belong to. */
  currentPackage: string | undefined;

  lookup(value: string): string | undefined {
    return this.byValue.get(value);
  }

  private define(value: string, name: string): string {
    this.byValue.set(value, name);
    this.names.add(name);
    return name;
  }

  private free(base: string): string {
    if (!this.names.has(base)) return base;
    for (let n = 2; ; n++) if (!this.names.has(`${base}_${n}`)) return `${base}_${n}`;
  }

  definePackage(value: string): string {
    const name = this.define(value, this.free('quote_package_id'));
    this.currentPackage = name;
    return name;
  }

  /** quote_<n>_id (+ the package's _2/_3 suffix); if the index is taken by another quote, the next free one. */
  defineQuote(value: string, index: number): string {
    const suffix = this.currentPackage?.slice('quote_package_id'.length) ?? '';
    let n = index;
    while (this.names.has(`quote_${n}_id${suffix}`)) n++;
    return this.define(value, `quote_${n}_id${suffix}`);
  }

  defineSuffixed(value: string, kind: string): string {
    return this.define(value, this.free(SUFFIX_VARIABLE[kind] ?? `${kind.toLowerCase()}_id`));
  }

  /** Placeholder for an id found in a request: a known variable, or a new required one; undefined if not an id. */
  placeholderFor(value: string, allowUuid: boolean): string | undefined {
    const known = this.lookup(value);
    if (known !== undefined) return `{{${known}}}`;
    let name: string | undefined;
    const suffixed = SUFFIXED_ID.exec(value);
    if (PACKAGE_ID.test(value)) name = this.definePackage(value);
    else if (suffixed?.[1] !== undefined) name = this.defineSuffixed(value, suffixed[1]);
    else if (allowUuid && UUID.test(value)) name = this.defineQuote(value, 0);
    if (name === undefined) return undefined;
    this.requires.push(name);
    return `{{${name}}}`;
  }
}

function templatePath(pathname: string, vars: Variables): string {
  const segments = pathname.split('/');
  return segments
    .map((segment, i) => {
      if (i > 0 && segments[i - 1] === 'partners' && segment !== '') return '{{partner_code}}';
      return vars.placeholderFor(decodeURIComponent(segment), true) ?? segment;
    })
    .join('/');
}

function templateQuery(query: string, vars: Variables): string {
  if (query === '') return '';
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const value = decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
      const placeholder = vars.placeholderFor(value, true);
      return placeholder === undefined ? pair : `${pair.slice(0, eq + 1)}${placeholder}`;
    })
    .join('&');
}

function templateBody(value: unknown, vars: Variables, key?: string): unknown {
  if (typeof value === 'string') {
    // A bare UUID only counts as a quote id where XCover puts quote ids.
    return vars.placeholderFor(value, key === 'id' || key === 'quote_id') ?? value;
  }
  if (Array.isArray(value)) return value.map((item) => templateBody(item, vars, key));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = templateBody(v, vars, k);
    return out;
  }
  return value;
}

function selectHeaders(headers: Record<string, string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))) {
    const lower = name.toLowerCase();
    if (DROPPED_HEADERS.has(lower) || lower.startsWith('accept-') || lower.startsWith('sec-')) continue;
    out[lower] = headers[name]?.join(', ') ?? '';
  }
  return out;
}

function captureIds(body: unknown, vars: Variables): Record<string, string> {
  const capture: Record<string, string> = {};
  if (!isRecord(body)) return capture;
  const id = body.id;
  if (typeof id === 'string' && PACKAGE_ID.test(id)) {
    const known = vars.lookup(id);
    if (known === undefined) capture[vars.definePackage(id)] = 'id';
    else if (known.startsWith('quote_package_id')) vars.currentPackage = known;
  }
  const quotes = body.quotes;
  if (Array.isArray(quotes) || isRecord(quotes)) {
    for (const [key, quote] of Object.entries(quotes as Record<string, unknown>)) {
      const quoteId = isRecord(quote) ? quote.id : undefined;
      if (typeof quoteId !== 'string' || vars.lookup(quoteId) !== undefined) continue;
      const index = /^\d+$/.test(key) ? Number(key) : 0;
      capture[vars.defineQuote(quoteId, index)] = `quotes.${key}.id`;
    }
  }
  for (const [key, value] of Object.entries(body)) {
    const suffixed = typeof value === 'string' ? SUFFIXED_ID.exec(value) : null;
    if (typeof value !== 'string' || suffixed?.[1] === undefined || vars.lookup(value) !== undefined)
      continue;
    capture[vars.defineSuffixed(value, suffixed[1])] = key;
  }
  return capture;
}

/** The request's `date` header as ISO 8601; null if absent; an unparseable one is an error. */
function recordedAt(headers: Record<string, string[]>, where: string): string | null {
  const value = headerValue(headers, 'date');
  if (value === undefined) return null;
  const date =
    parseHttpDate(value.trim()) ?? fail(where, `request date header is not an HTTP date: ${value}`);
  return date.toISOString();
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return fail(where, `body is not JSON (${(error as Error).message}): ${text.slice(0, 80)}`);
  }
}

/** Converts one cassette's YAML text into a conformance fixture. */
export function importCassette(yamlText: string, name: string): ConformanceFixture {
  const vars = new Variables();
  const exchanges = parseCassette(yamlText, name).map((interaction, index): ConformanceExchange => {
    const where = `${name} interaction ${index}`;
    const method =
      METHODS.find((m) => m === interaction.method) ?? fail(where, `method ${interaction.method}`);
    const url = new URL(interaction.uri);
    const path = templatePath(url.pathname, vars);
    const query = templateQuery(url.search.replace(/^\?/, ''), vars);
    const headers = selectHeaders(interaction.requestHeaders);
    const requestText = interaction.requestBody;
    let body: unknown = null;
    if (requestText !== null && requestText.trim() !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(requestText) as unknown;
      } catch {
        parsed = requestText; // not JSON: kept verbatim
      }
      body = templateBody(parsed, vars);
    }
    const responseText = interaction.responseBody;
    const response = responseText.trim() === '' ? undefined : parseJson(responseText, `${where} response`);
    return {
      method,
      path,
      query,
      headers,
      body,
      recordedAt: recordedAt(interaction.requestHeaders, where),
      status: interaction.status,
      shape: response === undefined ? null : shapeOf(response),
      capture: response === undefined ? {} : captureIds(response, vars),
    };
  });
  return { name, source: `recordings/xcover/${name}.yaml`, exchanges, requires: vars.requires };
}

/** Serializes a fixture as Prettier lays out JSON, so generated files pass `prettier --check` unchanged. */
export function serializeFixture(fixture: ConformanceFixture): string {
  return layoutJson(fixture);
}
