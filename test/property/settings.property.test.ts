/**
 * Random config files, valid and not: each is either refused with one ConfigError line, or it yields an XCover
 * sandbox on which signed requests (quote, read-back, instant booking, cancellation preview, idempotent
 * retry, listing) never answer 5xx. Settings out of range must be refused at start, never found by a request.
 */
import fc from 'fast-check';
import { createProviderApp } from '../../mocks/runtime/app';
import { ConfigError, resolveProviderConfigs } from '../../mocks/runtime/config';
import { xcoverProvider } from '../../mocks/xcover/provider';
import { serve } from '../helpers/http-server';
import { instantBookingBody, quoteBody, xcoverFetch, type XCoverFetchOptions } from '../helpers/xcover';

/** A number in a setting's range, or (unless `valid`) far outside it, or not a number at all. */
const settingValue = (min: number, max: number, valid: boolean) =>
  valid
    ? fc.integer({ min, max })
    : fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min, max }) },
        fc.integer({ min: min - 1000, max: min - 1 }),
        fc.integer({ min: max + 1, max: max + 1_000_000 }),
        fc.constantFrom(1e300, -1e300, 1e15, 0.5, -0),
        fc.constantFrom('300', null, true, [], {}),
      );

const credential = (valid: boolean) =>
  valid
    ? fc.stringMatching(/^[A-Za-z0-9_]{1,24}$/)
    : fc.oneof(
        { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9_]{1,24}$/) },
        fc.constantFrom('', 'line\nbreak', 'x'.repeat(2000), 42, null),
      );

const section = (valid: boolean) =>
  fc.record(
    {
      partnerCode: credential(valid),
      apiKey: credential(valid),
      apiSecret: credential(valid),
      clockSkewSeconds: settingValue(0, 86_400, valid),
      requireApiKey: valid ? fc.boolean() : fc.oneof(fc.boolean(), fc.constantFrom('true', 0, null)),
      idempotencyRetentionHours: settingValue(1, 720, valid),
      cancellationConfirmHours: settingValue(1, 720, valid),
      maxQuotePackages: settingValue(1, 100_000, valid),
    },
    { requiredKeys: [] },
  );

/** Half in range throughout; half anything: out of range, wrong types, stray fields, providers, prototype keys. */
const config = fc.oneof(
  section(true).map((xcover) => ({ xcover })),
  fc.oneof(
    section(false).map((xcover) => ({ xcover })),
    section(false).map((xcover) => ({ xcover: { ...xcover, unknownSetting: 1 } })),
    section(false).map(
      (xcover) =>
        JSON.parse(`{"xcover": ${JSON.stringify(xcover)}, "__proto__": {"polluted": true}}`) as unknown,
    ),
    section(false).map((xcover) => ({
      xcover: { ...(JSON.parse('{"__proto__": {"polluted": true}}') as object), ...xcover },
    })),
    section(false).map((xcover) => ({ xcover, acme: {} })),
    fc.constantFrom(null, [], 'xcover', { xcover: [] }),
  ),
);

test('a config is refused with a ConfigError, or its sandbox never answers 5xx', async () => {
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(config, async (candidate) => {
      let resolved;
      try {
        resolved = resolveProviderConfigs([xcoverProvider], candidate);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as Error).message).not.toContain('\n');
        return;
      }
      const { credentials, settings } = resolved.get('xcover') as NonNullable<
        ReturnType<typeof resolved.get>
      >;
      accepted += 1;
      const sandbox = createProviderApp(xcoverProvider, { credentials, settings });
      const server = await serve(sandbox.app);
      try {
        const statuses: number[] = [];
        const signed: XCoverFetchOptions = {
          apiKey: credentials.apiKey as string,
          apiSecret: credentials.apiSecret as string,
        };
        const P = `/x/partners/${credentials.partnerCode as string}`;
        const call = async (
          method: string,
          path: string,
          body?: unknown,
          options: XCoverFetchOptions = {},
        ) => {
          const response = await xcoverFetch(server.url, method, path, body, { ...signed, ...options });
          statuses.push(response.status);
          return {
            status: response.status,
            body: (await response.json().catch(() => null)) as { id?: string },
          };
        };
        const quote = await call('POST', `${P}/quotes/`, quoteBody());
        if (quote.body?.id) await call('GET', `${P}/quotes/${quote.body.id}/`);
        await call('POST', `${P}/quotes/`, quoteBody(), { idempotencyKey: 'retry-1' });
        await call('POST', `${P}/quotes/`, quoteBody(), { idempotencyKey: 'retry-1' });
        const booking = await call('POST', `${P}/instant_booking/`, instantBookingBody());
        if (booking.body?.id)
          await call('POST', `${P}/bookings/${booking.body.id}/cancel`, { preview: true });
        await call('GET', `${P}/bookings/`);
        expect(statuses.filter((status) => status >= 500)).toEqual([]);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      } finally {
        await server.close();
      }
    }),
    { numRuns: 30 },
  );
  // Half the runs are in range throughout, so the sandbox side of the property always ran.
  expect(accepted).toBeGreaterThan(0);
});
