/**
 * Edits a curl command's words as `sign` prints them: the auth headers first (any `-H` of the same name the
 * command had is dropped, since a stale Date or signature would be sent beside the fresh one), and the query
 * parameters added to the URL word.
 */
export function signedCurlWords(
  words: readonly string[],
  headers: Readonly<Record<string, string>>,
  query: Readonly<Record<string, string>>,
  target: string,
): string[] {
  const replaced = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  const kept: string[] = [];
  for (let index = 1; index < words.length; index++) {
    const word = words[index] as string;
    const value =
      word === '-H' || word === '--header'
        ? words[index + 1]
        : word.startsWith('-H')
          ? word.slice(2)
          : undefined;
    if (value !== undefined && replaced.has(value.split(':', 1)[0]!.trim().toLowerCase())) {
      if (word === '-H' || word === '--header') index += 1;
      continue;
    }
    kept.push(word);
  }
  if (Object.keys(query).length > 0) {
    const path = target.split('?', 1)[0] as string;
    const at = kept.findLastIndex((word) => !word.startsWith('-') && word.includes(path));
    if (at === -1) throw new Error('the URL of the curl command was not found among its words');
    const url = kept[at] as string;
    const added = new URLSearchParams(query).toString();
    kept[at] = `${url}${url.includes('?') ? '&' : '?'}${added}`;
  }
  const added = Object.entries(headers).flatMap(([name, value]) => ['-H', `${headerCase(name)}: ${value}`]);
  return ['curl', ...added, ...kept];
}

/** A header name as people write it: `x-api-key` -> `X-Api-Key`. */
function headerCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => `${dash}${letter.toUpperCase()}`);
}

/** A word as a POSIX shell reads it back: bare when it is plain, else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\-.,:/=@+%]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
