/**
 * The command blocks of the docs: every ```sh block with an expectation comment, `# → STATUS [REASON]`, one per
 * request to a provider the commands make (in order). A doc's blocks run as one shell session, as a reader
 * pasting them one after another in one terminal would, so a variable set in one block serves the next.
 */
import { readFileSync } from 'node:fs';

export interface Expectation {
  readonly status: number;
  readonly reason: string | null;
  /** 1-based line in the doc, for the failure message. */
  readonly line: number;
}

export interface DocBlock {
  readonly code: string;
  readonly line: number;
  readonly expectations: readonly Expectation[];
}

const FENCE = /^```sh\n([\s\S]*?)^```$/gm;
const EXPECTATION = /#[ \t]*→[ \t]*(\d{3})(?:[ \t]+([A-Z][A-Z0-9_]+))?/g;

/** The sh blocks of a Markdown file, with the expectations each states. */
export function docBlocks(file: string): DocBlock[] {
  const text = readFileSync(file, 'utf8');
  const blocks: DocBlock[] = [];
  for (const match of text.matchAll(FENCE)) {
    const code = match[1] as string;
    const line = text.slice(0, match.index).split('\n').length + 1;
    const expectations = [...code.matchAll(EXPECTATION)].map((found) => ({
      status: Number(found[1]),
      reason: found[2] ?? null,
      line: line + code.slice(0, found.index).split('\n').length - 1,
    }));
    blocks.push({ code, line, expectations });
  }
  return blocks;
}

/** A block that sends requests (curl, `partner-sandbox sign`) must say what they answer. */
export function sendsRequests(block: DocBlock): boolean {
  // curl as a command (a line's first word, after `$(`, `|`, `&&` or sign's `--`), not the word in a comment.
  return /(^\s*|\$\(|\|\s*|&&\s*|--\s+)curl\s/m.test(block.code) && !/--provider NAME/.test(block.code);
}
