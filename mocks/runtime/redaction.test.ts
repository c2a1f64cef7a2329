import { MAX_ISSUED_SECRETS, MAX_SHOWN_DEPTH, REDACTED, Redactor, stringsAt, TOO_DEEP } from './redaction';

describe('Redactor', () => {
  const redactor = new Redactor(['s3cr3t/value', 'short', 's3cr3t/value-longer'], ['X-Api-Key']);

  it('replaces every occurrence of a secret, longest first, as it is or percent-encoded', () => {
    expect(redactor.text('a s3cr3t/value-longer b s3cr3t/value c s3cr3t%2Fvalue')).toBe(
      `a ${REDACTED} b ${REDACTED} c ${REDACTED}`,
    );
  });

  it('leaves secrets shorter than 6 characters alone (they would blank out ordinary text)', () => {
    expect(redactor.text('short')).toBe('short');
    expect(new Redactor([], []).text('anything')).toBe('anything');
  });

  it('treats a secret as text, not as a pattern', () => {
    expect(new Redactor(['a.b*c+d'], []).text('axbbbcd a.b*c+d')).toBe(`axbbbcd ${REDACTED}`);
  });

  it('copies values deeply, redacting strings and keys, keeping a "__proto__" key a plain key', () => {
    const value = JSON.parse('{"__proto__": {"x": "s3cr3t/value"}, "list": [1, null, true, "s3cr3t/value"]}');
    const shown = redactor.value({ ...value, 's3cr3t/value': 2 }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(shown)).toBe(Object.prototype);
    expect(JSON.stringify(shown)).toBe(
      `{"__proto__":{"x":"${REDACTED}"},"list":[1,null,true,"${REDACTED}"],"${REDACTED}":2}`,
    );
  });

  it('replaces the string values of sensitive fields whole, at any depth', () => {
    const withFields = new Redactor([], [], ['token']);
    expect(
      withFields.value({ token: 'abc', nested: [{ token: 'def', other: 'ghi' }], count: { token: 1 } }),
    ).toEqual({
      token: REDACTED,
      nested: [{ token: REDACTED, other: 'ghi' }],
      count: { token: 1 },
    });
  });

  it('cuts nesting deeper than MAX_SHOWN_DEPTH', () => {
    let deep: unknown = 's3cr3t/value';
    for (let level = 0; level < 10_000; level++) deep = [deep];
    const shown = JSON.stringify(redactor.value(deep));
    expect(shown).toBe(
      `${'['.repeat(MAX_SHOWN_DEPTH)}${JSON.stringify(TOO_DEEP)}${']'.repeat(MAX_SHOWN_DEPTH)}`,
    );
  });

  it('replaces sensitive headers whole (Authorization, Proxy-Authorization, Cookie always), joins lists', () => {
    expect(
      redactor.headers({
        'x-api-key': 'k',
        Authorization: 'Bearer k',
        'proxy-authorization': 'Basic k',
        cookie: 'a=b',
        'x-forwarded-for': ['10.0.0.1', '10.0.0.2'],
        'content-length': 12,
        'x-keyid': 'key:s3cr3t/value ',
        skipped: undefined,
      }),
    ).toEqual({
      'x-api-key': REDACTED,
      Authorization: REDACTED,
      'proxy-authorization': REDACTED,
      cookie: REDACTED,
      'x-forwarded-for': '10.0.0.1, 10.0.0.2',
      'content-length': '12',
      'x-keyid': `key:${REDACTED} `,
    });
  });

  it('finds a secret in base64 at any alignment (Basic credentials), standard or URL-safe', () => {
    const secret = 'sk_test_0123456789abcdef';
    const hiding = new Redactor([secret], []);
    for (const text of [secret, `${secret}:`, `u:${secret}`, `ab:${secret}:x`, `\u00ff${secret}`]) {
      const encoded = Buffer.from(text).toString('base64');
      for (const form of [encoded, encoded.replace(/\+/g, '-').replace(/\//g, '_')]) {
        const shown = hiding.text(`Basic ${form}`);
        expect(shown).toContain(REDACTED);
        expect(Buffer.from(shown.slice(6), 'base64').toString()).not.toContain(secret.slice(2, -2));
      }
    }
  });

  it('finds a secret percent-encoded in any case and any set of characters, showing the text decoded', () => {
    const every = [...Buffer.from('s3cr3t/value')].map((byte) => `%${byte.toString(16)}`).join('');
    expect(redactor.text(`/a/${every}?b=1%20`)).toBe(`/a/${REDACTED}?b=1 `);
    expect(redactor.text('/a/%zz%41')).toBe('/a/%zz%41');
  });

  it('hides values issued afterwards wherever they appear, until they are cleared', () => {
    const hiding = new Redactor([], []);
    expect(hiding.text('x tok_0123456789 y')).toBe('x tok_0123456789 y');
    hiding.addIssued('tok_0123456789');
    expect(hiding.text('x tok_0123456789 y')).toBe(`x ${REDACTED} y`);
    hiding.clearIssued();
    expect(hiding.text('x tok_0123456789 y')).toBe('x tok_0123456789 y');
  });

  it('remembers at most MAX_ISSUED_SECRETS issued values, forgetting the oldest', () => {
    const hiding = new Redactor([], []);
    for (let index = 0; index <= MAX_ISSUED_SECRETS; index++)
      hiding.addIssued(`tok_${String(index).padStart(8, '0')}`);
    expect(hiding.text('tok_00000000')).toBe('tok_00000000');
    expect(hiding.text(`tok_${String(MAX_ISSUED_SECRETS).padStart(8, '0')}`)).toBe(REDACTED);
  });
});

describe('stringsAt', () => {
  it('finds the string values of the fields named at any depth', () => {
    expect(
      stringsAt({ token: 'a', list: [{ token: 'b', n: { token: 3 } }], other: 'c' }, new Set(['token'])),
    ).toEqual(expect.arrayContaining(['a', 'b']));
  });
});
