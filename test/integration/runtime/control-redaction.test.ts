/**
 * The journal never shows a credential in force, wherever a client put it: inside keyId with a suffix or a
 * trailing space, in a JSON body, in a proxy credential, in the query. Over real HTTP on the XCover mock.
 */
import { API_SECRET, P, quoteBody, useXCoverSandbox } from '../../helpers/xcover';

describe('journal redaction', () => {
  const sandbox = useXCoverSandbox();
  const { call } = sandbox;
  const journalText = async () =>
    JSON.stringify(await (await fetch(`${sandbox.x.url}/__sandbox/requests`)).json());
  const signatureWithKeyId = (keyId: string) =>
    `Signature keyId="${keyId}",algorithm="hmac-sha512",signature="c2lnbmF0dXJl"`;

  it.each([
    ['with a suffix', `${API_SECRET}:x`],
    ['with a prefix', `key:${API_SECRET}`],
    ['with a trailing space', `${API_SECRET} `],
  ])('hides a secret sent inside keyId %s (checked.keyId, detail)', async (_how, keyId) => {
    const answer = await call('GET', `${P}/bookings/`, undefined, {
      headers: { authorization: signatureWithKeyId(keyId) },
    });
    expect(answer.status).toBe(401);
    const shown = await journalText();
    expect(shown).toContain('"keyId":');
    expect(shown).toContain('[redacted]');
    expect(shown).not.toContain(API_SECRET);
  });

  it('hides a secret in the request body, refused or not, and in the response', async () => {
    const body = { ...quoteBody(), customer_region: `London ${API_SECRET}` };
    await call('POST', `${P}/quotes/`, body);
    await call('POST', `${P}/quotes/`, body, { unsigned: true });
    const shown = await journalText();
    expect(shown).toContain('London [redacted]');
    expect(shown).not.toContain(API_SECRET);
  });

  it('hides Proxy-Authorization, Cookie and a secret in the query or another header', async () => {
    await call('GET', `${P}/bookings/?note=${encodeURIComponent(API_SECRET)}`, undefined, {
      headers: {
        'proxy-authorization': 'Basic dXNlcjpwYXNzd29yZA==',
        cookie: 'session=abcdef123456',
        'x-debug': `${API_SECRET} `,
      },
    });
    const shown = await journalText();
    for (const hidden of [API_SECRET, 'dXNlcjpwYXNzd29yZA==', 'abcdef123456']) {
      expect(shown).not.toContain(hidden);
    }
    expect(shown).toContain('"proxy-authorization":"[redacted]"');
    expect(shown).toContain('"cookie":"[redacted]"');
  });
});
