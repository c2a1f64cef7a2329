/**
 * Structural "shapes" of recorded JSON bodies, used by conformance replays: a replayed response must carry
 * every recorded field with the recorded type, while ids, dates and other values are free to differ.
 *
 * `'null'` is a recorded `null`: it carries no type of its own, so it matches `null` or the type the spec gives
 * that field (the replay supplies the spec's answer, see {@link NullFieldCheck}), nothing else. `'any'` is an
 * array element field whose recorded elements disagree on its type: no constraint.
 */
export type ShapeNode =
  | 'string'
  | 'number'
  | 'boolean'
  | 'null'
  | 'any'
  | { object: Record<string, ShapeNode> }
  | { array: ShapeNode | null /* null = empty array recorded */ };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The shape of a JSON value. Object keys are sorted so shapes serialize identically run after run.
 * An array's element shape is the merge of all its elements' shapes (see {@link mergeShapes}), so the
 * recorded array itself always matches it.
 */
export function shapeOf(value: unknown): ShapeNode {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      break;
    default:
      throw new TypeError(`shapeOf: not a JSON value (${typeof value})`);
  }
  if (Array.isArray(value)) {
    let element: ShapeNode | null = null;
    for (const item of value as unknown[]) {
      const itemShape = shapeOf(item);
      element = element === null ? itemShape : mergeShapes(element, itemShape);
    }
    return { array: element };
  }
  const object: Record<string, ShapeNode> = {};
  for (const key of Object.keys(value).sort()) {
    object[key] = shapeOf((value as Record<string, unknown>)[key]);
  }
  return { object };
}

/**
 * The weakest shape both inputs satisfy: objects keep only the keys present in both (so heterogeneous array
 * elements such as XCover's `benefits` still match their own merged shape), an empty-array shape yields to a
 * non-empty one (empty actual arrays always match), a recorded `null` beside a value stays `'null'` (null or
 * the spec's type), and any other type disagreement becomes `'any'` (no constraint).
 */
export function mergeShapes(a: ShapeNode, b: ShapeNode): ShapeNode {
  if (a === 'any' || b === 'any') return 'any';
  if (a === 'null' || b === 'null') return 'null';
  if (typeof a === 'string' || typeof b === 'string') return a === b ? a : 'any';
  if ('object' in a && 'object' in b) {
    const object: Record<string, ShapeNode> = {};
    for (const key of Object.keys(a.object).sort()) {
      const left = a.object[key];
      const right = b.object[key];
      if (left !== undefined && right !== undefined) object[key] = mergeShapes(left, right);
    }
    return { object };
  }
  if ('array' in a && 'array' in b) {
    if (a.array === null) return { array: b.array };
    if (b.array === null) return { array: a.array };
    return { array: mergeShapes(a.array, b.array) };
  }
  return 'any';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function describeShape(shape: ShapeNode): string {
  if (typeof shape === 'string') return shape;
  return 'object' in shape ? 'object' : 'array';
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$|^\d+$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** A field of a body as keys and indexes from its root, e.g. `['quotes', 0, 'id']`. */
export type FieldPath = readonly (string | number)[];

/**
 * What the spec says of a field recorded as `null` and answered with `actual` (never null, never undefined):
 * a problem line when `actual` is not of the type the spec gives that field (or the spec gives it none).
 */
export type NullFieldCheck = (field: FieldPath, actual: unknown) => string | undefined;

/** Without a spec, a recorded `null` matches `null` only. */
const nullOnly: NullFieldCheck = (_field, actual) => `recorded null, got ${describe(actual)}`;

/**
 * Checks `actual` against a recorded shape and returns one human-readable line per mismatch (empty = match).
 * Every recorded field must be present with the same type; extra fields are fine; a recorded `null` matches
 * `null` or what `checkNull` accepts (the spec's type of that field); an array shape is checked against every
 * actual element; a recorded empty array matches any array.
 */
export function matchShape(
  expected: ShapeNode,
  actual: unknown,
  path = '$',
  checkNull: NullFieldCheck = nullOnly,
): string[] {
  return matchAt(expected, actual, path, [], checkNull);
}

function matchAt(
  expected: ShapeNode,
  actual: unknown,
  path: string,
  field: FieldPath,
  checkNull: NullFieldCheck,
): string[] {
  if (expected === 'any') return [];
  if (expected === 'null') {
    if (actual === null) return [];
    const problem = checkNull(field, actual);
    return problem === undefined ? [] : [`${path}: ${problem}`];
  }
  if (typeof expected === 'string') {
    return typeof actual === expected && actual !== null
      ? []
      : [`${path}: expected ${expected}, got ${describe(actual)}`];
  }
  if ('object' in expected) {
    if (!isPlainObject(actual)) return [`${path}: expected object, got ${describe(actual)}`];
    const problems: string[] = [];
    for (const [key, shape] of Object.entries(expected.object)) {
      const where = childPath(path, key);
      if (!Object.prototype.hasOwnProperty.call(actual, key) || actual[key] === undefined) {
        problems.push(`${where}: missing (expected ${describeShape(shape)})`);
      } else {
        problems.push(...matchAt(shape, actual[key], where, [...field, key], checkNull));
      }
    }
    return problems;
  }
  if (!Array.isArray(actual)) return [`${path}: expected array, got ${describe(actual)}`];
  const element = expected.array;
  if (element === null) return [];
  return (actual as unknown[]).flatMap((item, index) =>
    matchAt(element, item, `${path}[${index}]`, [...field, index], checkNull),
  );
}
