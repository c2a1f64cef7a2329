import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findUpwards } from './find-upwards';
import { JSON_SCHEMA, load as parseYaml } from 'js-yaml';

/** The parts of an OpenAPI 3.1 document the runtime reads; everything else stays opaque. */
export interface OpenApiDocument {
  readonly openapi: string;
  readonly servers?: readonly { url: string }[];
  readonly paths?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
}

export type ParameterLocation = 'path' | 'query' | 'header';

export interface SpecParameter {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly required: boolean;
  /** JSON pointer (as a URI fragment) to the parameter's schema inside the document. */
  readonly schemaPointer: string;
}

export interface SpecOperation {
  readonly operationId: string;
  readonly method: string;
  /** The path template as written in the spec, relative to the server base path. */
  readonly pathTemplate: string;
  /**
   * The base paths the operation is served under: those of its path item's own `servers` (a path only one
   * of the provider's hosts serves), else the document's. Undefined in hand-made operations: every base path.
   */
  readonly basePaths?: readonly string[];
  readonly parameters: readonly SpecParameter[];
  /**
   * Pointer to the request body schema (the JSON one when there are several), when the operation takes a body
   * that has one: raw bytes have none.
   */
  readonly bodySchemaPointer: string | undefined;
  /** Every media type the request body may come in (JSON, form, raw bytes), with its schema. */
  readonly bodyMediaTypes: readonly BodyMediaType[];
  readonly bodyRequired: boolean;
  /** Every response status the spec documents for the operation (`200`, `404`, `default`, ...). */
  readonly documentedStatuses: readonly string[];
  /** Pointers to the JSON schema of each documented response, by status code (or `default`). */
  readonly responseSchemaPointers: Readonly<Record<string, string>>;
  /** The response headers each documented response declares (lower case), by status code (or `default`). */
  readonly responseHeaders: Readonly<Record<string, readonly string[]>>;
  /** Alternatives (OR) of scheme-name lists (AND), as in OpenAPI `security`. Empty: no auth. */
  readonly security: readonly (readonly string[])[];
}

/**
 * How a request body of a media type is read: parsed as JSON, parsed as a form, or handed over as the exact
 * bytes (a file upload: `application/octet-stream`, `image/*`, `*\/*` with a binary string schema).
 */
export type BodyKind = 'json' | 'form' | 'raw';

/**
 * A request body media type an operation accepts: its essence (`application/json`; a range such as `image/*`
 * for raw bytes), how it is read and its schema (a raw type's may be absent: nothing validates bytes).
 */
export interface BodyMediaType {
  readonly essence: string;
  readonly kind: BodyKind;
  readonly schemaPointer: string;
}

export interface LoadedSpec {
  readonly document: OpenApiDocument;
  /**
   * Distinct URL paths of the `servers`, e.g. ['/v2', '/api/v2']; '' when a server has none. The document's
   * first, then those only some path items list.
   */
  readonly basePaths: readonly string[];
  readonly operations: readonly SpecOperation[];
  readonly securitySchemeNames: readonly string[];
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const loaded = new Map<string, LoadedSpec>();

/** Reads and indexes a spec once per process (every server and provider module shares it). */
export function loadSpec(specPath: string): LoadedSpec {
  let spec = loaded.get(specPath);
  if (!spec) {
    spec = readSpec(specPath);
    loaded.set(specPath, spec);
  }
  return spec;
}

function readSpec(specPath: string): LoadedSpec {
  // JSON schema: every scalar that is not JSON stays a string (timestamps in examples are not turned into Dates).
  const document = parseYaml(readFileSync(specPath, 'utf8'), { schema: JSON_SCHEMA }) as OpenApiDocument;
  if (typeof document?.openapi !== 'string' || !document.openapi.startsWith('3.')) {
    throw new Error(`${specPath}: not an OpenAPI 3 document`);
  }
  const operations = operationsOf(document);
  return {
    document,
    basePaths: [
      ...new Set([
        ...basePathsOf(document.servers),
        ...operations.flatMap((operation) => operation.basePaths ?? []),
      ]),
    ],
    operations,
    securitySchemeNames: Object.keys(document.components?.securitySchemes ?? {}),
  };
}

function basePathsOf(servers: readonly { url: string }[] | undefined): string[] {
  const paths = (servers ?? [{ url: '/' }]).map(({ url }) => {
    const path = /^[a-z]+:\/\//i.test(url) ? new URL(url).pathname : url;
    return path.replace(/\/+$/, '');
  });
  return [...new Set(paths)];
}

function operationsOf(document: OpenApiDocument): SpecOperation[] {
  const operations: SpecOperation[] = [];
  for (const [pathTemplate, pathItem] of Object.entries(document.paths ?? {})) {
    const pathPointer = `#/paths/${pointerToken(pathTemplate)}`;
    const shared = parametersOf(document, pathItem.parameters, `${pathPointer}/parameters`);
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as Record<string, unknown> | undefined;
      if (!operation) continue;
      const operationPointer = `${pathPointer}/${method}`;
      const own = parametersOf(document, operation.parameters, `${operationPointer}/parameters`);
      const byKey = new Map<string, SpecParameter>();
      for (const parameter of [...shared, ...own]) byKey.set(`${parameter.in}:${parameter.name}`, parameter);
      const body = requestBodyOf(document, operation.requestBody, `${operationPointer}/requestBody`);
      operations.push({
        operationId: String(operation.operationId ?? `${method} ${pathTemplate}`),
        method: method.toUpperCase(),
        pathTemplate,
        basePaths: basePathsOf(
          (pathItem.servers as readonly { url: string }[] | undefined) ?? document.servers,
        ),
        parameters: [...byKey.values()],
        bodySchemaPointer: body?.mediaTypes.find(({ kind }) => kind !== 'raw')?.schemaPointer,
        bodyMediaTypes: body?.mediaTypes ?? [],
        bodyRequired: body?.required ?? false,
        documentedStatuses: Object.keys((operation.responses ?? {}) as Record<string, unknown>),
        responseSchemaPointers: responseSchemasOf(
          document,
          operation.responses,
          `${operationPointer}/responses`,
        ),
        responseHeaders: responseHeadersOf(document, operation.responses),
        security: ((operation.security ?? document.security ?? []) as Record<string, unknown>[]).map((alt) =>
          Object.keys(alt),
        ),
      });
    }
  }
  return operations;
}

function responseSchemasOf(
  document: OpenApiDocument,
  responses: unknown,
  responsesPointer: string,
): Record<string, string> {
  const pointers: Record<string, string> = {};
  for (const [status, response] of Object.entries((responses ?? {}) as Record<string, unknown>)) {
    const { value, pointer } = resolve(document, response, `${responsesPointer}/${pointerToken(status)}`);
    const mediaType = Object.keys((value as { content?: Record<string, unknown> }).content ?? {}).find(
      isJsonMediaType,
    );
    if (mediaType !== undefined) pointers[status] = `${pointer}/content/${pointerToken(mediaType)}/schema`;
  }
  return pointers;
}

function responseHeadersOf(document: OpenApiDocument, responses: unknown): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (const [status, response] of Object.entries((responses ?? {}) as Record<string, unknown>)) {
    const { value } = resolve(document, response, '#');
    const declared = Object.keys((value as { headers?: Record<string, unknown> }).headers ?? {});
    if (declared.length > 0) headers[status] = declared.map((name) => name.toLowerCase());
  }
  return headers;
}

function parametersOf(document: OpenApiDocument, list: unknown, listPointer: string): SpecParameter[] {
  if (!Array.isArray(list)) return [];
  return list.map((item: unknown, index) => {
    const { value, pointer } = resolve(document, item, `${listPointer}/${index}`);
    const parameter = value as { name: string; in: string; required?: boolean; schema?: unknown };
    if (parameter.in === 'cookie') throw new Error(`cookie parameters are not supported (${pointer})`);
    return {
      name: parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name,
      in: parameter.in as ParameterLocation,
      required: parameter.in === 'path' || parameter.required === true,
      schemaPointer: `${pointer}/schema`,
    };
  });
}

function requestBodyOf(
  document: OpenApiDocument,
  requestBody: unknown,
  bodyPointer: string,
): { mediaTypes: BodyMediaType[]; required: boolean } | undefined {
  if (requestBody === undefined) return undefined;
  const { value, pointer } = resolve(document, requestBody, bodyPointer);
  const body = value as { required?: boolean; content?: Record<string, unknown> };
  const mediaTypes = Object.entries(body.content ?? {}).map(([mediaType, media]): BodyMediaType => {
    const schemaPointer = `${pointer}/content/${pointerToken(mediaType)}/schema`;
    const essence = mediaTypeEssence(mediaType);
    if (isJsonMediaType(mediaType)) return { essence, kind: 'json', schemaPointer };
    if (isFormMediaType(mediaType)) return { essence, kind: 'form', schemaPointer };
    const schema = (media as { schema?: unknown } | null)?.schema;
    if (isBinarySchema(schema === undefined ? undefined : resolve(document, schema, schemaPointer).value)) {
      return { essence, kind: 'raw', schemaPointer };
    }
    throw new Error(
      `${pointer}: request bodies are JSON, form-urlencoded or bytes (a binary string schema), not ${mediaType}`,
    );
  });
  if (mediaTypes.length === 0) throw new Error(`${pointer}: a request body needs a media type`);
  // JSON first: the body schema that types, examples and Prism use.
  mediaTypes.sort((a, b) => Number(isJsonMediaType(b.essence)) - Number(isJsonMediaType(a.essence)));
  return { mediaTypes, required: body.required === true };
}

/**
 * Whether a media type's schema describes bytes, as OpenAPI 3.1 does (no schema, or a string with a
 * `contentMediaType`) or 3.0 did (`type: string, format: binary`).
 */
function isBinarySchema(schema: unknown): boolean {
  if (schema === undefined) return true;
  const { type, format, contentMediaType } = schema as Record<string, unknown>;
  return type === 'string' && (format === 'binary' || typeof contentMediaType === 'string');
}

/** The example of an operation's response, as the spec gives it (the first one when it has several). */
export function responseExample(spec: LoadedSpec, operationId: string, status: number): unknown {
  const operation = spec.operations.find((candidate) => candidate.operationId === operationId);
  if (!operation) throw new Error(`no operation ${operationId} in the spec`);
  const pathItem = spec.document.paths?.[operation.pathTemplate] as Record<string, Record<string, unknown>>;
  const responses = (pathItem[operation.method.toLowerCase()]?.responses ?? {}) as Record<string, unknown>;
  const response = responses[String(status)];
  const { value } = response === undefined ? { value: undefined } : resolve(spec.document, response, '#');
  const content = (value as { content?: Record<string, unknown> } | undefined)?.content ?? {};
  const mediaType = Object.keys(content).find(isJsonMediaType);
  const media = (mediaType === undefined ? undefined : content[mediaType]) as
    { example?: unknown; examples?: Record<string, { value: unknown }> } | undefined;
  const example = media?.example ?? Object.values(media?.examples ?? {})[0]?.value;
  if (example === undefined) throw new Error(`${operationId} ${status} has no example in the spec`);
  return example;
}

/** The example request body of an operation, as the spec gives it. */
export function requestExample(spec: LoadedSpec, operationId: string): unknown {
  const operation = spec.operations.find((candidate) => candidate.operationId === operationId);
  if (!operation?.bodySchemaPointer) throw new Error(`operation ${operationId} takes no request body`);
  const mediaPointer = operation.bodySchemaPointer.replace(/\/schema$/, '');
  const media = pointerTarget(spec.document, mediaPointer) as {
    example?: unknown;
    examples?: Record<string, { value: unknown }>;
    schema?: { example?: unknown; $ref?: string };
  };
  const example = media.example ?? Object.values(media.examples ?? {})[0]?.value ?? media.schema?.example;
  if (example === undefined) throw new Error(`${operationId} has no request example in the spec`);
  return example;
}

function pointerTarget(document: OpenApiDocument, pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .map(unescapePointerToken)
    .reduce<unknown>((node, token) => (node as Record<string, unknown> | undefined)?.[token], document);
}

/** Follows local `$ref`s (to components) and returns the target with its pointer. */
function resolve(
  document: OpenApiDocument,
  item: unknown,
  pointer: string,
): { value: unknown; pointer: string } {
  let value = item;
  let at = pointer;
  for (let hops = 0; hops < 16; hops++) {
    const ref = (value as { $ref?: unknown } | null)?.$ref;
    if (typeof ref !== 'string') return { value, pointer: at };
    if (!ref.startsWith('#/')) throw new Error(`${at}: only local $refs are supported (${ref})`);
    at = ref;
    value = pointerTarget(document, ref);
    if (value === undefined) throw new Error(`${pointer}: unresolved $ref ${ref}`);
  }
  throw new Error(`${pointer}: $ref chain too long`);
}

/** The media type without parameters, lower case: `application/json; charset=utf-8` -> `application/json`. */
export function mediaTypeEssence(mediaType: string): string {
  return mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
}

export function isJsonMediaType(mediaType: string): boolean {
  const essence = mediaTypeEssence(mediaType);
  return essence === 'application/json' || essence.endsWith('+json');
}

export function isFormMediaType(mediaType: string): boolean {
  return mediaTypeEssence(mediaType) === 'application/x-www-form-urlencoded';
}

/** A JSON pointer token, escaped and percent-encoded for use in a URI fragment. */
function pointerToken(token: string): string {
  return encodeURIComponent(token.replace(/~/g, '~0').replace(/\//g, '~1'));
}

function unescapePointerToken(token: string): string {
  return decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Finds `specs/<fileName>` upwards from `fromDir`, so source (mocks/) and compiled (dist/mocks/) code agree. */
export function locateSpec(fromDir: string, fileName: string): string {
  const found = findUpwards(fromDir, join('specs', fileName));
  if (found === undefined) throw new Error(`specs/${fileName} not found above ${fromDir}`);
  return found;
}
