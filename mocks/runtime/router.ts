import type { SpecOperation } from './spec';

export type RouteMatch =
  | {
      readonly kind: 'operation';
      readonly operation: SpecOperation;
      readonly params: Record<string, string>;
      readonly basePath: string;
      /** The path under the base path, as the spec's templates are written (`/` for the base path itself). */
      readonly relativePath: string;
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
  readonly template: string;
  /** The base paths the path is served under (its path item's `servers`); undefined: every one. */
  readonly basePaths: ReadonlySet<string> | undefined;
}

/**
 * Matches request paths against the spec's path templates under each server base path. A template
 * parameter matches one non-empty segment. The trailing slash must be as the spec writes it (frameworks such
 * as Django answer the other form with a redirect or an error, never the operation); a request that only
 * gets it wrong is told so. Templates with more literal text win, so `/bookings/` is never taken for `/{id}/`.
 * A path whose item lists `servers` of its own is served under those base paths only; the longest base path
 * a request falls under is tried first (`/live/fep/...` is not read as `/live` + `/fep/...`). A request for a
 * base path itself asks for its root `/`, as a browser asks for `https://host?q` with `GET /?q`.
 */
export class SpecRouter {
  private readonly paths: CompiledPath[];
  private readonly basePaths: readonly string[];

  constructor(
    operations: readonly SpecOperation[],
    private readonly specBasePaths: readonly string[],
  ) {
    const byTemplate = new Map<string, CompiledPath>();
    for (const operation of operations) {
      let compiled = byTemplate.get(operation.pathTemplate);
      if (!compiled) {
        compiled = compileTemplate(operation.pathTemplate, operation.basePaths);
        byTemplate.set(operation.pathTemplate, compiled);
      }
      compiled.byMethod.set(operation.method, operation);
    }
    this.paths = [...byTemplate.values()].sort((a, b) => b.staticLength - a.staticLength);
    // A stable sort: base paths of equal length keep the spec's order.
    this.basePaths = [...specBasePaths].sort((a, b) => b.length - a.length);
  }

  match(method: string, requestPath: string): RouteMatch {
    for (const basePath of this.basePaths) {
      if (basePath !== '' && requestPath !== basePath && !requestPath.startsWith(`${basePath}/`)) continue;
      const rest = basePath !== '' && requestPath === basePath ? '/' : requestPath.slice(basePath.length);
      for (const path of this.paths) {
        if (path.basePaths !== undefined && !path.basePaths.has(basePath)) continue;
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
        return { kind: 'operation', operation, params, basePath, relativePath: rest };
      }
    }
    return this.onlySlashDiffers(requestPath) ? { kind: 'trailing-slash' } : { kind: 'no-route' };
  }

  /**
   * The operations closest to a request no operation matched, as "METHOD /path" (WireMock's near misses):
   * ranked by how many path segments agree (a literal equal, a parameter filling a segment, a literal
   * nearly equal), then by the method, under the base path the request used (else the first one).
   */
  nearMisses(method: string, requestPath: string, limit = 3): string[] {
    const requestBase = this.basePaths.find((base) => base !== '' && requestPath.startsWith(`${base}/`));
    const requested = segmentsOf(requestPath);
    const ranked: { readonly label: string; readonly score: number }[] = [];
    for (const path of this.paths) {
      const served = path.basePaths ? [...path.basePaths] : this.specBasePaths;
      const basePath = served.find((base) => base === requestBase) ?? served[0] ?? '';
      const pathScore = pathSimilarity(requested, segmentsOf(`${basePath}${path.template}`));
      for (const operationMethod of path.byMethod.keys()) {
        ranked.push({
          label: `${operationMethod} ${basePath}${path.template}`,
          score: pathScore + (operationMethod === method ? 0.5 : 0),
        });
      }
    }
    // A stable sort: equal scores keep the spec's order (more literal paths first).
    return ranked
      .sort((a, b) => b.score - a.score)
      .slice(0, Math.max(0, limit))
      .map(({ label }) => label);
  }

  private onlySlashDiffers(requestPath: string): boolean {
    return this.basePaths.some((basePath) => {
      if (basePath !== '' && !requestPath.startsWith(`${basePath}/`)) return false;
      const rest = requestPath.slice(basePath.length);
      return this.paths.some(
        (path) => (path.basePaths?.has(basePath) ?? true) && path.loosePattern.test(rest),
      );
    });
  }
}

function compileTemplate(template: string, basePaths: readonly string[] | undefined): CompiledPath {
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
    template,
    basePaths: basePaths && new Set(basePaths),
  };
}

/** Segments compared at most this long: a near-miss search must stay cheap whatever path was sent. */
const COMPARED_SEGMENT_LENGTH = 64;

function segmentsOf(path: string): string[] {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => segment.slice(0, COMPARED_SEGMENT_LENGTH));
}

/**
 * How well a request's segments fit a template's, position by position: 2 for an equal literal, 1 for a
 * parameter, up to 1 for a literal a few edits away; each segment one has and the other lacks costs 1.
 */
function pathSimilarity(requested: readonly string[], template: readonly string[]): number {
  let score = -Math.abs(requested.length - template.length);
  for (let index = 0; index < Math.min(requested.length, template.length); index++) {
    const [want, have] = [requested[index] as string, template[index] as string];
    if (/^\{[^}]+\}$/.test(have)) score += 1;
    else if (want === have) score += 2;
    else score += Math.max(0, 1 - editDistance(want, have) / Math.max(want.length, have.length)) ** 2;
  }
  return score;
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** Percent-decodes a path segment; undefined when the escapes are invalid. */
function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
