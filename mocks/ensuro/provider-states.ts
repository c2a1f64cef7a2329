import type { ProviderDefinition } from '../runtime/provider';
import type { EnsuroState } from './state';

type States = NonNullable<ProviderDefinition<EnsuroState>['providerStates']>;

/** An active policy, created through the new-policy handler: its ensuro_id is what the caller needs. */
export const ensuroProviderStates: States = {
  'an active policy exists': async (params, { handle, now }) => {
    const days = Number(params.days ?? 30);
    const created = await handle('newPolicy', {
      params: {},
      body: {
        payout: String(params.payout ?? '190.25'),
        expiration: Math.floor(now.getTime() / 1000) + Math.max(1, Math.min(days, 365)) * 86_400,
        data: { internal_id: 'provider-state' },
      },
    });
    return { ensuro_id: (created.body as { ensuro_id: string }).ensuro_id };
  },
};
