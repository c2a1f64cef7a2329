import { KASKO_V2, KASKO_V3 } from '../../src/kasko/media-types';
import { cachedRequestExample } from '../runtime/examples';
import type { ProviderStateContext, ProviderStateTeardown } from '../runtime/provider';
import type { AnyProviderState } from '../runtime/provider-states';
import { loadSpec } from '../runtime/spec';
import { KASKO_SPEC_PATH } from './catalogue';
import { policyAt, stateLimits, type KaskoState, type PolicyRecord } from './state';

/**
 * Named states (Pact's `given`) built through the handlers real requests use, with the spec's request
 * examples as bodies (the quote's `item_id` replaced by the configured product key). They return the ids,
 * tokens and versions a contract puts in its requests.
 */
type Context = ProviderStateContext<KaskoState>;

const example = (operationId: string) =>
  cachedRequestExample(loadSpec(KASKO_SPEC_PATH), operationId) as Record<string, unknown>;

async function quoteToken(context: Context): Promise<string> {
  const body = { ...example('createQuote'), item_id: context.credentials.productKey };
  const answer = await context.handle('createQuote', { body, headers: { accept: KASKO_V3 } });
  return (answer.body as { token: string }).token;
}

async function offer(context: Context): Promise<{ policy_id: string; payment_token: string }> {
  const body = { ...example('createOffer'), quote_token: await quoteToken(context) };
  const answer = await context.handle('createOffer', { body, headers: { accept: KASKO_V2 } });
  const { id, payment_token } = answer.body as { id: string; payment_token: string };
  return { policy_id: id, payment_token };
}

/** The policy's id and current version (as `ETag` and `Last-Modified` would carry it). */
function versioned(context: Context, policyId: string) {
  const policy = context.state.policies.get(policyId) as PolicyRecord;
  return {
    policy_id: policyId,
    etag: `"${policy.version}"`,
    last_modified: new Date(policy.modifiedAtMs).toUTCString(),
  };
}

/** An offer paid, its payment settled: the policy reads as paid whatever `paymentSettlementSeconds` says. */
async function paidPolicy(context: Context): Promise<string> {
  const { policy_id, payment_token } = await offer(context);
  const body = { ...example('createPayment'), policy_id, token: payment_token };
  await context.handle('createPayment', { body });
  const paid = context.state.policies.get(policy_id) as PolicyRecord;
  context.state.policies.set(
    policy_id,
    policyAt(paid, Number.POSITIVE_INFINITY),
    stateLimits(context.settings),
  );
  return policy_id;
}

/** Teardown: the quote, the policy (offer) and its payments the setup made, by the ids it answered. */
const forgetMade: ProviderStateTeardown<KaskoState> = (made, _params, { state }) => {
  if (typeof made.quote_token === 'string') state.quotes.delete(made.quote_token);
  const policyId = made.policy_id;
  if (typeof policyId !== 'string') return;
  state.policies.delete(policyId);
  for (const payment of [...state.payments.values()])
    if (payment.policyId === policyId) state.payments.delete(payment.id);
};

/** Every state makes fresh ids (a contract takes them through provider-state generators): setting it again is safe. */
export const kaskoProviderStates: Readonly<Record<string, AnyProviderState<KaskoState>>> = {
  'a quote exists': {
    setup: async (_params, context) => ({ quote_token: await quoteToken(context) }),
    teardown: forgetMade,
  },
  'an offer exists': { setup: async (_params, context) => offer(context), teardown: forgetMade },
  /** Paid and settled at once when `paymentSettlementSeconds` is 0 (the default). */
  'a paid policy exists': {
    setup: async (_params, context) => versioned(context, await paidPolicy(context)),
    teardown: forgetMade,
  },
  'a cancelled policy exists': {
    setup: async (_params, context) => {
      const policyId = await paidPolicy(context);
      await context.handle('cancelPolicy', {
        params: { policy_id: policyId },
        body: example('cancelPolicy'),
        headers: { accept: KASKO_V2 },
      });
      return versioned(context, policyId);
    },
    teardown: forgetMade,
  },
};
