import { formatSignatureAuthorization, parseSignatureAuthorization } from './authorization-header';

const SIG = 'abc%2Fdef%3D';

describe('parseSignatureAuthorization', () => {
  it('parses the documented date-only form', () => {
    expect(
      parseSignatureAuthorization(`Signature keyId="key",algorithm="hmac-sha512",signature="${SIG}"`),
    ).toEqual({
      ok: true,
      params: { keyId: 'key', algorithm: 'hmac-sha512', signature: SIG },
    });
  });

  it('parses the Python SDK form with headers=, lower-casing header names', () => {
    const parsed = parseSignatureAuthorization(
      `Signature keyId="key",algorithm="hmac-sha256",headers="(request-target) Date",signature="${SIG}"`,
    );
    expect(parsed).toEqual({
      ok: true,
      params: {
        keyId: 'key',
        algorithm: 'hmac-sha256',
        headers: ['(request-target)', 'date'],
        signature: SIG,
      },
    });
  });

  it('accepts a case-insensitive scheme, case-insensitive parameter names, spaces after commas and any order', () => {
    const parsed = parseSignatureAuthorization(
      `signature   signature="${SIG}",  KeyId="k, with comma", algorithm="hmac-sha1"`,
    );
    expect(parsed).toEqual({
      ok: true,
      params: { keyId: 'k, with comma', algorithm: 'hmac-sha1', signature: SIG },
    });
  });

  it('ignores unknown parameters', () => {
    const parsed = parseSignatureAuthorization(
      `Signature keyId="k",created="123",algorithm="hmac-sha1",signature="${SIG}",extra="x"`,
    );
    expect(parsed.ok && parsed.params).toEqual({ keyId: 'k', algorithm: 'hmac-sha1', signature: SIG });
  });

  it.each([
    ['wrong scheme', `Bearer keyId="k",algorithm="hmac-sha1",signature="${SIG}"`],
    ['no parameters', 'Signature'],
    ['no parameters but spaces', 'Signature   '],
    ['scheme glued to params', `SignaturekeyId="k",algorithm="hmac-sha1",signature="${SIG}"`],
    ['missing keyId', `Signature algorithm="hmac-sha1",signature="${SIG}"`],
    ['missing algorithm', `Signature keyId="k",signature="${SIG}"`],
    ['missing signature', 'Signature keyId="k",algorithm="hmac-sha1"'],
    ['duplicate parameter', `Signature keyId="k",keyId="k",algorithm="hmac-sha1",signature="${SIG}"`],
    ['duplicate in another case', `Signature keyId="k",KEYID="k",algorithm="hmac-sha1",signature="${SIG}"`],
    [
      'duplicate unknown parameter',
      `Signature keyId="k",x="1",x="2",algorithm="hmac-sha1",signature="${SIG}"`,
    ],
    ['empty value', `Signature keyId="",algorithm="hmac-sha1",signature="${SIG}"`],
    ['unquoted value', `Signature keyId=k,algorithm="hmac-sha1",signature="${SIG}"`],
    ['single-quoted value', `Signature keyId='k',algorithm="hmac-sha1",signature="${SIG}"`],
    ['space around =', `Signature keyId = "k",algorithm="hmac-sha1",signature="${SIG}"`],
    ['unterminated quote', 'Signature keyId="k,algorithm="hmac-sha1",signature="x'],
    ['missing comma', `Signature keyId="k" algorithm="hmac-sha1",signature="${SIG}"`],
    ['space before comma', `Signature keyId="k" ,algorithm="hmac-sha1",signature="${SIG}"`],
    ['trailing comma', `Signature keyId="k",algorithm="hmac-sha1",signature="${SIG}",`],
    ['double comma', `Signature keyId="k",,algorithm="hmac-sha1",signature="${SIG}"`],
    ['blank headers list', `Signature keyId="k",algorithm="hmac-sha1",headers="  ",signature="${SIG}"`],
    ['empty string', ''],
  ])('rejects %s', (_label, value) => {
    const parsed = parseSignatureAuthorization(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.detail).not.toContain(SIG);
  });
});

describe('formatSignatureAuthorization', () => {
  it('formats like the official SDKs and round-trips through the parser', () => {
    const params = {
      keyId: 'k',
      algorithm: 'hmac-sha512',
      headers: ['(request-target)', 'date'],
      signature: SIG,
    };
    const header = formatSignatureAuthorization(params);
    expect(header).toBe(
      `Signature keyId="k",algorithm="hmac-sha512",headers="(request-target) date",signature="${SIG}"`,
    );
    expect(parseSignatureAuthorization(header)).toEqual({ ok: true, params });
  });
});
