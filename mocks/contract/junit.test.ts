import fc from 'fast-check';
import { junitXml } from './junit';
import type { InteractionResult } from './replay';

const result = (
  description: string,
  mismatches: InteractionResult['mismatches'] = [],
  pending = false,
): InteractionResult => ({
  description,
  pending,
  states: [],
  method: 'POST',
  path: '/x/',
  mismatches,
  seconds: 0.01,
});

describe('junitXml', () => {
  it('writes one test case per interaction and a failure per failed one', () => {
    const xml = junitXml([
      {
        name: 'c -> p',
        results: [result('ok'), result('bad', [{ where: 'status', message: 'expected 200, got 500' }])],
      },
    ]);
    expect(xml).toContain('<testsuites tests="2" failures="1" skipped="0"');
    expect(xml).toContain('<testcase classname="c -&gt; p" name="ok" time="0.01"/>');
    expect(xml).toContain(
      '<failure message="expected 200, got 500" type="mismatch">POST /x/\nstatus: expected 200, got 500</failure>',
    );
  });

  it('marks a pending interaction that failed skipped, with the reason, and not failed', () => {
    const xml = junitXml([
      {
        name: 'c -> p',
        results: [result('new', [{ where: 'status', message: 'expected 200, got 404' }], true), result('ok')],
      },
    ]);
    expect(xml).toContain('<testsuites tests="2" failures="0" skipped="1"');
    expect(xml).toContain(
      '<skipped message="pending: expected 200, got 404">POST /x/\nstatus: expected 200, got 404</skipped>',
    );
    expect(xml).not.toContain('<failure');
  });

  it('escapes whatever a description or a mismatch holds', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (description, message) => {
        const xml = junitXml([{ name: 's', results: [result(description, [{ where: 'body', message }])] }]);
        const inner = xml.split('\n').slice(1).join('\n');
        // Only the markup itself has < and ", and every & starts an entity.
        expect(inner.replace(/<\/?[a-z]+( [a-z]+="[^"<>]*")*\/?>/g, '')).not.toMatch(
          /[<>"]|&(?!(amp|lt|gt|quot|apos);)/,
        );
        // eslint-disable-next-line no-control-regex
        expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
      }),
    );
  });
});
