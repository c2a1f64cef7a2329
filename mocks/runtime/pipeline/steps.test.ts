import type { Request, Response } from 'express';
import { toyProvider, type ToyState } from '../../../test/fixtures/toy-provider';
import { SandboxRejection, runtimeReasonCode, RUNTIME_REASONS, type RuntimeReason } from '../reasons';
import { SpecRouter } from '../router';
import { loadSpec, type SpecOperation } from '../spec';
import { RequestValidator } from '../validation/request-validator';
import type { Exchange } from './exchange';
import {
  authenticateCaller,
  authorizeCaller,
  bodyMediaOf,
  checkPreconditions,
  parseBody,
  route,
  validateRequest,
  type PipelineDeps,
} from './steps';

// Each step is a function of the exchange and what it depends on: here, the toy provider without HTTP.
const spec = loadSpec(toyProvider.specPath);
const state: ToyState = toyProvider.createState();
const revoked = new Set<string>();
const deps: PipelineDeps<ToyState> = {
  provider: toyProvider,
  router: new SpecRouter(spec.operations, spec.basePaths),
  validator: new RequestValidator(spec),
  credentials: toyProvider.defaultCredentials,
  settings: {},
  state: () => state,
  isRevoked: (value) => revoked.has(value),
  anyRevoked: () => revoked.size > 0,
  reasonCode: (reason) => runtimeReasonCode('toy', reason),
  reject: (reason: RuntimeReason, message: string, errors?: unknown, status?: number) =>
    new SandboxRejection(
      status ?? RUNTIME_REASONS[reason].status,
      runtimeReasonCode('toy', reason),
      message,
      errors,
    ),
};

function exchange(method: string, path: string, headers: Record<string, string> = {}, raw = ''): Exchange {
  const set: Record<string, string> = {};
  return {
    req: { headers } as unknown as Request,
    res: { setHeader: (name: string, value: string) => void (set[name] = value) } as unknown as Response,
    method,
    path,
    query: {},
    trace: { operation: null, reason: null, bodyText: undefined, checked: {} },
    now: new Date('2030-01-01T00:00:00Z'),
    rawBody: Buffer.from(raw),
  };
}

const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return (error as SandboxRejection).reason;
  }
  return undefined;
};

describe('pipeline steps on their own', () => {
  beforeEach(() => {
    state.gadgets.clear();
    revoked.clear();
  });

  it('route: matches under a base path, or refuses with near misses', () => {
    const found = exchange('GET', '/toy/gadgets/G-00001');
    route(found, deps);
    expect(found.matched?.operation.operationId).toBe('getGadget');
    expect(found.matched?.params).toEqual({ gadget_id: 'G-00001' });
    const lost = exchange('GET', '/toy/gadget/G-00001');
    expect(refusal(() => route(lost, deps))).toBe('TOY_ROUTE_NOT_FOUND');
    expect(lost.trace.nearMisses?.[0]).toBe('GET /toy/gadgets/{gadget_id}');
  });

  it('authenticate: names the caller, and refuses a caller whose key is revoked', () => {
    const ok = exchange('GET', '/toy/gadgets/G-00001', { 'x-toy-key': 'toy_test_viewer' });
    route(ok, deps);
    authenticateCaller(ok, deps);
    expect(ok.principal).toMatchObject({ scheme: 'ToyKey', role: 'viewer' });
    revoked.add('toy_test_viewer');
    const again = exchange('GET', '/toy/gadgets/G-00001', { 'x-toy-key': 'toy_test_viewer' });
    route(again, deps);
    expect(refusal(() => authenticateCaller(again, deps))).toBe('TOY_KEY_REVOKED');
  });

  it('authorize: 403 for a missing permission, 404 for another account’s object', () => {
    state.gadgets.set(
      'G-00001',
      {
        id: 'G-00001',
        name: 'n',
        owner: 'acc_main',
        version: 1,
        modifiedAt: 0,
      },
      { maxBytes: 1024 * 1024 },
    );
    const viewer = exchange('DELETE', '/toy/gadgets/G-00001', { 'x-toy-key': 'toy_test_viewer' });
    route(viewer, deps);
    authenticateCaller(viewer, deps);
    expect(refusal(() => authorizeCaller(viewer, deps))).toBe('TOY_PERMISSION_DENIED');
    const other = exchange('GET', '/toy/gadgets/G-00001', { 'x-toy-key': 'toy_test_other' });
    route(other, deps);
    authenticateCaller(other, deps);
    expect(refusal(() => authorizeCaller(other, deps))).toBe('TOY_OBJECT_OF_ANOTHER_ACCOUNT');
  });

  it('parseBody and validateRequest: by media type, then against the spec', () => {
    const form = exchange(
      'POST',
      '/toy/checkout',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'card=12',
    );
    route(form, deps);
    parseBody(form, deps);
    expect(form.body).toEqual({ card: '12' });
    expect(refusal(() => validateRequest(form, deps))).toBe('TOY_BODY_INVALID');
    const json = exchange('POST', '/toy/checkout', { 'content-type': 'application/json' }, '{}');
    route(json, deps);
    expect(refusal(() => parseBody(json, deps))).toBe('TOY_UNSUPPORTED_MEDIA_TYPE');
  });

  it('checkPreconditions: 428 without a version, 412 with a stale one, through with the current one', () => {
    state.gadgets.set(
      'G-00001',
      {
        id: 'G-00001',
        name: 'n',
        owner: 'acc_main',
        version: 3,
        modifiedAt: 0,
      },
      { maxBytes: 1024 * 1024 },
    );
    const check = (headers: Record<string, string>) => {
      const put = exchange('PUT', '/toy/gadgets/G-00001', headers);
      route(put, deps);
      return refusal(() => checkPreconditions(put, deps));
    };
    expect(check({})).toBe('TOY_PRECONDITION_REQUIRED');
    expect(check({ 'if-match': '"2"' })).toBe('TOY_PRECONDITION_FAILED');
    expect(check({ 'if-match': '"3"' })).toBeUndefined();
  });
});

describe('bodyMediaOf', () => {
  const picture = spec.operations.find(({ operationId }) => operationId === 'putGadgetPicture');
  const widgets = spec.operations.find(({ operationId }) => operationId === 'createWidget');

  it.each([
    ['image/png', 'image/png'],
    ['Image/PNG; q=1', 'image/png'],
    ['image/webp', 'image/*'],
    ['application/octet-stream', 'application/octet-stream'],
    ['text/plain', undefined],
    ['application/json', undefined],
    [undefined, undefined],
  ])('takes %s as the listed %s, a named type before the range that covers it', (type, listed) => {
    expect(bodyMediaOf(picture as SpecOperation, type)?.essence).toBe(listed);
  });

  it('reads a vendor JSON type as the listed plain JSON', () => {
    expect(bodyMediaOf(widgets as SpecOperation, 'application/vnd.toy+json')).toMatchObject({
      essence: 'application/json',
      kind: 'json',
    });
  });
});
