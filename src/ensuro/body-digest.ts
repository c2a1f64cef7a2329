import { createHash } from 'node:crypto';

/** The body as bytes: text is taken as UTF-8, as sent. */
export function bodyBytes(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

/** What an EIP-191 body signature signs: the 64-character lower-case hex SHA-256 of the body, no `0x`. */
export function bodyDigestHex(body: string | Uint8Array): string {
  return createHash('sha256').update(bodyBytes(body)).digest('hex');
}

/**
 * The body as common clients re-serialise JSON (compact as JSON.stringify, Python's `json.dumps` defaults,
 * sorted keys), where that differs from the bytes sent: a signature over one of them names the mistake. Only a hint:
 * a body that is no JSON, or nests too deeply to re-serialise, has none.
 */
export function reserialisedBodies(body: Uint8Array): Buffer[] {
  let variants: Set<string>;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    variants = new Set([
      JSON.stringify(parsed),
      // Structural newlines only: a newline inside a string is escaped, so this is Python's ", " / ": " exactly.
      JSON.stringify(parsed, null, 1).replace(/,\n */g, ', ').replace(/\n */g, ''),
      JSON.stringify(sortedKeys(parsed)),
    ]);
  } catch {
    return [];
  }
  const sent = Buffer.from(body);
  return [...variants].map((text) => Buffer.from(text, 'utf8')).filter((variant) => !variant.equals(sent));
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}
