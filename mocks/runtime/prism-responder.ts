import type { IncomingHttpHeaders } from 'node:http';
import { parsePrefer } from './prefer';
import type { HandlerResponse } from './provider';

type PrismHttp = typeof import('@stoplight/prism-http');
type PrismCore = typeof import('@stoplight/prism-core');
type Operations = Awaited<ReturnType<PrismHttp['getHttpOperationsFromSpec']>>;
type Instance = ReturnType<PrismHttp['createInstance']>;

export interface SpecRequest {
  readonly method: string;
  /** Path relative to the server base path, as the spec's templates are written. */
  readonly path: string;
  readonly query: Readonly<Record<string, string | string[]>>;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

const MOCK_CONFIG = {
  checkSecurity: false,
  validateRequest: false,
  validateResponse: false,
  errors: false,
  upstreamProxy: undefined,
  isProxy: false,
  mock: { dynamic: false },
} as const;

/** Prism's `Prefer` choices (`code=404`, `example=name`, `dynamic=true`), read by the one parser of the header. */
function preferences(prefer: string | undefined): { code?: number; exampleKey?: string; dynamic?: boolean } {
  const parsed = parsePrefer(prefer);
  if (!parsed.ok) return {};
  const { code, exampleKey, dynamic } = parsed.value;
  return {
    ...(code === undefined ? {} : { code }),
    ...(exampleKey === undefined ? {} : { exampleKey }),
    ...(dynamic === undefined ? {} : { dynamic }),
  };
}

/**
 * Answers an operation from the spec's examples through Prism, in process. Prism is loaded on first use
 * (it takes about a second), so a sandbox whose traffic never needs it starts fast. Security and request
 * validation are the runtime's job and are switched off here; Prism still honours `Prefer: code=...` and
 * `Prefer: example=...`.
 */
export class PrismResponder {
  private loaded: Promise<{ instance: Instance; operations: Operations }> | undefined;

  constructor(private readonly specPath: string) {}

  async respond(operationId: string, request: SpecRequest): Promise<HandlerResponse> {
    const { instance, operations } = await this.load();
    const operation = operations.filter(
      (candidate) => candidate.iid === operationId || candidate.id === operationId,
    );
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const result = await instance.request(
      {
        method: request.method.toLowerCase() as 'get',
        url: { path: request.path, query: { ...request.query } },
        headers,
        body: request.body,
      },
      operation.length > 0 ? operation : operations,
      { ...MOCK_CONFIG, mock: { ...MOCK_CONFIG.mock, ...preferences(headers.prefer) } },
    )();
    if (result._tag === 'Left') throw result.left;
    const { statusCode, headers: responseHeaders, body } = result.right.output;
    const contentType = responseHeaders?.['Content-type'] ?? responseHeaders?.['content-type'];
    return {
      status: statusCode,
      body: body === undefined || body === '' ? undefined : body,
      headers: contentType ? { 'content-type': contentType } : {},
    };
  }

  private load(): Promise<{ instance: Instance; operations: Operations }> {
    this.loaded ??= (async () => {
      // Loaded lazily on purpose: see the class comment.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const prismHttp = require('@stoplight/prism-http') as PrismHttp;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const prismCore = require('@stoplight/prism-core') as PrismCore;
      const operations = await prismHttp.getHttpOperationsFromSpec(this.specPath);
      const instance = prismHttp.createInstance(MOCK_CONFIG, {
        logger: prismCore.createLogger('partner-sandbox', { enabled: false }),
      });
      return { instance, operations };
    })();
    return this.loaded;
  }
}
