import { randomUUID } from 'node:crypto';
import type { ProviderStateContext, ProviderStateHandler, ProviderStateTeardown } from '../runtime/provider';
import type { AnyProviderState } from '../runtime/provider-states';
import { cachedRequestExample } from '../runtime/examples';
import { loadSpec } from '../runtime/spec';
import { XCOVER_SPEC_PATH } from './catalogue';
import { stateLimits, type QuotePackage, type XCoverState } from './state';

/**
 * Named states (Pact's `given`) that put the sandbox into a known shape through the same handlers real
 * requests use, with the spec's request examples as default bodies. `params.quote_package_id` fixes the id
 * of the package created, so a contract can name it in its paths. Booking states also take
 * `params.policyholder` (fields merged over the example's) and `params.insured` (the insured persons of
 * every booked quote), for scenarios that need a booking like a particular recorded one.
 *
 * Set up again with the same params (a contract run twice on a server never reset), a state replaces the package
 * it made before under its fixed id; an id some request or another state holds is refused, never overwritten.
 * Teardown forgets the package the setup made.
 */
const QUOTE_PACKAGE_ID = /^[0-9A-Z]{5}-[0-9A-Z]{5}-INS$/;

type Context = ProviderStateContext<XCoverState>;

const partner = (context: Context) => ({ partner_code: context.credentials.partnerCode as string });

async function quotePackage(
  params: Readonly<Record<string, unknown>>,
  context: Context,
): Promise<QuotePackage> {
  const wanted = params.quote_package_id;
  if (wanted !== undefined && (typeof wanted !== 'string' || !QUOTE_PACKAGE_ID.test(wanted))) {
    throw new Error(
      `quote_package_id must look like XCover's (e.g. 33K6D-WBHLY-INS), got ${JSON.stringify(wanted)}`,
    );
  }
  if (wanted !== undefined && context.previous?.quote_package_id === wanted)
    context.state.packages.delete(wanted);
  if (wanted !== undefined && context.state.packages.has(wanted)) {
    throw new Error(`quote_package_id ${wanted} is in use already; reset first, or choose another id`);
  }
  const body = cachedRequestExample(loadSpec(XCOVER_SPEC_PATH), 'createQuote');
  const answer = await context.handle('createQuote', { params: partner(context), body });
  const created = context.state.packages.get((answer.body as { id: string }).id) as QuotePackage;
  if (wanted === undefined || wanted === created.id) return created;
  const renamed: QuotePackage = { ...created, id: wanted };
  context.state.packages.delete(created.id);
  context.state.packages.set(wanted, renamed, stateLimits(context.settings));
  return renamed;
}

async function booking(
  params: Readonly<Record<string, unknown>>,
  context: Context,
  extra: Record<string, unknown> = {},
): Promise<QuotePackage> {
  const pkg = await quotePackage(params, context);
  const example = cachedRequestExample(loadSpec(XCOVER_SPEC_PATH), 'createBooking') as {
    policyholder: Record<string, unknown>;
  };
  const { policyholder, insured } = params;
  const body = {
    quotes: pkg.quotes.map((quote) => ({ id: quote.id, ...(Array.isArray(insured) ? { insured } : {}) })),
    policyholder:
      typeof policyholder === 'object' && policyholder !== null
        ? { ...example.policyholder, ...policyholder }
        : example.policyholder,
    ...extra,
  };
  await context.handle('createBooking', { params: { ...partner(context), quote_package_id: pkg.id }, body });
  return pkg;
}

const ids = (pkg: QuotePackage) => ({ quote_package_id: pkg.id, quote_id: pkg.quotes[0]?.id });

/**
 * An instant booking made with an idempotency key, as a client's first attempt: a retry with the key, the
 * same path and the same body (`params.request`, as `JSON.stringify` writes it; default: the spec's
 * example) is then answered 409 with this booking. The key is `params.key`, else a fresh one, so the state
 * can be set again and again on a server that is never reset.
 */
async function idempotentInstantBooking(params: Readonly<Record<string, unknown>>, context: Context) {
  const key = params.key ?? randomUUID();
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key))
    throw new Error(`key must be 1 to 255 visible ASCII characters, got ${JSON.stringify(key)}`);
  const body = params.request ?? cachedRequestExample(loadSpec(XCOVER_SPEC_PATH), 'instantBooking');
  const answer = await context.handle('instantBooking', {
    params: partner(context),
    body,
    idempotencyKey: key,
  });
  if (answer.status !== 200) throw new Error(`the instant booking was refused (${answer.status})`);
  return { idempotency_key: key, quote_package_id: (answer.body as { id: string }).id };
}

/** Teardown of every state here: the package the setup made (its booking and cancellations are in it). */
const forgetPackage: ProviderStateTeardown<XCoverState> = (made, _params, { state }) => {
  if (typeof made.quote_package_id === 'string') state.packages.delete(made.quote_package_id);
};

const madeWith = (setup: ProviderStateHandler<XCoverState>): AnyProviderState<XCoverState> => ({
  setup,
  teardown: forgetPackage,
});

export const xcoverProviderStates: Readonly<Record<string, AnyProviderState<XCoverState>>> = {
  'a quote package exists': madeWith(async (params, context) => ids(await quotePackage(params, context))),
  'a confirmed booking exists': madeWith(async (params, context) => ids(await booking(params, context))),
  'a booking awaiting payment confirmation exists': madeWith(async (params, context) =>
    ids(await booking(params, context, { require_payment_confirmation: true })),
  ),
  'a booking with a previewed cancellation exists': madeWith(async (params, context) => {
    const pkg = await booking(params, context);
    const preview = await context.handle('cancelBooking', {
      params: { ...partner(context), quote_package_id: pkg.id },
      body: { preview: true },
    });
    return { ...ids(pkg), cancellation_id: (preview.body as { cancellation_id: string }).cancellation_id };
  }),
  'an instant booking was made with an idempotency key': madeWith(idempotentInstantBooking),
};
