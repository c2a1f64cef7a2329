import fc from 'fast-check';
import Ajv2020 from 'ajv/dist/2020';
import { addWebUrlFormat, parseWebUrl, WEB_URL_FORMAT } from './web-url';

describe('parseWebUrl', () => {
  it.each([
    'https://merchant.example/kashier/return',
    'http://127.0.0.1:8080/hook?x=1#top',
    'https://merchant.example:65535/',
    'HTTPS://Merchant.Example/r',
  ])('takes %s', (text) => {
    expect(parseWebUrl(text).ok).toBe(true);
  });

  it.each([
    ['javascript:alert(document.domain)', /scheme javascript/],
    ['JavaScript:alert(1)', /scheme javascript/],
    ['data:text/html,<script>alert(1)</script>', /scheme data/],
    ['java\tscript:alert(1)', /whitespace/],
    [' https://merchant.example/', /whitespace/],
    ['http://merchant.example:99999/r', /port is out of range/],
    ['http://merchant.example:0/r', /port 0/],
    ['/relative/path', /does not parse/],
    ['mailto:shop@merchant.example', /scheme mailto/],
    [`https://merchant.example/${'a'.repeat(2048)}`, /longer than 2048/],
  ])('refuses %j', (text, problem) => {
    const parsed = parseWebUrl(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(problem);
  });

  it('takes only what Node’s HTTP client could send to, whatever the text (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.webUrl(),
          fc.string(),
          fc.webUrl().map((url) => `javascript:${url}`),
        ),
        (text) => {
          const parsed = parseWebUrl(text);
          if (!parsed.ok) return;
          expect(['http:', 'https:']).toContain(parsed.url.protocol);
          const port = Number(parsed.url.port || (parsed.url.protocol === 'https:' ? 443 : 80));
          expect(port).toBeGreaterThanOrEqual(1);
          expect(port).toBeLessThanOrEqual(65535);
        },
      ),
    );
  });
});

describe('the http-url format', () => {
  it('refuses in a schema what parseWebUrl refuses', () => {
    const ajv = new Ajv2020({ strict: true });
    addWebUrlFormat(ajv);
    const validate = ajv.compile({ type: 'string', format: WEB_URL_FORMAT });
    expect(validate('https://merchant.example/r')).toBe(true);
    expect(validate('javascript:alert(1)')).toBe(false);
    expect(validate('http://merchant.example:99999/r')).toBe(false);
  });
});
