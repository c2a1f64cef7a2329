/**
 * Structural "shapes" of recorded JSON bodies, used by conformance replays: a replayed response must carry
 * every recorded field with the recorded type, while ids, dates and other values are free to differ.
 *
 * `'null'` carries no type: a recorded `null` matches anything. {@link shapeOf} also uses `'null'` for an array
 * element field whose recorded elements disagree on its type, so it is "no constraint" in both cases.
 */
export type ShapeNode =
  | 'string'
  | 'number'
  | 'boolean'
  | 'null'
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
 * non-empty one (empty actual arrays always match), and any type disagreement becomes `'null'` (no constraint).
 */
export function mergeShapes(a: ShapeNode, b: ShapeNode): ShapeNode {
  if (typeof a === 'string' || typeof b === 'string') return a === b ? a : 'null';
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
  return 'null';
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

/**
 * Checks `actual` against a recorded shape and returns one human-readable line per mismatch (empty = match).
 * Every recorded field must be present with the same type; extra fields are fine; recorded `null` matches
 * anything; an array shape is checked against every actual element; a recorded empty array matches any array.
 */
export function matchShape(expected: ShapeNode, actual: unknown, path = '$'): string[] {
  if (expected === 'null') return [];
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
        problems.push(...matchShape(shape, actual[key], where));
      }
    }
    return problems;
  }
  if (!Array.isArray(actual)) return [`${path}: expected array, got ${describe(actual)}`];
  const element = expected.array;
  if (element === null) return [];
  return (actual as unknown[]).flatMap((item, index) => matchShape(element, item, `${path}[${index}]`));
}
