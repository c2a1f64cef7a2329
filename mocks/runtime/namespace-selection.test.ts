import fc from 'fast-check';
import { isNamespaceName, namespacePathPrefix, selectNamespace } from './namespace-selection';

const request = (url: string, namespace?: string | string[]) => ({
  url,
  headers: namespace === undefined ? {} : { 'x-sandbox-namespace': namespace },
});

const NAME_CHARS = 'ABCXYZabcxyz0189._-'.split('');
const validName = fc.string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 1, maxLength: 64 });

describe('selectNamespace', () => {
  it('selects nothing (the default namespace) without a header or a prefix', () => {
    expect(selectNamespace(request('/x/quotes?a=1'))).toBeUndefined();
    expect(selectNamespace(request('/__nsx/a/quotes'))).toBeUndefined();
  });

  it('reads the header, leaving the URL as it is', () => {
    expect(selectNamespace(request('/x/quotes', 'ci-42'))).toEqual({
      kind: 'named',
      name: 'ci-42',
      url: '/x/quotes',
    });
  });

  it.each([
    ['/__ns/ci-42/x/quotes?a=1', '/x/quotes?a=1'],
    ['/__ns/ci-42/__sandbox/reset', '/__sandbox/reset'],
    ['/__ns/ci-42', '/'],
    ['/__ns/ci-42/', '/'],
    ['/__ns/ci-42?a=1', '/?a=1'],
  ])('takes the prefix off %s', (url, rest) => {
    expect(selectNamespace(request(url))).toEqual({ kind: 'named', name: 'ci-42', url: rest });
  });

  it('takes a header and a prefix naming the same namespace', () => {
    expect(selectNamespace(request('/__ns/a/x', 'a'))).toEqual({ kind: 'named', name: 'a', url: '/x' });
  });

  it.each([
    [request('/x', ''), 'NAMESPACE_INVALID'],
    [request('/x', 'a b'), 'NAMESPACE_INVALID'],
    [request('/x', 'a'.repeat(65)), 'NAMESPACE_INVALID'],
    [request('/x', ['a', 'a']), 'NAMESPACE_INVALID'],
    [request('/__ns//x'), 'NAMESPACE_INVALID'],
    [request('/__ns/%61/x'), 'NAMESPACE_INVALID'],
    [request('/__ns/a/x', 'b'), 'NAMESPACE_CONFLICT'],
  ])('refuses %j with %s, the prefix taken off all the same', (req, reason) => {
    expect(selectNamespace(req)).toMatchObject({
      kind: 'invalid',
      reason,
      url: req.url.replace(/^\/__ns\/[^/]*/, ''),
    });
  });

  it('never throws; a selected name is always valid, and its prefix then the URL taken off give the URL back', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 80 }), validName),
        fc.oneof(fc.constant(''), fc.webPath(), fc.string({ maxLength: 40 })),
        fc.boolean(),
        (name, path, asHeader) => {
          const url = asHeader ? path || '/' : `${namespacePathPrefix(name)}${path}`;
          const selection = selectNamespace(request(url, asHeader ? name : undefined));
          if (selection?.kind !== 'named') return;
          expect(isNamespaceName(selection.name)).toBe(true);
          if (!asHeader) expect(url.startsWith(`${namespacePathPrefix(selection.name)}`)).toBe(true);
        },
      ),
    );
  });

  it('accepts exactly the names of 1 to 64 of A-Z a-z 0-9 . _ -', () => {
    fc.assert(fc.property(validName, (name) => isNamespaceName(name)));
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (name) => {
        expect(isNamespaceName(name)).toBe(/^[A-Za-z0-9._-]{1,64}$/.test(name));
      }),
    );
  });
});
