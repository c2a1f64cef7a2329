import { CaptureError } from './captured-request';

/**
 * Splits one command line into words as a POSIX shell does: blanks separate words; `'…'` keeps everything
 * literally; `"…"` keeps everything but `\` before `$ \` " newline`; `$'…'` (bash, what browsers' "Copy as
 * cURL" writes) reads C escapes; an unquoted `\` quotes the next character; `\` before a line end joins
 * the lines; `#` at the start of a word comments out the rest of the line. The command (after any blank
 * lines) ends at an unquoted line end, `|`, `;`, `&`, `<` or `>` (a pipe into `jq` or a redirection does
 * not change the request); a line after it that is not blank or a comment is an error, as are expansions
 * (`$NAME`, `$(…)`, `` `…` ``) that only the shell could evaluate.
 */
export function splitShellWords(text: string, label: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let index = 0;
  const fail = (problem: string) => {
    const line = text.slice(0, index).split('\n').length;
    return new CaptureError(`${label}: ${problem} (line ${line})`);
  };
  const append = (part: string) => (word = (word ?? '') + part);
  const endWord = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  while (index < text.length) {
    const char = text[index] as string;
    if (char === '\\' && /^\\\r?\n/.test(text.slice(index, index + 3))) {
      index += text[index + 1] === '\r' ? 3 : 2;
    } else if (char === '\\') {
      if (index + 1 >= text.length) throw fail('the command ends with a lone backslash');
      append(text[index + 1] as string);
      index += 2;
    } else if (char === "'") {
      const close = text.indexOf("'", index + 1);
      if (close === -1) throw fail('a single quote is never closed');
      append(text.slice(index + 1, close));
      index = close + 1;
    } else if (char === '"') {
      append(''); // "" alone is a word, if an empty one
      index = doubleQuoted(text, index + 1, append, fail);
    } else if (char === '$' && text[index + 1] === "'") {
      append('');
      index = ansiCQuoted(text, index + 2, append, fail);
    } else if ((char === '$' && /^[A-Za-z_{(0-9@*#?$!-]/.test(text[index + 1] ?? '')) || char === '`') {
      throw fail(
        'a shell expansion ($NAME, $(…), `…`) needs the shell: paste the command with the values in',
      );
    } else if (char === '#' && word === undefined) {
      const lineEnd = text.indexOf('\n', index);
      index = lineEnd === -1 ? text.length : lineEnd;
    } else if (
      char === ' ' ||
      char === '\t' ||
      (/[\r\n]/.test(char) && words.length === 0 && word === undefined)
    ) {
      endWord();
      index += 1;
    } else if (char === '\r' || char === '\n' || '|;&<>'.includes(char)) {
      endWord();
      if ((char === '\n' || char === '\r') && !onlyBlankOrComments(text.slice(index))) {
        throw fail(
          'the command goes on after a line end: join its lines with a backslash (\\) at each line end',
        );
      }
      return words;
    } else {
      append(char);
      index += 1;
    }
  }
  endWord();
  return words;
}

type Append = (part: string) => void;
type Fail = (problem: string) => CaptureError;

/** Reads a `"…"` word part from `index` (after the quote); returns the index after the closing quote. */
function doubleQuoted(text: string, index: number, append: Append, fail: Fail): number {
  let at = index;
  while (at < text.length) {
    const char = text[at] as string;
    if (char === '"') return at + 1;
    if (char === '\\' && /^\\\r?\n/.test(text.slice(at, at + 3))) {
      at += text[at + 1] === '\r' ? 3 : 2;
    } else if (char === '\\' && '$`"\\'.includes(text[at + 1] ?? '')) {
      append(text[at + 1] as string);
      at += 2;
    } else if ((char === '$' && /^[A-Za-z_{(0-9@*#?$!-]/.test(text[at + 1] ?? '')) || char === '`') {
      throw fail(
        'a shell expansion ($NAME, $(…), `…`) needs the shell: paste the command with the values in',
      );
    } else {
      append(char);
      at += 1;
    }
  }
  throw fail('a double quote is never closed');
}

const C_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** Reads a `$'…'` word part from `index` (after the quote), as bash does; returns the index after it. */
function ansiCQuoted(text: string, index: number, append: Append, fail: Fail): number {
  let at = index;
  while (at < text.length) {
    const char = text[at] as string;
    if (char === "'") return at + 1;
    if (char !== '\\') {
      append(char);
      at += 1;
      continue;
    }
    const rest = text.slice(at + 1);
    const code =
      /^x([0-9A-Fa-f]{1,2})/.exec(rest) ??
      /^u([0-9A-Fa-f]{1,4})/.exec(rest) ??
      /^U([0-9A-Fa-f]{1,8})/.exec(rest) ??
      /^([0-7]{1,3})/.exec(rest);
    if (code !== null) {
      const radix = /^[xuU]/.test(code[0]) ? 16 : 8;
      const point = parseInt(code[1] as string, radix);
      if (point > 0x10ffff) throw fail("a $'…' escape names no Unicode character");
      append(String.fromCodePoint(point));
      at += 1 + code[0].length;
      continue;
    }
    const escaped = C_ESCAPES[rest[0] ?? ''];
    append(escaped ?? `\\${rest[0] ?? ''}`);
    at += 2;
  }
  throw fail("a $'…' quote is never closed");
}

function onlyBlankOrComments(text: string): boolean {
  return text.split('\n').every((line) => /^\s*(?:#.*)?$/.test(line));
}
