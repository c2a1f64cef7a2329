import { SpecRouter } from './router';
import type { SpecOperation } from './spec';

function operation(
  method: string,
  pathTemplate: string,
  operationId = `${method} ${pathTemplate}`,
): SpecOperation {
  return {
    operationId,
    method,
    pathTemplate,
    parameters: [],
    bodySchemaPointer: undefined,
    bodyMediaTypes: [],
    responseHeaders: {},
    bodyRequired: false,
    documentedStatuses: ['200'],
    responseSchemaPointers: {},
    security: [],
  };
}

const operations = [
  operation('GET', '/bookings/{id}/', 'getBooking'),
  operation('DELETE', '/bookings/{id}/', 'deleteBooking'),
  operation('GET', '/bookings/', 'listBookings'),
  operation('POST', '/bookings/', 'createBooking'),
  operation('GET', '/bookings/search', 'searchBookings'),
  operation('GET', '/bookings/{id}/quotes/{quoteId}', 'getQuote'),
  operation('GET', '/files/v1.0/x+y', 'getFile'),
];
const router = new SpecRouter(operations, ['/x', '/xcover']);

function matched(method: string, path: string): [string, Record<string, string>, string] {
  const found = router.match(method, path);
  if (found.kind !== 'operation') throw new Error(`${method} ${path}: ${found.kind}`);
  return [found.operation.operationId, found.params, found.basePath];
}

describe('SpecRouter', () => {
  it('matches under every base path and says which one', () => {
    expect(matched('GET', '/x/bookings/')).toEqual(['listBookings', {}, '/x']);
    expect(matched('GET', '/xcover/bookings/')).toEqual(['listBookings', {}, '/xcover']);
  });

  it('wants the trailing slash exactly as the spec writes it, and says when only that is wrong', () => {
    expect(router.match('GET', '/x/bookings')).toEqual({ kind: 'trailing-slash' });
    expect(router.match('GET', '/x/bookings/B1')).toEqual({ kind: 'trailing-slash' });
    // With the slash it is another route: a booking whose id is "search".
    expect(matched('GET', '/x/bookings/search/')).toEqual(['getBooking', { id: 'search' }, '/x']);
    expect(router.match('GET', '/x/bookings//')).toEqual({ kind: 'no-route' });
  });

  it('prefers the template with more literal text over a parameter', () => {
    expect(matched('GET', '/x/bookings/search')[0]).toBe('searchBookings');
    expect(matched('GET', '/x/bookings/searching/')).toEqual(['getBooking', { id: 'searching' }, '/x']);
  });

  it('binds every parameter to exactly one non-empty segment', () => {
    expect(matched('GET', '/x/bookings/B1/quotes/Q2')).toEqual([
      'getQuote',
      { id: 'B1', quoteId: 'Q2' },
      '/x',
    ]);
    expect(router.match('GET', '/x/bookings/B1/quotes/')).toEqual({ kind: 'no-route' });
    expect(router.match('GET', '/x/bookings/a/b')).toEqual({ kind: 'no-route' });
  });

  it('percent-decodes parameters', () => {
    expect(matched('GET', '/x/bookings/a%20b%2Fc%C3%A9/')[1]).toEqual({ id: 'a b/cé' });
  });

  it('treats a parameter with invalid escapes as no route', () => {
    expect(router.match('GET', '/x/bookings/%E0%A4%A/')).toEqual({ kind: 'no-route' });
    expect(router.match('GET', '/x/bookings/%zz/')).toEqual({ kind: 'no-route' });
  });

  it('matches literal template text literally, regex characters included', () => {
    expect(matched('GET', '/x/files/v1.0/x+y')[0]).toBe('getFile');
    expect(router.match('GET', '/x/files/v1a0/xxy')).toEqual({ kind: 'no-route' });
  });

  it('answers method-not-allowed with the methods the path has', () => {
    expect(router.match('PUT', '/x/bookings/B1/')).toEqual({
      kind: 'method-not-allowed',
      allowed: ['GET', 'DELETE'],
    });
    expect(router.match('DELETE', '/x/bookings/')).toEqual({
      kind: 'method-not-allowed',
      allowed: ['GET', 'POST'],
    });
  });

  it('finds no route outside every base path or for unknown paths', () => {
    expect(router.match('GET', '/bookings/')).toEqual({ kind: 'no-route' });
    expect(router.match('GET', '/xc/bookings/')).toEqual({ kind: 'no-route' });
    expect(router.match('GET', '/xcoverage/bookings/')).toEqual({ kind: 'no-route' });
    expect(router.match('GET', '/x/unknown')).toEqual({ kind: 'no-route' });
    expect(router.match('GET', '/x')).toEqual({ kind: 'no-route' });
  });

  it('does not confuse a base path with a longer one it prefixes', () => {
    const aliases = new SpecRouter([operation('GET', '/widgets/', 'listWidgets')], ['/toy', '/toy-alias']);
    expect(aliases.match('GET', '/toy-alias/widgets/')).toMatchObject({
      kind: 'operation',
      basePath: '/toy-alias',
    });
    expect(aliases.match('GET', '/toy/widgets/')).toMatchObject({ kind: 'operation', basePath: '/toy' });
  });

  it('serves from the root with an empty base path', () => {
    const root = new SpecRouter([operation('GET', '/', 'root'), operation('GET', '/ping', 'ping')], ['']);
    expect(root.match('GET', '/ping')).toMatchObject({ kind: 'operation', basePath: '' });
    expect(root.match('GET', '/')).toMatchObject({ kind: 'operation', operation: { operationId: 'root' } });
    expect(root.match('GET', '')).toEqual({ kind: 'trailing-slash' });
  });
});

describe('SpecRouter.nearMisses', () => {
  const router = new SpecRouter(operations, ['/v2', '/api/v2']);

  it('ranks the operations whose path segments agree most, the same method first among equals', () => {
    expect(router.nearMisses('GET', '/v2/booking/B-1/', 3)).toEqual([
      'GET /v2/bookings/{id}/',
      'DELETE /v2/bookings/{id}/',
      'GET /v2/bookings/search',
    ]);
    expect(router.nearMisses('DELETE', '/v2/bookings/B-1/extra', 2)).toEqual([
      'DELETE /v2/bookings/{id}/',
      'GET /v2/bookings/{id}/quotes/{quoteId}',
    ]);
  });

  it('names the paths under the base path the request used, else the first', () => {
    expect(router.nearMisses('POST', '/api/v2/bookingz/', 1)).toEqual(['POST /api/v2/bookings/']);
    expect(router.nearMisses('GET', '/v3/files/v1.0/x+y', 1)).toEqual(['GET /v2/files/v1.0/x+y']);
  });

  it('lists at most `limit` operations, none for a limit of 0', () => {
    expect(router.nearMisses('GET', '/v2/nothing', 100)).toHaveLength(operations.length);
    expect(router.nearMisses('GET', '/v2/nothing', 0)).toEqual([]);
  });

  it('stays cheap for a huge path', () => {
    expect(router.nearMisses('GET', `/v2/${'a'.repeat(10_000)}/${'b/'.repeat(5000)}`, 1)).toHaveLength(1);
  });
});
