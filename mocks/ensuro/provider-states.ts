import type { ProviderDefinition } from '../runtime/provider';
import type { EnsuroState } from './state';

type States = NonNullable<ProviderDefinition<EnsuroState>['providerStates']>;

const DEFAULT_DAYS = 30;

/** Epoch seconds `params.days` (1 to 365, default 30) after the sandbox clock's now. */
function expirationIn(params: Readonly<Record<string, unknown>>, now: Date): number {
  const days = Number(params.days ?? DEFAULT_DAYS);
  const bounded = Number.isFinite(days) ? Math.max(1, Math.min(Math.floor(days), 365)) : DEFAULT_DAYS;
  return Math.floor(now.getTime() / 1000) + bounded * 86_400;
}

/**
 * `an active policy exists`: a policy created through the new-policy handler; its ensuro_id, expiration and payout
 * are what a resolution, replacement or cancellation needs. `a policy expiration the risk module accepts`: nothing
 * to set up, the answer is an expiration the sandbox clock makes valid for a new policy (a contract cannot hold a
 * fixed date that stays in the future).
 */
export const ensuroProviderStates: States = {
  'an active policy exists': {
    setup: async (params, { handle, now }) => {
      const body = {
        payout: String(params.payout ?? '190.25'),
        expiration: expirationIn(params, now),
        data: { internal_id: 'provider-state' },
      };
      const created = await handle('newPolicy', { params: {}, body });
      const { ensuro_id } = created.body as { ensuro_id: string };
      return { ensuro_id, expiration: body.expiration, payout: body.payout };
    },
    /** A fresh policy each setup (its ensuro_id reaches the contract through a provider-state generator). */
    teardown: (made, _params, { state }) => {
      if (typeof made.ensuro_id === 'string') state.policies.delete(made.ensuro_id);
    },
  },
  'a policy expiration the risk module accepts': (params, { now }) => ({
    expiration: expirationIn(params, now),
  }),
};
