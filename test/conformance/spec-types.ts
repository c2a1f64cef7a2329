/**
 * The type a spec gives a field of a response, for the conformance replays' recorded `null`s (see
 * ./shape.ts): a field recorded as `null` matches `null` or this type, nothing else.
 */
import { SpecRouter } from '../../mocks/runtime/router';
import type { LoadedSpec, SpecOperation } from '../../mocks/runtime/spec';
import type { FieldPath, NullFieldCheck } from './shape';

type Schema = Readonly<Record<string, unknown>>;

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at a local JSON pointer (`#/components/schemas/X`). */
function resolvePointer(document: unknown, pointer: string): unknown {
  let value = document;
  for (const token of pointer.replace(/^#\/?/, '').split('/')) {
    if (token === '') continue;
    const key = decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
    value = isSchema(value) ? value[key] : undefined;
  }
  return value;
}

/**
 * A schema and every schema it stands for: its `$ref` target and the branches of `allOf`, `oneOf` and
 * `anyOf`, recursively (a field's type is the union of what any branch allows).
 */
function alternatives(document: unknown, schema: unknown, seen = new Set<unknown>()): Schema[] {
  if (!isSchema(schema) || seen.has(schema)) return [];
  seen.add(schema);
  const out: Schema[] = [schema];
  if (typeof schema.$ref === 'string')
    out.push(...alternatives(document, resolvePointer(document, schema.$ref), seen));
  for (const keyword of ['allOf', 'oneOf', 'anyOf'] as const) {
    const branches = schema[keyword];
    if (Array.isArray(branches))
      for (const branch of branches) out.push(...alternatives(document, branch, seen));
  }
  return out;
}

/** The schemas of a field beneath the given ones: a property (or `additionalProperties`), or array items. */
function childSchemas(document: unknown, schemas: readonly Schema[], key: string | number): Schema[] {
  return schemas.flatMap((schema) => {
    const children: unknown[] = [];
    if (typeof key === 'number') children.push(schema.items);
    const properties = schema.properties;
    if (isSchema(properties) && Object.hasOwn(properties, String(key)))
      children.push(properties[String(key)]);
    else if (typeof key === 'string' && isSchema(schema.additionalProperties))
      children.push(schema.additionalProperties);
    return children.flatMap((child) => alternatives(document, child));
  });
}

/** JSON types a schema allows, `integer` as `number`; from `type`, `const` and `enum`. */
function typesOf(schema: Schema): string[] {
  const types: string[] = [];
  const declared = schema.type;
  for (const type of Array.isArray(declared) ? declared : declared === undefined ? [] : [declared])
    types.push(type === 'integer' ? 'number' : String(type));
  const values = 'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : [];
  for (const value of values) types.push(jsonType(value));
  return types;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** The JSON types the response schema gives `field`; empty when it gives the field no type. */
export function specTypesOf(document: unknown, responsePointer: string, field: FieldPath): Set<string> {
  let schemas = alternatives(document, resolvePointer(document, responsePointer));
  for (const key of field) schemas = childSchemas(document, schemas, key);
  return new Set(schemas.flatMap(typesOf));
}

/** The response schema of `status` for the operation, as OpenAPI looks it up (exact, `NXX`, `default`). */
function responsePointerOf(operation: SpecOperation, status: number): string | undefined {
  const pointers = operation.responseSchemaPointers;
  return pointers[String(status)] ?? pointers[`${String(status)[0]}XX`] ?? pointers.default;
}

/** The check of recorded `null`s in the answers of one operation and status, against its spec. */
export function specNullCheck(spec: LoadedSpec, operation: SpecOperation, status: number): NullFieldCheck {
  const pointer = responsePointerOf(operation, status);
  return (field, actual) => {
    const types = pointer === undefined ? new Set<string>() : specTypesOf(spec.document, pointer, field);
    if (types.has(jsonType(actual))) return undefined;
    return types.size === 0
      ? `recorded null, got ${jsonType(actual)}, and the spec gives the field no type (${operation.operationId} ${status})`
      : `recorded null, got ${jsonType(actual)}, the spec says ${[...types].join(' or ')}`;
  };
}

const routers = new WeakMap<LoadedSpec, SpecRouter>();

/** The check of recorded `null`s in the answer to `method pathname` (the operation the spec routes it to). */
export function recordedNullCheck(
  spec: LoadedSpec,
  method: string,
  pathname: string,
  status: number,
): NullFieldCheck {
  let router = routers.get(spec);
  if (!router) {
    router = new SpecRouter(spec.operations, spec.basePaths);
    routers.set(spec, router);
  }
  const match = router.match(method, pathname);
  if (match.kind !== 'operation')
    return (_field, actual) =>
      `recorded null, got ${jsonType(actual)}, and no operation of the spec serves ${method} ${pathname}`;
  return specNullCheck(spec, match.operation, status);
}
