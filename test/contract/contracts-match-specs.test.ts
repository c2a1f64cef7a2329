/**
 * Specs and contracts never drift: every interaction of every contract in contracts/ is checked against its
 * provider's spec (specs/<provider>.yaml) with the runtime's own router and validators. The request must
 * reach an operation and be valid (path parameters, query, headers, body); the response status must be
 * documented and its body valid against the response schema. Each provider state a contract names is one
 * its sandbox lists (`GET /__sandbox/provider-states`) and its docs page describes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readContracts, type PactInteraction } from '../../mocks/contract/pact-file';
import { PROVIDERS } from '../../mocks/registry';
import type { AnyProviderDefinition } from '../../mocks/runtime/provider';
import { SpecRouter } from '../../mocks/runtime/router';
import { loadSpec, mediaTypeEssence, type LoadedSpec } from '../../mocks/runtime/spec';
import { RequestValidator } from '../../mocks/runtime/validation/request-validator';
import { ResponseValidator } from '../../mocks/runtime/validation/response-validator';
import type { Violation } from '../../mocks/runtime/validation/violations';
import { startTestSandbox } from '../helpers/sandbox';

const ROOT = resolve(__dirname, '../..');
const contracts = readContracts(resolve(ROOT, 'contracts'));

/** What one provider's spec offers the checks, built once. */
interface SpecCheck {
  readonly spec: LoadedSpec;
  readonly router: SpecRouter;
  readonly requests: RequestValidator;
  readonly responses: ResponseValidator;
}

const specChecks = new Map<string, SpecCheck>();
function specCheckOf(provider: AnyProviderDefinition): SpecCheck {
  let check = specChecks.get(provider.name);
  if (!check) {
    const spec = loadSpec(provider.specPath);
    check = {
      spec,
      router: new SpecRouter(spec.operations, spec.basePaths),
      requests: new RequestValidator(spec),
      // A contract's response names only the fields its consumer relies on (Pact lets the provider send
      // more): the response body is checked for what it holds, its fields present need not be all required.
      responses: new ResponseValidator({
        ...spec,
        document: withoutRequired(spec.document) as typeof spec.document,
      }),
    };
    specChecks.set(provider.name, check);
  }
  return check;
}

/** A copy of a JSON Schema (or a whole OpenAPI document) whose objects require no property. */
function withoutRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      // `required: true` of a parameter is a boolean, kept; a schema's list of required properties goes.
      .filter(([key, value]) => !(key === 'required' && Array.isArray(value)))
      .map(([key, value]) => [key, withoutRequired(value)]),
  );
}

const header = (headers: PactInteraction['request']['headers'], name: string) =>
  Object.entries(headers ?? {})
    .find(([key]) => key.toLowerCase() === name)?.[1]
    ?.join(', ');

const said = (where: string, violations: readonly Violation[]) =>
  violations.map(
    (violation) =>
      `${where} ${violation.in}${violation.field.length > 0 ? ` ${violation.field.join('.')}` : ''}: ${violation.message}`,
  );

/** Everything in one interaction its spec does not allow, one line each (the contract's example values). */
function specProblems(interaction: PactInteraction, check: SpecCheck): string[] {
  const { request, response } = interaction;
  const method = request.method.toUpperCase();
  const route = check.router.match(method, request.path);
  if (route.kind !== 'operation')
    return [`request: ${method} ${request.path} reaches no operation of the spec (${route.kind})`];
  const { operation, params } = route;
  const contentType = header(request.headers, 'content-type');
  const media =
    contentType === undefined
      ? operation.bodyMediaTypes[0]
      : operation.bodyMediaTypes.find(({ essence }) => essence === mediaTypeEssence(contentType));
  if (request.body !== undefined && media === undefined)
    return [`request: ${operation.operationId} takes no body of type ${contentType ?? '(none)'}`];
  const requestViolations = check.requests.validate(operation, {
    params,
    query: Object.fromEntries(
      Object.entries(request.query ?? {}).map(([name, values]) => [
        name,
        values.length === 1 ? values[0] : values,
      ]),
    ),
    headers: Object.fromEntries(
      Object.entries(request.headers ?? {}).map(([name, values]) => [name.toLowerCase(), values.join(', ')]),
    ),
    // As the runtime reads it (`parseJsonBody`): no body is an empty JSON object.
    body: request.body?.content ?? {},
    ...(media === undefined ? {} : { bodySchemaPointer: media.schemaPointer }),
  });
  const responseViolations = check.responses.validate(
    operation,
    response.status,
    response.body?.content,
    header(response.headers, 'content-type'),
  );
  return [
    ...said(`request (${operation.operationId})`, requestViolations),
    ...said(`response ${response.status}`, responseViolations),
  ];
}

describe.each(contracts.map((contract) => [contract.file.slice(ROOT.length + 1), contract] as const))(
  '%s matches its provider spec',
  (_file, contract) => {
    const provider = PROVIDERS.find((candidate) => candidate.name === contract.provider);

    it('names a provider of mocks/registry.ts', () => {
      expect(provider?.name).toBe(contract.provider);
    });

    it.each(contract.interactions.map((interaction) => [interaction.description, interaction] as const))(
      '"%s": request and response as the spec allows',
      (_description, interaction) => {
        if (!provider) return;
        expect(specProblems(interaction, specCheckOf(provider))).toEqual([]);
      },
    );

    it('names only provider states its sandbox lists and its docs page describes', async () => {
      if (!provider) return;
      const { server, url } = await startTestSandbox(provider);
      try {
        const listed = (
          (await (await fetch(`${url}/__sandbox/provider-states`)).json()) as { states: string[] }
        ).states;
        const docs = readFileSync(resolve(ROOT, 'docs', `${provider.name}.md`), 'utf8');
        const used = [...new Set(contract.interactions.flatMap((i) => i.providerStates.map((s) => s.name)))];
        expect(used.filter((state) => !listed.includes(state))).toEqual([]);
        expect(used.filter((state) => !docs.includes(`\`${state}\``))).toEqual([]);
      } finally {
        await server.close();
      }
    });
  },
);

describe('specProblems', () => {
  const xcover = PROVIDERS.find((provider) => provider.name === 'xcover') as AnyProviderDefinition;
  const contract = contracts.find((candidate) => candidate.provider === 'xcover');
  const quote = contract?.interactions.find((interaction) => interaction.request.path.endsWith('/quotes/'));

  it('reports each way an interaction leaves its spec, one line each', () => {
    if (!quote) throw new Error('the XCover contract creates a quote');
    const drifted: PactInteraction = {
      ...quote,
      request: {
        ...quote.request,
        body: {
          ...quote.request.body,
          content: { ...(quote.request.body?.content as object), currency: 42 },
        },
      },
      response: {
        ...quote.response,
        body: {
          ...quote.response.body,
          content: { ...(quote.response.body?.content as object), total_price: '2' },
        },
      },
    };
    expect(specProblems(drifted, specCheckOf(xcover))).toEqual([
      expect.stringMatching(/^request \(createQuote\) body currency: must be string$/),
      'response 201 body total_price: must be number',
    ]);
    expect(
      specProblems({ ...quote, request: { ...quote.request, path: '/x/nowhere/' } }, specCheckOf(xcover)),
    ).toEqual(['request: POST /x/nowhere/ reaches no operation of the spec (no-route)']);
  });
});
