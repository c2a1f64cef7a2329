/**
 * Provider requests go straight to the pipeline; the control surface, and URLs whose path only Express's parser
 * reads alike (absolute form, say), go through Express. Either way a request gets the same answer and journal
 * entry, and the control surface is found whatever the case of `/__sandbox`, as Express always found it.
 */
import { request as httpRequest } from 'node:http';
import { toyProvider } from '../../fixtures/toy-provider';
import { startTestSandbox, useTestSandbox } from '../../helpers/sandbox';

/** One GET with the request target as given (fetch would normalise it). */
function get(
  url: string,
  target: string,
): Promise<{ status: number; reason: string | undefined; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname, port, path: target, headers: { 'x-toy-key': 'toy_test_key' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, reason: res.headers['x-sandbox-reason'] as string, body }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('request targets', () => {
  const running = useTestSandbox(toyProvider);

  it('answers a provider path the same in origin form and in absolute form', async () => {
    const { url } = running();
    const origin = await get(url, '/toy/widgets/?limit=2');
    expect(origin.status).toBe(200);
    expect(await get(url, `${url}/toy/widgets/?limit=2`)).toEqual(origin);
    const unknown = await get(url, '/toy/nowhere');
    expect(unknown).toMatchObject({ status: 404, reason: 'TOY_ROUTE_NOT_FOUND' });
    expect(await get(url, `${url}/toy/nowhere`)).toEqual(unknown);
    const journal = running().sandbox.journal.list();
    expect(journal.map(({ path, query, status }) => ({ path, query, status }))).toEqual([
      { path: '/toy/widgets/', query: 'limit=2', status: 200 },
      { path: '/toy/widgets/', query: 'limit=2', status: 200 },
      { path: '/toy/nowhere', query: '', status: 404 },
      { path: '/toy/nowhere', query: '', status: 404 },
    ]);
  });

  it('finds the control surface whatever the case of its prefix', async () => {
    const { url } = running();
    expect(await get(url, '/__sandbox/health')).toMatchObject({ status: 200 });
    expect(await get(url, '/__SANDBOX/health')).toMatchObject({ status: 200 });
    expect(await get(url, `${url}/__sandbox/health`)).toMatchObject({ status: 200 });
  });

  it('answers a throw in front of the pipeline with the provider’s 500, and goes on serving', async () => {
    let broken = true;
    const fragile = await startTestSandbox({
      ...toyProvider,
      perResponseHeaders: () => {
        if (broken) throw new Error('a provider hook broke');
        return {};
      },
    });
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await get(fragile.url, '/toy/widgets/')).toMatchObject({
        status: 500,
        reason: 'TOY_INTERNAL_ERROR',
      });
      expect(String(stderr.mock.calls[0]?.[0])).toContain('a provider hook broke');
      broken = false;
      expect(await get(fragile.url, '/toy/widgets/')).toMatchObject({ status: 200 });
    } finally {
      stderr.mockRestore();
      await fragile.server.close();
    }
  });
});
