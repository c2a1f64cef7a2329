import { CaptureError } from './captured-request';
import { splitShellWords } from './shell-words';

const split = (text: string) => splitShellWords(text, 'curl command');

describe('splitShellWords', () => {
  it.each([
    ['blanks separate words', 'a  b\tc', ['a', 'b', 'c']],
    ['single quotes keep everything', `'a "b" \\n $X'`, ['a "b" \\n $X']],
    ['double quotes unescape $ ` " \\ only', '"a \\"b\\" \\$ \\n"', ['a "b" $ \\n']],
    ['parts of a word join', `a'b'"c"\\ d`, ['abc d']],
    ['an empty quoted word is a word', `a '' ""`, ['a', '', '']],
    ['a backslash line end joins lines', 'a \\\n  b \\\r\n c', ['a', 'b', 'c']],
    ['a backslash line end inside double quotes disappears', '"a\\\nb"', ['ab']],
    ['a newline inside quotes stays', `'a\nb'`, ['a\nb']],
    ["$'…' reads C escapes", `$'a\\nb\\t\\x41\\u00e9\\101\\'\\\\'`, ["a\nb\tAéA'\\"]],
    ['blank lines before the command are blanks', '\n\r\n  a b', ['a', 'b']],
    ['a lone $ is literal', 'a$ $', ['a$', '$']],
    ['a # starting a word comments out the line', 'a #b c', ['a']],
    ['a # inside a word is literal', 'a#b', ['a#b']],
    ['a pipe ends the command', `a 'b|c' | jq .`, ['a', 'b|c']],
    ['a redirection ends the command', 'a > out.json', ['a']],
    ['a line end ends the command; blank and comment lines may follow', 'a b\n\n# note\n', ['a', 'b']],
  ])('%s', (_label, text, words) => {
    expect(split(text)).toEqual(words);
  });

  it.each([
    ['an unclosed single quote', `a 'b`],
    ['an unclosed double quote', 'a "b'],
    ["an unclosed $'", `a $'b`],
    ['a trailing backslash', 'a \\'],
    ['a variable', 'a $TOKEN'],
    ['a variable inside double quotes', 'a "Bearer ${TOKEN}"'],
    ['a command substitution', 'a $(cat key)'],
    ['backticks', 'a `cat key`'],
    ['a second line that is not joined', 'curl x\n-H y'],
    ["a $'…' escape beyond Unicode", `$'\\U00110000'`],
  ])('refuses %s with a CaptureError naming the line', (_label, text) => {
    expect(() => split(text)).toThrow(CaptureError);
    expect(() => split(text)).toThrow(/\(line \d+\)$/);
  });
});
