import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SpecOperation } from './spec';
import { isJsonMediaType, loadSpec, locateSpec, requestExample, responseExample } from './spec';

const ROOT = resolve(__dirname, '..', '..');
const TOY = join(ROOT, 'test', 'fixtures', 'toy-provider.yaml');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sandbox-spec-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a small spec to the temporary directory and returns its path. */
function specFile(name: string, yaml: string): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

describe('loadSpec on the toy provider', () => {
  const spec = loadSpec(TOY);
  const byId = (operationId: string): SpecOperation => {
    const found = spec.operations.find((operation) => operation.operationId === operationId);
    if (!found) throw new Error(`no ${operationId}`);
    return found;
  };

  it('reads each server URL’s path as a base path', () => {
    expect(spec.basePaths).toEqual(['/toy', '/toy-alias', '/toy-page']);
    expect(byId('openPage').basePaths).toEqual(['/toy-page']);
    expect(byId('getWidget').basePaths).toEqual(['/toy', '/toy-alias']);
    expect(spec.securitySchemeNames).toEqual(['ToyKey', 'ToyBasic', 'ToyToken']);
  });

  it('loads a spec once per process', () => {
    expect(loadSpec(TOY)).toBe(spec);
  });

  it('lists operations in path order, methods in HTTP order, upper-cased', () => {
    expect(
      spec.operations.map(({ method, pathTemplate, operationId }) => [method, pathTemplate, operationId]),
    ).toEqual([
      ['GET', '/widgets/', 'listWidgets'],
      ['POST', '/widgets/', 'createWidget'],
      ['GET', '/widgets/{widget_id}', 'getWidget'],
      ['GET', '/', 'openPage'],
      ['GET', '/open/ping', 'ping'],
      ['POST', '/sessions', 'createSession'],
      ['POST', '/key-sessions', 'createKeySession'],
      ['GET', '/me', 'whoAmI'],
      ['POST', '/gadgets/', 'createGadget'],
      ['GET', '/gadgets/{gadget_id}', 'getGadget'],
      ['PUT', '/gadgets/{gadget_id}', 'renameGadget'],
      ['DELETE', '/gadgets/{gadget_id}', 'deleteGadget'],
      ['PUT', '/gadgets/{gadget_id}/picture', 'putGadgetPicture'],
      ['POST', '/checkout', 'payAtCheckout'],
    ]);
  });

  it('lists the media types a body may come in, and the headers responses declare', () => {
    expect(byId('payAtCheckout').bodyMediaTypes).toEqual([
      {
        essence: 'application/x-www-form-urlencoded',
        kind: 'form',
        schemaPointer:
          '#/paths/~1checkout/post/requestBody/content/application~1x-www-form-urlencoded/schema',
      },
    ]);
    const picture = '#/paths/~1gadgets~1%7Bgadget_id%7D~1picture/put/requestBody/content';
    expect(byId('putGadgetPicture')).toMatchObject({
      bodySchemaPointer: undefined,
      bodyRequired: true,
      bodyMediaTypes: [
        { essence: 'image/png', kind: 'raw', schemaPointer: `${picture}/image~1png/schema` },
        { essence: 'image/*', kind: 'raw', schemaPointer: `${picture}/image~1*/schema` },
        {
          essence: 'application/octet-stream',
          kind: 'raw',
          schemaPointer: `${picture}/application~1octet-stream/schema`,
        },
      ],
    });
    expect(byId('getGadget').responseHeaders).toEqual({ '200': ['etag', 'last-modified'] });
  });

  it('resolves $ref parameters, lower-casing header names, with pointers to their schemas', () => {
    expect(byId('createWidget').parameters).toEqual([
      {
        name: 'idempotency-key',
        in: 'header',
        required: false,
        schemaPointer: '#/components/parameters/IdempotencyKey/schema',
      },
    ]);
    expect(byId('listWidgets').parameters).toEqual([
      {
        name: 'limit',
        in: 'query',
        required: false,
        schemaPointer: '#/paths/~1widgets~1/get/parameters/0/schema',
      },
      {
        name: 'tag',
        in: 'query',
        required: false,
        schemaPointer: '#/paths/~1widgets~1/get/parameters/1/schema',
      },
    ]);
  });

  it('inherits path-level parameters, percent-encoding the template in the pointer', () => {
    expect(byId('getWidget').parameters).toEqual([
      {
        name: 'widget_id',
        in: 'path',
        required: true,
        schemaPointer: '#/paths/~1widgets~1%7Bwidget_id%7D/parameters/0/schema',
      },
    ]);
  });

  it('points at the JSON request body schema', () => {
    expect(byId('createWidget')).toMatchObject({
      bodySchemaPointer: '#/paths/~1widgets~1/post/requestBody/content/application~1json/schema',
      bodyRequired: true,
    });
    expect(byId('listWidgets')).toMatchObject({ bodySchemaPointer: undefined, bodyRequired: false });
  });

  it('lists documented statuses and the JSON schema pointer of each response', () => {
    expect(byId('listWidgets').documentedStatuses).toEqual(['200', '404']);
    expect(byId('listWidgets').responseSchemaPointers).toEqual({
      '200': '#/paths/~1widgets~1/get/responses/200/content/application~1json/schema',
      '404': '#/paths/~1widgets~1/get/responses/404/content/application~1json/schema',
    });
    expect(byId('createWidget').documentedStatuses).toEqual(['201']);
  });

  it('inherits the document’s security unless the operation sets its own, `[]` meaning none', () => {
    expect(byId('createWidget').security).toEqual([['ToyKey']]);
    expect(byId('getWidget').security).toEqual([['ToyKey']]);
    expect(byId('ping').security).toEqual([]);
  });

  it('gives a response’s example, and says when there is none', () => {
    expect(responseExample(spec, 'listWidgets', 200)).toEqual({
      widgets: [{ id: 'W-00001', name: 'example widget', size: 3 }],
    });
    expect(responseExample(spec, 'listWidgets', 404)).toEqual({ problem: 'no widgets here' });
    expect(responseExample(spec, 'ping', 200)).toEqual({ pong: true });
    expect(() => responseExample(spec, 'createWidget', 201)).toThrow(
      'createWidget 201 has no example in the spec',
    );
    expect(() => responseExample(spec, 'nope', 200)).toThrow('no operation nope in the spec');
  });

  it('says when there is no request example or no request body', () => {
    expect(() => requestExample(spec, 'createWidget')).toThrow(
      'createWidget has no request example in the spec',
    );
    expect(() => requestExample(spec, 'listWidgets')).toThrow('operation listWidgets takes no request body');
    expect(() => requestExample(spec, 'nope')).toThrow('operation nope takes no request body');
  });
});

describe('loadSpec on small documents', () => {
  it('reads examples from `example`, the first of `examples`, or the schema, following $refs', () => {
    const path = specFile(
      'examples.yaml',
      `openapi: 3.1.0
servers: [{ url: 'https://api.example.com/v1/' }, { url: /v1 }, { url: / }]
paths:
  /a:
    post:
      operationId: a
      requestBody:
        content:
          application/vnd.api+json; charset=utf-8:
            schema: { type: object }
            examples: { first: { value: { n: 1 } }, second: { value: { n: 2 } } }
      responses:
        '200': { $ref: '#/components/responses/Ok' }
  /b:
    put:
      operationId: b
      requestBody:
        content:
          application/json:
            schema: { type: object, example: { n: 3 } }
      responses:
        '204': { description: No content }
components:
  responses:
    Ok:
      description: OK
      content:
        application/json:
          schema: { type: object }
          examples: { only: { value: { when: '2024-01-01T00:00:00Z' } } }
`,
    );
    const spec = loadSpec(path);
    expect(spec.basePaths).toEqual(['/v1', '']);
    expect(spec.securitySchemeNames).toEqual([]);
    expect(requestExample(spec, 'a')).toEqual({ n: 1 });
    expect(requestExample(spec, 'b')).toEqual({ n: 3 });
    // Timestamps stay strings (the YAML is read with the JSON schema).
    expect(responseExample(spec, 'a', 200)).toEqual({ when: '2024-01-01T00:00:00Z' });
    const a = spec.operations.find((operation) => operation.operationId === 'a');
    expect(a?.bodySchemaPointer).toBe(
      '#/paths/~1a/post/requestBody/content/application~1vnd.api%2Bjson%3B%20charset%3Dutf-8/schema',
    );
    expect(a?.responseSchemaPointers).toEqual({
      '200': '#/components/responses/Ok/content/application~1json/schema',
    });
    const b = spec.operations.find((operation) => operation.operationId === 'b');
    expect(b?.documentedStatuses).toEqual(['204']);
    expect(b?.responseSchemaPointers).toEqual({});
  });

  it('names an operation without operationId by method and path, and defaults servers to the root', () => {
    const spec = loadSpec(
      specFile('anonymous.yaml', `openapi: 3.0.3\npaths:\n  /x:\n    delete:\n      responses: {}\n`),
    );
    expect(spec.basePaths).toEqual(['']);
    expect(spec.operations.map(({ operationId }) => operationId)).toEqual(['delete /x']);
  });

  it.each([
    ['not OpenAPI 3', 'swagger: "2.0"\n', 'not an OpenAPI 3 document'],
    [
      'cookie parameters',
      'openapi: 3.1.0\npaths:\n  /x:\n    get:\n      parameters: [{ name: s, in: cookie }]\n',
      'cookie parameters are not supported (#/paths/~1x/get/parameters/0)',
    ],
    [
      'text bodies',
      'openapi: 3.1.0\npaths:\n  /x:\n    post:\n      requestBody: { content: { text/plain: { schema: { type: string } } } }\n',
      '#/paths/~1x/post/requestBody: request bodies are JSON, form-urlencoded or bytes (a binary string schema), not text/plain',
    ],
    [
      'remote $refs',
      'openapi: 3.1.0\npaths:\n  /x:\n    get:\n      parameters: [{ $ref: "other.yaml#/p" }]\n',
      'only local $refs are supported (other.yaml#/p)',
    ],
    [
      'unresolved $refs',
      'openapi: 3.1.0\npaths:\n  /x:\n    get:\n      parameters: [{ $ref: "#/components/parameters/Gone" }]\n',
      'unresolved $ref #/components/parameters/Gone',
    ],
  ])('refuses %s', (name, yaml, message) => {
    const path = specFile(`${name.replace(/\W+/g, '-')}.yaml`, yaml);
    expect(() => loadSpec(path)).toThrow(message);
  });
});

describe('locateSpec', () => {
  it('finds specs/<file> from a nested directory', () => {
    expect(locateSpec(join(ROOT, 'mocks', 'xcover', 'handlers'), 'xcover.yaml')).toBe(
      join(ROOT, 'specs', 'xcover.yaml'),
    );
    expect(locateSpec(ROOT, 'xcover.yaml')).toBe(join(ROOT, 'specs', 'xcover.yaml'));
  });

  it('takes the nearest specs directory', () => {
    const nested = join(dir, 'project', 'specs');
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(nested, 'xcover.yaml'), 'openapi: 3.1.0\n');
    expect(locateSpec(join(dir, 'project'), 'xcover.yaml')).toBe(join(nested, 'xcover.yaml'));
  });

  it('throws when no directory above has the spec', () => {
    const from = join(dir, 'empty');
    mkdirSync(from, { recursive: true });
    expect(() => locateSpec(from, 'no-such-provider.yaml')).toThrow(
      `specs/no-such-provider.yaml not found above ${from}`,
    );
  });
});

describe('isJsonMediaType', () => {
  it.each([
    ['application/json', true],
    ['Application/JSON; charset=utf-8', true],
    [' application/json ;q=1', true],
    ['application/problem+json', true],
    ['application/vnd.api+json;v=2', true],
    ['application/jsonp', false],
    ['text/json-seq', false],
    ['text/plain', false],
    ['application/x-www-form-urlencoded', false],
    ['', false],
  ])('%j -> %s', (mediaType, expected) => {
    expect(isJsonMediaType(mediaType)).toBe(expected);
  });
});

describe('responseExample for a status the operation does not document', () => {
  it('says so instead of failing on the missing response', () => {
    expect(() => responseExample(loadSpec(TOY), 'listWidgets', 500)).toThrow(
      'listWidgets 500 has no example in the spec',
    );
  });
});
