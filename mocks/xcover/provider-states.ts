import type { HandlerRequest, ProviderStateContext, ProviderStateHandler } from '../runtime/provider';
import { loadSpec, requestExample } from '../runtime/spec';
import { XCOVER_SPEC_PATH } from './catalogue';
import { createBooking } from './handlers/bookings';
import { cancelBooking } from './handlers/cancellation';
import { createPackage } from './handlers/quotes';
import type { QuotePackage, XCoverState } from './state';

/**
 * Named states (Pact's `given`) that put the sandbox into a known shape through the same handlers real
 * requests use, with the spec's request examples as default bodies. `params.quote_package_id` fixes the id
 * of the package created, so a contract can name it in its paths. Booking states also take
 * `params.policyholder` (fields merged over the example's) and `params.insured` (the insured persons of
 * every booked quote), for scenarios that need a booking like a particular recorded one.
 */
function request(
  context: ProviderStateContext<XCoverState>,
  body: unknown,
  params: Record<string, string> = {},
): HandlerRequest<XCoverState> {
  return {
    operationId: 'providerState',
    method: 'POST',
    path: '',
    params: { partner_code: context.credentials.partnerCode as string, ...params },
    query: {},
    headers: {},
    body,
    state: context.state,
    credentials: context.credentials,
    settings: context.settings,
    now: context.now,
    origin: '',
    basePath: '',
    fromSpec: () => Promise.reject(new Error('no spec answers in provider states')),
  };
}

const QUOTE_PACKAGE_ID = /^[0-9A-Z]{5}-[0-9A-Z]{5}-INS$/;

function quotePackage(
  params: Readonly<Record<string, unknown>>,
  context: ProviderStateContext<XCoverState>,
): QuotePackage {
  const spec = loadSpec(XCOVER_SPEC_PATH);
  const created = createPackage(request(context, requestExample(spec, 'createQuote')));
  const wanted = params.quote_package_id;
  if (wanted === undefined || wanted === created.id) return created;
  if (typeof wanted !== 'string' || !QUOTE_PACKAGE_ID.test(wanted)) {
    context.state.packages.delete(created.id);
    throw new Error(
      `quote_package_id must look like XCover's (e.g. 33K6D-WBHLY-INS), got ${JSON.stringify(wanted)}`,
    );
  }
  context.state.packages.delete(created.id);
  const renamed: QuotePackage = { ...created, id: wanted };
  context.state.packages.set(wanted, renamed);
  return renamed;
}

function booking(
  params: Readonly<Record<string, unknown>>,
  context: ProviderStateContext<XCoverState>,
  extra: Record<string, unknown> = {},
): QuotePackage {
  const pkg = quotePackage(params, context);
  const spec = loadSpec(XCOVER_SPEC_PATH);
  const example = requestExample(spec, 'createBooking') as { policyholder: Record<string, unknown> };
  const { policyholder, insured } = params;
  const body = {
    quotes: pkg.quotes.map((quote) => ({ id: quote.id, ...(Array.isArray(insured) ? { insured } : {}) })),
    policyholder:
      typeof policyholder === 'object' && policyholder !== null
        ? { ...example.policyholder, ...policyholder }
        : example.policyholder,
    ...extra,
  };
  createBooking(request(context, body, { quote_package_id: pkg.id }));
  return pkg;
}

const ids = (pkg: QuotePackage) => ({ quote_package_id: pkg.id, quote_id: pkg.quotes[0]?.id });

export const xcoverProviderStates: Readonly<Record<string, ProviderStateHandler<XCoverState>>> = {
  'a quote package exists': (params, context) => ids(quotePackage(params, context)),
  'a confirmed booking exists': (params, context) => ids(booking(params, context)),
  'a booking awaiting payment confirmation exists': (params, context) =>
    ids(booking(params, context, { require_payment_confirmation: true })),
  'a booking with a previewed cancellation exists': (params, context) => {
    const pkg = booking(params, context);
    const preview = cancelBooking(request(context, { preview: true }, { quote_package_id: pkg.id })).body as {
      cancellation_id: string;
    };
    return { ...ids(pkg), cancellation_id: preview.cancellation_id };
  },
};
