import express from 'express';
import fc from 'fast-check';
import { pipelinePath } from './exchange';

/** The path Express gives a request with this URL (`req.path`): what the pipeline read before it left Express. */
function expressPath(url: string): string {
  const req = Object.create(express.request) as { url: string; path: string };
  req.url = url;
  return req.path;
}

describe('pipelinePath', () => {
  it('reads a provider request path as Express does, up to the query', () => {
    expect(pipelinePath('/x/partners/LLODT/quotes/')).toBe('/x/partners/LLODT/quotes/');
    expect(pipelinePath('/x/bookings/?limit=5&q=a?b')).toBe('/x/bookings/');
    expect(pipelinePath('/')).toBe('/');
    expect(pipelinePath('/%5F%5Fsandbox/requests')).toBe('/%5F%5Fsandbox/requests');
  });

  it('leaves the control surface to Express, in any case, and URLs its parser reads otherwise', () => {
    for (const url of [
      '/__sandbox',
      '/__sandbox/requests?limit=1',
      '/__SANDBOX/health',
      '/x/quotes?next=/__sandbox',
      'http://127.0.0.1:4010/x/quotes/',
      '*',
      '/x/quotes/#fragment',
      '/x/a b',
      '/x/a\tb',
      '/x/\u00a0',
    ]) {
      expect(pipelinePath(url)).toBeUndefined();
    }
  });

  it('gives exactly what Express gives whenever it reads a URL itself', () => {
    const urlCharacter = fc.constantFrom(...'/?#%&=._-~ aZ09\t\u00a0\ufeff_s'.split(''));
    fc.assert(
      fc.property(fc.array(urlCharacter, { maxLength: 30 }), (characters) => {
        const url = `/${characters.join('')}`;
        const path = pipelinePath(url);
        if (path !== undefined) expect(path).toBe(expressPath(url));
      }),
    );
  });
});
