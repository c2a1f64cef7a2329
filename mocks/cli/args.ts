/** A command line that cannot be run; its message is one line for the user (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ParsedArgs {
  readonly command: string | undefined;
  readonly flags: ReadonlyMap<string, string | true>;
  /** Arguments that are not flags (a file name, `-` for standard input), in order. */
  readonly positionals: readonly string[];
  /** Everything after a bare `--`, untouched (a command to run). */
  readonly rest: readonly string[];
}

/** What a command accepts: its flags (name -> takes a value?) and at most how many positional arguments. */
export type AcceptedArgs = Readonly<Record<string, boolean>>;

/**
 * Parses `<command> [--flag value | --flag=value | --switch | positional]... [-- rest...]` against the flags
 * the command accepts (name -> takes a value?) and the number of positional arguments it takes (none unless
 * said). `-` alone is a positional (standard input).
 */
export function parseArgs(
  argv: readonly string[],
  accepted: (command: string | undefined) => AcceptedArgs,
  maxPositionals: (command: string | undefined) => number = () => 0,
): ParsedArgs {
  const [first, ...others] = argv;
  const command = first === undefined || first.startsWith('-') ? undefined : first;
  const all = command === undefined ? argv : others;
  const separator = all.indexOf('--');
  const tokens = separator === -1 ? all : all.slice(0, separator);
  const rest = separator === -1 ? [] : all.slice(separator + 1);
  const allowed = accepted(command);
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as string;
    if (!token.startsWith('--')) {
      if (positionals.length >= maxPositionals(command))
        throw new UsageError(`unexpected argument "${token}"`);
      positionals.push(token);
      continue;
    }
    const [name, inline] = token.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    // Own keys only: --toString or --__proto__ must be unknown, not found on Object.prototype.
    if (!Object.hasOwn(allowed, name))
      throw new UsageError(`unknown option --${name}${command ? ` for ${command}` : ''}`);
    if (!allowed[name]) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
      continue;
    }
    const value = inline ?? tokens[++index];
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      throw new UsageError(`--${name} needs a value`);
    flags.set(name, value);
  }
  return { command, flags, positionals, rest };
}
