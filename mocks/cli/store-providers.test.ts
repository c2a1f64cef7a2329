import { ByteBudgetMap, estimateBytes } from '../runtime/byte-budget';
import type { AnyProviderDefinition } from '../runtime/provider';
import { SandboxStartError } from '../runtime/server';
import { toyProvider } from '../../test/fixtures/toy-provider';
import { providersForStore } from './store-providers';

/** The toy keeps plain `Map`s, which a store cannot hold; `budgeted` keeps a ByteBudgetMap, which it can. */
const budgeted: AnyProviderDefinition = {
  ...toyProvider,
  name: 'budgeted',
  createState: () => ({ widgets: new ByteBudgetMap<string, string>(estimateBytes) }),
};
const TOY_REFUSAL = 'toy\'s state "widgets" cannot be shared: only ByteBudgetMaps and plain records can';

test('without --only, a provider a store cannot hold is left out with a note naming why', () => {
  expect(providersForStore([toyProvider, budgeted], undefined)).toEqual({
    only: ['budgeted'],
    notes: [`toy is not started: its state cannot be kept in a shared store yet (${TOY_REFUSAL})`],
  });
});

test('named in --only, it is a start error; --only is otherwise kept as given', () => {
  expect(() => providersForStore([toyProvider, budgeted], ['Toy'])).toThrow(
    new SandboxStartError(
      `toy's state cannot be kept in a shared store yet (${TOY_REFUSAL}): leave it out of --only, or start without --state`,
    ),
  );
  expect(providersForStore([toyProvider, budgeted], ['budgeted', 'nope'])).toEqual({
    only: ['budgeted', 'nope'],
    notes: [],
  });
});
