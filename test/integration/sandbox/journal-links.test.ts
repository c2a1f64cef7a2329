/**
 * Every refusal points at its explanation: beside `X-Sandbox-Reason`, `X-Sandbox-Journal` carries the absolute
 * URL of the request's journal entry, and that URL answers the one entry, as the list shows it. Over real
 * HTTP on all five providers (a path no operation answers is refused by every one).
 */
import { startSandbox, type Sandbox } from '../../../mocks/sandbox';
import { PROVIDER_PORT_ORDER } from '../../../mocks/registry';

describe('X-Sandbox-Journal and GET /__sandbox/requests/{id}', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterAll(() => sandbox.close());

  const journal = async (url: string) =>
    ((await (await fetch(`${url}/__sandbox/requests`)).json()) as { requests: { id: number }[] }).requests;

  it.each(PROVIDER_PORT_ORDER)(
    '%s: a refusal names its journal entry, which answers that entry with the body sent',
    async (name) => {
      const { url, baseUrl } = sandbox.providers[name]!;
      const refused = await fetch(`${baseUrl}/no-such-operation`);
      const body = await refused.text();
      const link = refused.headers.get('x-sandbox-journal');
      expect([404, 405]).toContain(refused.status);
      expect(refused.headers.get('x-sandbox-reason')).toMatch(/_(ROUTE|METHOD)_NOT_(FOUND|ALLOWED)$/);
      expect(link).toMatch(new RegExp(`^${url}/__sandbox/requests/\\d+$`));

      const entry = await fetch(link!);
      expect(entry.status).toBe(200);
      const shown = (await entry.json()) as { id: number; reason: string; response: { body: unknown } };
      expect(shown).toEqual((await journal(url)).at(-1));
      expect(shown.reason).toBe(refused.headers.get('x-sandbox-reason'));
      expect(JSON.stringify(shown.response.body)).toBe(body);
    },
  );

  it('names the host the client used, and gives accepted answers no link', async () => {
    const { url } = sandbox.providers.xcover!;
    const port = new URL(url).port;
    const refused = await fetch(`http://localhost:${port}/x/nothing-here`);
    expect(refused.headers.get('x-sandbox-journal')).toMatch(
      new RegExp(`^http://localhost:${port}/__sandbox/requests/\\d+$`),
    );
    const accepted = await fetch(`${url}/__sandbox/health`);
    expect(accepted.headers.get('x-sandbox-journal')).toBeNull();
  });

  it('answers 404 XCOVER_JOURNAL_ENTRY_NOT_FOUND for an id it does not hold, a reset one, or no id', async () => {
    const { url, baseUrl } = sandbox.providers.xcover!;
    const link = (await fetch(`${baseUrl}/nothing-here`)).headers.get('x-sandbox-journal')!;
    expect((await fetch(link)).status).toBe(200);
    await fetch(`${url}/__sandbox/reset`, { method: 'POST' });
    for (const missing of [link, `${url}/__sandbox/requests/99999999`, `${url}/__sandbox/requests/first`]) {
      const answer = await fetch(missing);
      expect({ status: answer.status, reason: answer.headers.get('x-sandbox-reason') }).toEqual({
        status: 404,
        reason: 'XCOVER_JOURNAL_ENTRY_NOT_FOUND',
      });
    }
  });
});
