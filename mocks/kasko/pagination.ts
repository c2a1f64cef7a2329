/**
 * KASKO's cursor pagination: a page of `limit` entries after `starting_after` or before `ending_before`
 * (never both), and the RFC 8288 `Link` header to the next and previous pages (Inferred format: the same
 * URL with the cursor replaced).
 */
export interface Page<T> {
  readonly entries: readonly T[];
  /** Index of the first entry in the whole list. */
  readonly from: number;
  readonly hasBefore: boolean;
  readonly hasAfter: boolean;
}

/** The page at a position: `after` (exclusive) or `before` (exclusive) indexes, or the start. */
export function pageOf<T>(
  all: readonly T[],
  limit: number,
  cursor: { after?: number; before?: number },
): Page<T> {
  const from =
    cursor.before !== undefined
      ? Math.max(0, Math.min(cursor.before, all.length) - limit)
      : cursor.after !== undefined
        ? cursor.after + 1
        : 0;
  const to =
    cursor.before !== undefined ? Math.min(cursor.before, all.length) : Math.min(from + limit, all.length);
  return { entries: all.slice(from, to), from, hasBefore: from > 0, hasAfter: to < all.length };
}

/** The `Link` header for a page, or undefined when it is the only one. */
export function linkHeader(
  url: URL,
  page: { hasBefore: boolean; hasAfter: boolean },
  cursors: { next: string; prev: string },
): string | undefined {
  const link = (cursor: 'starting_after' | 'ending_before', value: string, rel: string) => {
    const target = new URL(url);
    target.searchParams.delete('starting_after');
    target.searchParams.delete('ending_before');
    target.searchParams.set(cursor, value);
    return `<${target.href}>; rel="${rel}"`;
  };
  const links = [
    ...(page.hasAfter ? [link('starting_after', cursors.next, 'next')] : []),
    ...(page.hasBefore ? [link('ending_before', cursors.prev, 'prev')] : []),
  ];
  return links.length === 0 ? undefined : links.join(', ');
}
