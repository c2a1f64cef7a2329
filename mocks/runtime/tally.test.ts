import { RequestTally } from './tally';

describe('RequestTally', () => {
  it('counts answers by status and reason, keeping the first example of each reason, most frequent first', () => {
    const tally = new RequestTally();
    tally.record('POST', '/x/a', 201, null);
    tally.record('POST', '/x/b', 401, 'X_SIGNATURE_MISMATCH');
    tally.record('GET', '/x/c', 404, 'X_ROUTE_NOT_FOUND');
    tally.record('GET', '/x/d', 401, 'X_SIGNATURE_MISMATCH');
    expect(tally.view()).toEqual({
      requests: 4,
      byStatus: { '201': 1, '401': 2, '404': 1 },
      reasons: [
        { reason: 'X_SIGNATURE_MISMATCH', status: 401, count: 2, example: { method: 'POST', path: '/x/b' } },
        { reason: 'X_ROUTE_NOT_FOUND', status: 404, count: 1, example: { method: 'GET', path: '/x/c' } },
      ],
    });
  });

  it('is empty before any answer', () => {
    expect(new RequestTally().view()).toEqual({ requests: 0, byStatus: {}, reasons: [] });
  });
});
