/**
 * Two things the runtime hands a provider, through a toy made up here over real HTTP: the sandbox clock's
 * time in what its authorization and precondition policies see (`PolicyRequest.now`), and the request
 * headers a provider state gives a handler it runs (`HandlerCall.headers`), and only those.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderDefinition } from '../../../mocks/runtime/provider';
import { toyProvider, type ToyState } from '../../fixtures/toy-provider';
import { expectRejected, providerState, setClock, useTestSandbox } from '../../helpers/sandbox';

const ADMIN = { 'x-toy-key': 'toy_test_key' };
const OTHER = { 'x-toy-key': 'toy_test_other' };
const JSON_TYPE = { 'content-type': 'application/json' };
/** From this time on, every gadget is lent to the other account: it owns it, and lending it is a change. */
const LENT_FROM = new Date('2030-06-01T00:00:00Z');
const V2 = 'application/vnd.toy.v2+json';

/** The headers each `getWidget` call reached its handler with. */
const seenHeaders: IncomingHttpHeaders[] = [];
const getWidget = toyProvider.handlers.getWidget as NonNullable<typeof toyProvider.handlers.getWidget>;

const lendingToy: ProviderDefinition<ToyState> = {
  ...toyProvider,
  authorization: {
    ...toyProvider.authorization,
    notFound: () => ({ message: 'no such gadget' }),
    ownerOf: ({ params, state, now }) => {
      const owner = state.gadgets.get(params.gadget_id ?? '')?.owner;
      return owner !== undefined && now >= LENT_FROM ? 'acc_other' : owner;
    },
  },
  preconditions: {
    versionOf: ({ params, state, now }) => {
      const gadget = state.gadgets.get(params.gadget_id ?? '');
      if (!gadget) return undefined;
      const lent = now >= LENT_FROM;
      const version = gadget.version + (lent ? 1 : 0);
      return { etag: `"${version}"`, lastModified: lent ? LENT_FROM : new Date(gadget.modifiedAt) };
    },
  },
  handlers: {
    ...toyProvider.handlers,
    // Negotiates its media type from Accept, as a versioned API does.
    getWidget: async (request) => {
      seenHeaders.push(request.headers);
      const answer = await getWidget(request);
      return {
        ...answer,
        headers: { 'Content-Type': request.headers.accept === V2 ? V2 : 'application/json' },
      };
    },
  },
  providerStates: {
    ...toyProvider.providerStates,
    'a widget was read through its handler': async (params, { state, handle }) => {
      state.widgets.set('W-00007', { id: 'W-00007', name: 'read', size: 1 }, { maxBytes: 1024 * 1024 });
      const headers = typeof params.accept === 'string' ? { accept: params.accept } : undefined;
      const answer = await handle('getWidget', { params: { widget_id: 'W-00007' }, headers });
      return { status: answer.status, contentType: answer.headers?.['Content-Type'], body: answer.body };
    },
  },
};

describe('a toy whose policies depend on the sandbox clock', () => {
  const running = useTestSandbox(lendingToy);
  let url: string;
  beforeEach(() => {
    ({ url } = running());
  });

  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${url}/toy${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, ...JSON_TYPE },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const createGadget = async () => {
    const created = await call('POST', '/gadgets/', ADMIN, { name: 'lamp' });
    expect(created.status).toBe(201);
    return ((await created.json()) as { id: string }).id;
  };

  it('authorizes by the clock’s time: moving it through the control surface moves the ownership', async () => {
    await setClock(url, { now: '2030-05-31T23:59:00Z' });
    const id = await createGadget();
    expect((await call('GET', `/gadgets/${id}`, ADMIN)).status).toBe(200);
    await expectRejected(await call('GET', `/gadgets/${id}`, OTHER), 404, 'TOY_OBJECT_OF_ANOTHER_ACCOUNT');

    await setClock(url, { advanceSeconds: 60 });
    const hidden = await call('GET', `/gadgets/${id}`, ADMIN);
    expect(await expectRejected(hidden, 404, 'TOY_OBJECT_OF_ANOTHER_ACCOUNT')).toMatchObject({
      problem: 'no such gadget',
    });
    expect(await (await call('GET', `/gadgets/${id}`, OTHER)).json()).toMatchObject({ id, name: 'lamp' });

    // Back before the lending: the policy decides as before, whatever the real time is.
    await setClock(url, { now: '2030-05-31T23:59:59Z' });
    expect((await call('GET', `/gadgets/${id}`, ADMIN)).status).toBe(200);
  });

  it('checks preconditions against the version the object has at the clock’s time', async () => {
    await setClock(url, { now: '2030-05-31T12:00:00Z' });
    const id = await createGadget();
    const before = await call('GET', `/gadgets/${id}`, ADMIN);
    expect(before.headers.get('etag')).toBe('"1"');

    await setClock(url, { now: LENT_FROM.toISOString() });
    const read = await call('GET', `/gadgets/${id}`, OTHER);
    expect(read.headers.get('etag')).toBe('"2"');
    expect(read.headers.get('last-modified')).toBe(LENT_FROM.toUTCString());
    const stale = await call('PUT', `/gadgets/${id}`, { ...OTHER, 'if-match': '"1"' }, { name: 'mine' });
    await expectRejected(stale, 412, 'TOY_PRECONDITION_FAILED');
    const current = await call('PUT', `/gadgets/${id}`, { ...OTHER, 'if-match': '"2"' }, { name: 'mine' });
    expect(current.status).toBe(200);
  });
});

describe('a toy whose provider state runs a handler with request headers', () => {
  const running = useTestSandbox(lendingToy);
  beforeEach(() => {
    seenHeaders.length = 0;
  });

  it('gives the handler the headers the call names, and not those of the control request', async () => {
    const response = await fetch(`${running().url}/__sandbox/provider-states`, {
      method: 'POST',
      headers: { ...ADMIN, ...JSON_TYPE, accept: 'text/plain', 'x-from-the-test': 'control' },
      body: JSON.stringify({ state: 'a widget was read through its handler', params: { accept: V2 } }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 200,
      contentType: V2,
      body: { id: 'W-00007', name: 'read', size: 1 },
    });
    expect(seenHeaders).toEqual([{ accept: V2 }]);
  });

  it('gives a call that names no headers none', async () => {
    const answer = await providerState(running().url, 'a widget was read through its handler');
    expect(answer).toMatchObject({ status: 200, contentType: 'application/json' });
    expect(seenHeaders).toEqual([{}]);
  });
});
