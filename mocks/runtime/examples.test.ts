import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cachedRequestExample, cachedResponseExample } from './examples';
import { loadSpec, responseExample } from './spec';

const TOY = join(resolve(__dirname, '..', '..'), 'test', 'fixtures', 'toy-provider.yaml');
const spec = loadSpec(TOY);

describe('cached spec examples', () => {
  it('equal the spec’s examples, the same object each time', () => {
    const first = cachedResponseExample(spec, 'listWidgets', 200);
    expect(first).toEqual(responseExample(spec, 'listWidgets', 200));
    expect(cachedResponseExample(spec, 'listWidgets', 200)).toBe(first);
    expect(cachedResponseExample(spec, 'listWidgets', 404)).toEqual({ problem: 'no widgets here' });
  });

  it('are frozen all the way down, and a copy: the spec document cannot be changed through them', () => {
    const example = cachedResponseExample(spec, 'listWidgets', 200) as { widgets: { name: string }[] };
    expect(Object.isFrozen(example.widgets[0])).toBe(true);
    expect(() => {
      (example.widgets[0] as { name: string }).name = 'changed';
    }).toThrow(TypeError);
    expect(example.widgets[0]).not.toBe(
      (responseExample(spec, 'listWidgets', 200) as typeof example).widgets[0],
    );
  });

  it('give a request example, frozen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'examples-'));
    try {
      const path = join(dir, 'spec.yaml');
      const operation = {
        operationId: 'a',
        requestBody: {
          content: { 'application/json': { schema: { type: 'object' }, example: { n: 1, tags: ['x'] } } },
        },
        responses: { 200: { description: 'OK', content: { 'application/json': { example: { n: 2 } } } } },
      };
      // JSON is YAML: the spec is written as the object it stands for.
      writeFileSync(path, JSON.stringify({ openapi: '3.1.0', paths: { '/a': { post: operation } } }));
      const small = loadSpec(path);
      const request = cachedRequestExample(small, 'a') as { tags: string[] };
      expect(request).toEqual({ n: 1, tags: ['x'] });
      expect(Object.isFrozen(request.tags)).toBe(true);
      expect(cachedResponseExample(small, 'a', 200)).toEqual({ n: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('say when there is no example or no request body', () => {
    expect(() => cachedRequestExample(spec, 'createWidget')).toThrow(
      'createWidget has no request example in the spec',
    );
    expect(() => cachedResponseExample(spec, 'createWidget', 201)).toThrow(
      'createWidget 201 has no example in the spec',
    );
    expect(() => cachedRequestExample(spec, 'listWidgets')).toThrow(
      'operation listWidgets takes no request body',
    );
  });
});
