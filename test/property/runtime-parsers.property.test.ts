/**
 * Properties of the runtime's parsers: whatever a client or a user sends, they answer with a value or a
 * clear refusal, never an unexpected exception (which would become a 5xx or a crash).
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { parseArgs, UsageError } from '../../mocks/cli/args';
import { parseJsonBody } from '../../mocks/runtime/body';
import { ConfigError, resolveProviderConfigs } from '../../mocks/runtime/config';
import { ControlRefusal, parseFaultInput } from '../../mocks/runtime/control-inputs';
import { SpecRouter } from '../../mocks/runtime/router';
import { loadSpec } from '../../mocks/runtime/spec';
import { PROVIDERS } from '../../mocks/registry';

describe('parseJsonBody', () => {
  it('reads back any JSON value from its UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = parseJsonBody(Buffer.from(JSON.stringify(value), 'utf8'));
        expect(parsed).toEqual({ ok: true, value: JSON.parse(JSON.stringify(value)) });
      }),
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        const parsed = parseJsonBody(Buffer.from(bytes));
        expect(typeof parsed.ok).toBe('boolean');
      }),
    );
  });
});

describe('parseFaultInput', () => {
  it('answers a fault or a ControlRefusal for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          const parsed = parseFaultInput(value, new Set(['createQuote']));
          expect(parsed.status !== undefined || parsed.delayMs > 0 || parsed.hold).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ControlRefusal);
        }
      }),
    );
  });
});

describe('parseArgs', () => {
  it('parses or refuses with a UsageError, nothing else', () => {
    const accepted = { only: true, config: true, quiet: false };
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constantFrom('--only', '--quiet', '--config=x', '--', 'start'))),
        (argv) => {
          try {
            parseArgs(argv, () => accepted);
          } catch (error) {
            expect(error).toBeInstanceOf(UsageError);
          }
        },
      ),
    );
  });
});

describe('resolveProviderConfigs', () => {
  it('resolves or refuses with a ConfigError for any JSON config', () => {
    const field = fc.constantFrom(
      'partnerCode',
      'apiKey',
      'apiSecret',
      'clockSkewSeconds',
      'requireApiKey',
      'other',
    );
    const config = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(
        fc.constantFrom('xcover', 'acme'),
        fc.oneof(fc.jsonValue(), fc.dictionary(field, fc.jsonValue())),
      ),
    );
    fc.assert(
      fc.property(config, (value) => {
        try {
          const resolved = resolveProviderConfigs(PROVIDERS, value);
          for (const { credentials } of resolved.values()) {
            for (const credential of Object.values(credentials)) expect(typeof credential).toBe('string');
          }
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
        }
      }),
    );
  });
});

describe('SpecRouter', () => {
  const spec = loadSpec(join(__dirname, '..', '..', 'specs', 'xcover.yaml'));
  const router = new SpecRouter(spec.operations, spec.basePaths);

  it('matches or refuses any path without throwing', () => {
    const segment = fc.oneof(
      fc.string(),
      fc.constantFrom('x', 'xcover', 'partners', 'LLODT', 'quotes', '%', '%2F', '..'),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        fc.array(segment, { maxLength: 8 }),
        (method, segments) => {
          const match = router.match(method, `/${segments.join('/')}`);
          expect(['operation', 'method-not-allowed', 'no-route']).toContain(match.kind);
        },
      ),
    );
  });

  it('finds every operation of the spec under every base path, with its parameters', () => {
    for (const basePath of spec.basePaths) {
      for (const operation of spec.operations) {
        const path = operation.pathTemplate.replace(/\{([^}]+)\}/g, (_, name: string) => `value-of-${name}`);
        const match = router.match(operation.method, `${basePath}${path}`);
        expect(match).toMatchObject({
          kind: 'operation',
          operation: { operationId: operation.operationId },
          basePath,
        });
      }
    }
  });
});
