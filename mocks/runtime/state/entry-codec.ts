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

/** The entry's text: the same value always gives the same text (a view compares texts to see a change). */
export function encodeEntry(value: unknown): string {
  return JSON.stringify(value, encodeValue);
}

/** A private copy of the entry the text was made from. */
export function decodeEntry(text: string): unknown {
  return JSON.parse(text, decodeValue);
}
