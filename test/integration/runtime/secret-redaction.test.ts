/**
 * Secrets never shown (issue 17, finding 7): every configured credential, every secret a setting carries
 * (a schema's `writeOnly`), and every token the sandbox issued are redacted in the journal wherever a client
 * puts them (path, query, any header, any body field) and in any encoding (as they are, percent-encoded in
 * any case, base64 inside Basic credentials); a refusal never echoes one. On the toy provider, then on the
 * further principals of KASKO (`otherSecretKeys`), Kigo (`otherPartners[].apiKey`) and Kashier
 * (`members[].secretKey`).
 */
import { kashierProvider } from '../../../mocks/kashier/provider';
import { kaskoProvider } from '../../../mocks/kasko/provider';
import { kigoProvider } from '../../../mocks/kigo/provider';
import type { AnyProviderDefinition, Settings } from '../../../mocks/runtime/provider';
import { toyProvider } from '../../fixtures/toy-provider';
import { startTestSandbox, type RunningTestSandbox } from '../../helpers/sandbox';

/** The toy provider with a setting carrying further keys, marked secret as any provider marks them. */
const toyWithKeys: AnyProviderDefinition = {
  ...toyProvider,
  settings: {
    extraKeys: {
      default: [],
      schema: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 128, writeOnly: true } },
      description: 'Further keys.',
    },
  },
} as AnyProviderDefinition;

/** Every byte percent-encoded, lower-case hex: an encoding `encodeURIComponent` does not produce. */
const everyBytePercentEncoded = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');

/** Forms a secret may take in a journal that failed to hide it (base64 as Basic credentials carry it). */
function leakedForms(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    everyBytePercentEncoded(secret),
    basic('user', secret),
    basic(secret, ''),
    basic('ab', secret),
  ];
}

/** Sends `secret` in every place and encoding a client might, answered or refused, all journaled. */
async function sendEverywhere(url: string, secret: string, path: string): Promise<string[]> {
  const answers: string[] = [];
  const requests: [string, RequestInit][] = [
    [`${path}/${encodeURIComponent(secret)}?key=${encodeURIComponent(secret)}`, { method: 'GET' }],
    [`${path}/${everyBytePercentEncoded(secret)}?k=${everyBytePercentEncoded(secret)}`, { method: 'GET' }],
    [
      `${path}?raw=${secret}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-authorization': `Basic ${basic('user', secret)}`,
          'x-note': `Basic ${basic(secret, '')} and ${basic('ab', secret)}`,
          'x-raw': secret,
        },
        body: JSON.stringify({ note: secret, nested: { [secret]: [everyBytePercentEncoded(secret)] } }),
      },
    ],
  ];
  for (const [target, init] of requests) {
    const response = await fetch(`${url}${target}`, init);
    answers.push(await response.text());
  }
  return answers;
}

async function journalText(url: string): Promise<string> {
  const response = await fetch(`${url}/__sandbox/requests`);
  expect(response.status).toBe(200);
  return response.text();
}

function expectHidden(text: string, secret: string): void {
  for (const form of leakedForms(secret)) expect(text).not.toContain(form);
}

describe.each<[string, AnyProviderDefinition, Partial<Settings>, string[], string]>([
  [
    'toy',
    toyWithKeys,
    { extraKeys: ['toy_extra_key_0123456789'] },
    ['toy_extra_key_0123456789'],
    '/toy/widgets',
  ],
  [
    'kasko',
    kaskoProvider,
    { otherSecretKeys: ['sk_test_otherAccount000000000000000002'] },
    ['sk_test_otherAccount000000000000000002'],
    '/payments',
  ],
  [
    'kigo',
    kigoProvider,
    { otherPartners: [{ apiKey: 'kigo_other_api_key_0123', partnerId: 'kigo-other' }] },
    ['kigo_other_api_key_0123'],
    '/api/v1/accounts',
  ],
  [
    'kashier',
    kashierProvider,
    {
      members: [
        {
          email: 'dev@merchant.example',
          role: 'developer',
          secretKey: 'a1b2c3d4e5f6a7b8$0f1e2d3c4b5a69788796a5b4c3d2e1f0',
        },
      ],
    },
    ['a1b2c3d4e5f6a7b8$0f1e2d3c4b5a69788796a5b4c3d2e1f0'],
    '/payments/orders',
  ],
])('the %s journal', (_name, provider, settings, secrets, path) => {
  let running: RunningTestSandbox<unknown>;
  beforeAll(async () => {
    running = (await startTestSandbox(provider, { settings })) as RunningTestSandbox<unknown>;
  });
  afterAll(async () => {
    running.sandbox.webhooks.close();
    await running.server.close();
  });

  it.each(secrets)(
    'never shows the further principal’s secret %s, nor does any answer echo it',
    async (secret) => {
      const answers = await sendEverywhere(running.url, secret, path);
      for (const answer of answers) expectHidden(answer, secret);
      const text = await journalText(running.url);
      expect(text).toContain('[redacted]');
      expectHidden(text, secret);
    },
  );
});

describe('tokens the toy sandbox issued', () => {
  let running: RunningTestSandbox<unknown>;
  beforeAll(async () => {
    running = (await startTestSandbox(toyProvider)) as RunningTestSandbox<unknown>;
  });
  afterAll(async () => {
    running.sandbox.webhooks.close();
    await running.server.close();
  });

  it('are hidden wherever the client puts them afterwards, until reset', async () => {
    const created = await fetch(`${running.url}/toy/sessions`, {
      method: 'POST',
      headers: { 'x-toy-key': 'toy_test_key' },
    });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    await sendEverywhere(running.url, token, '/toy/widgets');
    const text = await journalText(running.url);
    expectHidden(text, token);
    // Reset forgets the journal and the tokens both.
    expect((await fetch(`${running.url}/__sandbox/reset`, { method: 'POST' })).status).toBe(204);
    await fetch(`${running.url}/toy/widgets?t=${token}`);
    expect(await journalText(running.url)).toContain(token);
  });
});
