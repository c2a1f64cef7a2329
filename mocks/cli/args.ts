/** A command line that cannot be run; its message is one line for the user (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ParsedArgs {
  readonly command: string | undefined;
  readonly flags: ReadonlyMap<string, string | true>;
}

/**
 * Parses `<command> [--flag value | --flag=value | --switch]...` against the flags the command accepts
 * (name -> takes a value?). No positional arguments besides the command.
 */
export function parseArgs(
  argv: readonly string[],
  accepted: (command: string | undefined) => Readonly<Record<string, boolean>>,
): ParsedArgs {
  const [first, ...rest] = argv;
  const command = first === undefined || first.startsWith('-') ? undefined : first;
  const tokens = command === undefined ? argv : rest;
  const allowed = accepted(command);
  const flags = new Map<string, string | true>();
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as string;
    if (!token.startsWith('--')) throw new UsageError(`unexpected argument "${token}"`);
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
  return { command, flags };
}
