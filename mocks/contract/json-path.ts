import { ContractError } from './contract-error';

/** One step of a Pact JSON path: a field name, an array index, or `*` (any field or any index). */
export type PathToken = string | number | typeof ANY;

export const ANY = Symbol('any');

/**
 * Parses the JSON paths Pact writes for matching rules and generators: `$`, `.field`, `['field']`,
 * `[0]`, `[*]` and `.*`. Anything else is refused (a rule on a path we cannot read would be skipped
 * silently otherwise).
 */
export function parseJsonPath(path: string): PathToken[] {
  const match = /^\$/.exec(path);
  if (!match) throw new ContractError(`JSON path ${JSON.stringify(path)} does not start with $`);
  const tokens: PathToken[] = [];
  const step = /\.(\*|[^.[\]'"]+)|\[(\*|\d+)\]|\['((?:[^'\\]|\\.)*)'\]/y;
  step.lastIndex = 1;
  while (step.lastIndex < path.length) {
    const found = step.exec(path);
    if (!found) throw new ContractError(`JSON path ${JSON.stringify(path)} is not one Pact writes`);
    const [, field, index, quoted] = found;
    if (field !== undefined) tokens.push(field === '*' ? ANY : field);
    else if (index !== undefined) tokens.push(index === '*' ? ANY : Number(index));
    else tokens.push((quoted as string).replace(/\\(.)/g, '$1'));
  }
  return tokens;
}

/** The path of a node as reports show it: `$.quotes[0].id`. */
export function formatJsonPath(tokens: readonly (string | number)[]): string {
  return tokens.reduce<string>(
    (text, token) =>
      typeof token === 'number'
        ? `${text}[${token}]`
        : /^[A-Za-z_][\w-]*$/.test(token)
          ? `${text}.${token}`
          : `${text}['${token.replace(/['\\]/g, '\\$&')}']`,
    '$',
  );
}
