/**
 * Each provider's shared-state layout, read off what its createState returns (docs/scale.md, "Provider
 * state"): the maps and records a shared store will hold.
 */
import { createEnsuroState } from '../../../mocks/ensuro/state';
import { createKashierState } from '../../../mocks/kashier/state';
import { createKaskoState } from '../../../mocks/kasko/state';
import { createKigoState } from '../../../mocks/kigo/state';
import { MemoryStateStore } from '../../../mocks/runtime/state/memory-store';
import { runShared } from '../../../mocks/runtime/state/shared-run';
import { StateLayout } from '../../../mocks/runtime/state/state-layout';
import { createXCoverState, type QuotePackage } from '../../../mocks/xcover/state';

describe('provider state layouts', () => {
  test('XCover, KASKO, Ensuro, Kashier and Kigo: their budgeted maps and records', () => {
    expect(StateLayout.of('xcover', createXCoverState()).names).toEqual({ maps: ['packages'], cells: [] });
    expect(StateLayout.of('kasko', createKaskoState()).names).toEqual({
      maps: ['quotes', 'policies', 'payments', 'media', 'leads'],
      cells: [],
    });
    expect(StateLayout.of('ensuro', createEnsuroState()).names).toEqual({ maps: ['policies'], cells: [] });
    expect(StateLayout.of('kashier', createKashierState()).names).toEqual({
      maps: [
        'test.sessions',
        'test.orders',
        'test.checkouts',
        'test.paymentRequests',
        'live.sessions',
        'live.orders',
        'live.checkouts',
        'live.paymentRequests',
      ],
      cells: ['test.invoiceNumbers', 'live.invoiceNumbers'],
    });
    // The accounts' indexes are maps of their own, index entry → account id (mocks/kigo/accounts.ts).
    expect(StateLayout.of('kigo', createKigoState()).names).toEqual({
      maps: ['tokens', 'ssoSessions', 'accounts', 'accountsByExternalIds', 'tokenOwners', 'claimCodes'],
      cells: [],
    });
  });

  test('an XCover package keeps its pending updates and cancellations, Maps, through a shared store', async () => {
    const store = new MemoryStateStore();
    const layout = StateLayout.of('xcover', createXCoverState());
    const pkg = {
      id: 'P1',
      status: 'CONFIRMED',
      quotes: [],
      updates: new Map([
        [
          'U1',
          { id: 'U1', changes: new Map([['Q1', { request: {}, pricing: {} }]]), policyholder: undefined },
        ],
      ]),
      cancellations: new Map([
        ['C1', { id: 'C1', quoteIds: ['Q1'], confirmBefore: 'soon', reason: undefined }],
      ]),
    } as unknown as QuotePackage;
    await runShared(store, 'ns', layout, {}, (state) => state.packages.set('P1', pkg, { maxBytes: 100_000 }));
    const { value } = await runShared(store, 'ns', layout, { entries: [['packages', 'P1']] }, (state) =>
      state.packages.get('P1'),
    );
    expect(value?.updates?.get('U1')?.changes.get('Q1')).toEqual({ request: {}, pricing: {} });
    expect(value?.cancellations?.get('C1')?.quoteIds).toEqual(['Q1']);
  });
});
