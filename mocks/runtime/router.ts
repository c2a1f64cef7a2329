import type { SpecOperation } from './spec';

export type RouteMatch =
  | {
      readonly kind: 'operation';
      readonly operation: SpecOperation;
      readonly params: Record<string, string>;
      readonly basePath: string;
    }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'no-route' }
  /** The path exists in the spec, but with a trailing slash where the request has none, or the reverse. */
  | { readonly kind: 'trailing-slash' };

interface CompiledPath {
  readonly pattern: RegExp;
  /** The same path with its trailing slash optional: to tell a slash mistake from an unknown path. */
  readonly loosePattern: RegExp;
  readonly paramNames: readonly string[];
  readonly staticLength: number;
  readonly byMethod: Map<string, SpecOperation>;
}

/**
 * Matches request paths against the spec's path templates under each server base path. A template
 * parameter matches one non-empty segment. The trailing slash must be as the spec writes it (frameworks such
 * as Django answer the other form with a redirect or an error, never the operation); a request that only
 * gets it wrong is told so. Templates with more literal text win, so `/bookings/` is never taken for `/{id}/`.
 */
export class SpecRouter {
  private readonly paths: CompiledPath[];

  constructor(
    operations: readonly SpecOperation[],
    private readonly basePaths: readonly string[],
  ) {
    const byTemplate = new Map<string, CompiledPath>();
    for (const operation of operations) {
      let compiled = byTemplate.get(operation.pathTemplate);
      if (!compiled) {
        compiled = compileTemplate(operation.pathTemplate);
        byTemplate.set(operation.pathTemplate, compiled);
      }
      compiled.byMethod.set(operation.method, operation);
    }
    this.paths = [...byTemplate.values()].sort((a, b) => b.staticLength - a.staticLength);
  }

  match(method: string, requestPath: string): RouteMatch {
    for (const basePath of this.basePaths) {
      if (basePath !== '' && requestPath !== basePath && !requestPath.startsWith(`${basePath}/`)) continue;
      const rest = requestPath.slice(basePath.length);
      for (const path of this.paths) {
        const found = path.pattern.exec(rest);
        if (!found) continue;
        const operation = path.byMethod.get(method);
        if (!operation) return { kind: 'method-not-allowed', allowed: [...path.byMethod.keys()] };
        const params: Record<string, string> = {};
        const decoded = path.paramNames.map(
          (name, index) => [name, safeDecode(found[index + 1] ?? '')] as const,
        );
        for (const [name, value] of decoded) {
          if (value === undefined) return { kind: 'no-route' };
          params[name] = value;
        }
        return { kind: 'operation', operation, params, basePath };
      }
    }
    return this.onlySlashDiffers(requestPath) ? { kind: 'trailing-slash' } : { kind: 'no-route' };
  }

  private onlySlashDiffers(requestPath: string): boolean {
    return this.basePaths.some((basePath) => {
      if (basePath !== '' && !requestPath.startsWith(`${basePath}/`)) return false;
      const rest = requestPath.slice(basePath.length);
      return this.paths.some((path) => path.loosePattern.test(rest));
    });
  }
}

function compileTemplate(template: string): CompiledPath {
  const paramNames: string[] = [];
  let staticLength = 0;
  const trailingSlash = template.endsWith('/') ? '/' : '';
  const source = template
    .replace(/\/+$/, '')
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part);
      if (param?.[1]) {
        paramNames.push(param[1]);
        return '([^/]+)';
      }
      staticLength += part.length;
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return {
    pattern: new RegExp(`^${source}${trailingSlash}$`),
    loosePattern: new RegExp(`^${source}/?$`),
    paramNames,
    staticLength,
    byMethod: new Map(),
  };
}

/** Percent-decodes a path segment; undefined when the escapes are invalid. */
function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
