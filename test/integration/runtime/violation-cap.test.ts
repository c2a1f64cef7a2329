/**
 * A 1 MiB JSON object of ~95,000 unknown keys, sent to an operation that validates its body without any
 * credential: the answer lists at most MAX_REPORTED_VIOLATIONS violations then "and N more" in the provider's
 * own shape, the journal keeps no more, and the sandbox keeps answering (issue 17, finding 1). On the toy
 * provider, and on Kigo's unauthenticated `POST /api/v1/auth/sessions` as the issue found it.
 */
import { kigoProvider } from '../../../mocks/kigo/provider';
import { MAX_REPORTED_VIOLATIONS } from '../../../mocks/runtime/validation/violations';
import { toyProvider } from '../../fixtures/toy-provider';
import { journal, useTestSandbox } from '../../helpers/sandbox';

/** The largest object of keys `k0`, `k1`... with numbers that fits the 1 MiB body limit. */
function manyKeysBody(extra: Record<string, unknown> = {}): { text: string; keys: number } {
  const parts = Object.entries(extra).map(
    ([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`,
  );
  let length = parts.reduce((sum, part) => sum + part.length + 1, 2);
  let keys = 0;
  for (;;) {
    const part = `"k${keys}":1`;
    if (length + part.length + 1 > 1024 * 1024) break;
    parts.push(part);
    length += part.length + 1;
    keys += 1;
  }
  return { text: `{${parts.join(',')}}`, keys };
}

const post = (url: string, text: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });

describe('a body with a hundred thousand violations, on the toy provider', () => {
  const sandbox = useTestSandbox(toyProvider);

  it('answers the first violations and "and N more", journals no more, and keeps answering', async () => {
    const { text, keys } = manyKeysBody();
    expect(keys).toBeGreaterThan(90_000);
    const response = await post(`${sandbox().url}/toy/key-sessions`, text);
    const answer = await response.text();
    expect({ status: response.status, reason: response.headers.get('x-sandbox-reason') }).toEqual({
      status: 422,
      reason: 'TOY_BODY_INVALID',
    });
    const { details } = JSON.parse(answer) as { details: string[] };
    // The missing key, then unknown keys up to the cap, then the count of the rest.
    expect(details).toHaveLength(MAX_REPORTED_VIOLATIONS + 1);
    expect(details.slice(0, 2)).toEqual(['key: required', 'k0: additionalProperties']);
    expect(details.at(-1)).toBe(`: moreViolations`);
    expect(answer.length).toBeLessThan(8 * 1024);

    const [entry] = await journal(sandbox().url);
    const violations = entry?.checked.violations as { keyword: string; params: unknown }[];
    expect(violations).toHaveLength(MAX_REPORTED_VIOLATIONS + 1);
    expect(violations.at(-1)).toMatchObject({
      keyword: 'moreViolations',
      params: { omitted: keys + 1 - MAX_REPORTED_VIOLATIONS },
    });
    expect((await fetch(`${sandbox().url}/toy/open/ping`)).status).toBe(200);
  });
});

describe("Kigo's unauthenticated POST /api/v1/auth/sessions", () => {
  const sandbox = useTestSandbox(kigoProvider);

  it('answers 422 with the first violations and "and N more" in Kigo\'s details, several times over', async () => {
    const { text, keys } = manyKeysBody({ api_key: 'kigo_test_api_key' });
    for (let round = 0; round < 3; round++) {
      const response = await post(`${sandbox().url}/api/v1/auth/sessions`, text);
      const body = (await response.json()) as { error: string; details: string[] };
      expect({ status: response.status, reason: response.headers.get('x-sandbox-reason') }).toEqual({
        status: 422,
        reason: 'KIGO_BODY_INVALID',
      });
      expect(body.error).toBe('unprocessable_entity');
      expect(body.details).toHaveLength(MAX_REPORTED_VIOLATIONS + 1);
      expect(body.details[0]).toBe("partner_id: must have required property 'partner_id'");
      expect(body.details.at(-1)).toBe(`and ${keys + 1 - MAX_REPORTED_VIOLATIONS} more`);
    }
    const entries = await journal(sandbox().url);
    expect(entries.map((entry) => (entry.checked.violations as unknown[]).length)).toEqual([51, 51, 51]);
    const session = await post(
      `${sandbox().url}/api/v1/auth/sessions`,
      JSON.stringify({ api_key: 'kigo_test_api_key', partner_id: 'kigo-test-partner' }),
    );
    expect(session.status).toBe(200);
  });
});
