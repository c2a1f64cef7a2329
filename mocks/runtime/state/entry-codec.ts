/**
 * How a state entry is kept in a store: JSON, with the `Map`s that records hold (an XCover package's pending
 * `updates` and `cancellations`) kept as Maps. A Map becomes `{"$Map": [[key, value], ...]}`; an object of the
 * record's own that has a `$Map` or `$Object` key of its own (a request body may hold anything) is escaped as
 * `{"$Object": [[key, value], ...]}`, so decoding never mistakes data for a Map. Everything else is plain JSON:
 * `undefined` fields are left out, as JSON.stringify leaves them.
 */

const MAP_TAG = '$Map';
const OBJECT_TAG = '$Object';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function encodeValue(this: unknown, _key: string, value: unknown): unknown {
  if (value instanceof Map) return { [MAP_TAG]: [...value] };
  if (isRecord(value) && (Object.hasOwn(value, MAP_TAG) || Object.hasOwn(value, OBJECT_TAG)))
    return { [OBJECT_TAG]: Object.entries(value) };
  return value;
}

function decodeValue(this: unknown, _key: string, value: unknown): unknown {
  if (!isRecord(value)) return value;
  if (Object.hasOwn(value, MAP_TAG)) return new Map(value[MAP_TAG] as [unknown, unknown][]);
  if (Object.hasOwn(value, OBJECT_TAG)) return Object.fromEntries(value[OBJECT_TAG] as [string, unknown][]);
  return value;
}

/**
 * Whether the value holds a Map or a tag-shaped key anywhere: most records hold neither and are then plain
 * JSON, which JSON.stringify writes without a replacer at a third of the cost. No recursion: a deep value
 * cannot blow the stack.
 */
function needsTags(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item !== 'object' || item === null) continue;
    if (item instanceof Map) return true;
    if (Array.isArray(item)) {
      for (const element of item) pending.push(element);
      continue;
    }
    if (Object.hasOwn(item, MAP_TAG) || Object.hasOwn(item, OBJECT_TAG)) return true;
    for (const key in item) pending.push((item as Record<string, unknown>)[key]);
  }
  return false;
}

/** The entry's text: the same value always gives the same text (a view compares texts to see a change). */
export function encodeEntry(value: unknown): string {
  return needsTags(value) ? JSON.stringify(value, encodeValue) : JSON.stringify(value);
}

/** A private copy of the entry the text was made from (text without a tag parses without a reviver). */
export function decodeEntry(text: string): unknown {
  return text.includes(`"${MAP_TAG}"`) || text.includes(`"${OBJECT_TAG}"`)
    ? JSON.parse(text, decodeValue)
    : JSON.parse(text);
}
