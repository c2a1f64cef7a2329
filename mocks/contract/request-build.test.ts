import { buildRequest } from './request-build';
import type { PactRequest } from './pact-file';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const request: PactRequest = {
  method: 'post',
  path: '/x/bookings/OLD/',
  query: { page: ['1'] },
  headers: { Authorization: ['Signature stale'], 'Content-Type': ['application/json'], 'X-Key': ['fixed'] },
  body: { content: { quotes: [{ id: 'old', n: 1 }] }, contentType: 'application/json' },
  generators: {
    path: { type: 'ProviderState', expression: '/x/bookings/${package_id}/' },
    header: { 'X-Key': { type: 'Uuid' } },
    body: { '$.quotes[0].n': { type: 'ProviderState', expression: '${count}' } },
  },
};

describe('buildRequest', () => {
  it('runs the generators, keeps values their type, and leaves the credential headers out', () => {
    const built = buildRequest(request, { package_id: 'NEW', count: 3 }, ['authorization']);
    expect(built.method).toBe('POST');
    expect(built.target).toBe('/x/bookings/NEW/?page=1');
    expect(built.headers).toEqual({
      'content-type': 'application/json',
      'x-key': expect.stringMatching(UUID),
    });
    expect(JSON.parse(String(built.body))).toEqual({ quotes: [{ id: 'old', n: 3 }] });
  });

  it('sends a credential header a provider state filled in (a token the server under test issued)', () => {
    const withToken: PactRequest = {
      ...request,
      headers: { authorization: ['Bearer example'] },
      generators: { header: { authorization: { type: 'ProviderState', expression: 'Bearer ${token}' } } },
    };
    const built = buildRequest(withToken, { token: 'tok_1' }, ['authorization']);
    expect(built.headers).toEqual({ authorization: 'Bearer tok_1' });
  });

  it('generates a fresh UUID on every build', () => {
    const values = { package_id: 'P', count: 1 };
    expect(buildRequest(request, values, []).headers['x-key']).not.toBe(
      buildRequest(request, values, []).headers['x-key'],
    );
  });

  it('fails, naming the value, when the provider states did not answer it', () => {
    expect(() => buildRequest(request, { count: 1 }, [])).toThrow(
      'the provider states answered no "package_id"',
    );
  });
});
