import { headersAsSent } from './headers-as-sent';

describe('headersAsSent', () => {
  it('keeps Node’s headers when every name came once', () => {
    const headers = { authorization: 'Bearer a', 'x-api-key': 'k' };
    const req = {
      headers,
      rawHeaders: ['Authorization', 'Bearer a', 'X-Api-Key', 'k'],
      headersDistinct: { authorization: ['Bearer a'], 'x-api-key': ['k'] },
    };
    expect(headersAsSent(req)).toBe(headers);
  });

  it('gives every value of a repeated header, where Node kept the first or joined them', () => {
    const req = {
      headers: { authorization: 'Bearer a', 'x-api-key': 'k, k', accept: '*/*' },
      rawHeaders: [
        'Authorization',
        'Bearer a',
        'authorization',
        'Bearer b',
        'X-Api-Key',
        'k',
        'x-api-key',
        'k',
      ],
      headersDistinct: { authorization: ['Bearer a', 'Bearer b'], 'x-api-key': ['k', 'k'], accept: ['*/*'] },
    };
    expect(headersAsSent(req)).toEqual({
      authorization: ['Bearer a', 'Bearer b'],
      'x-api-key': ['k', 'k'],
      accept: '*/*',
    });
  });

  it('reads a request built without raw headers (outside HTTP) as it is', () => {
    const headers = { authorization: 'Bearer a' };
    expect(headersAsSent({ headers })).toBe(headers);
  });
});
