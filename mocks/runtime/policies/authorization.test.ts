import type { AuthorizationPolicy, PolicyRequest } from '../provider';
import { authorize } from './authorization';

interface State {
  owners: Map<string, string>;
}

const policy: AuthorizationPolicy<State> = {
  permissions: { refundOrder: 'refunds:create' },
  ownerOf: ({ params, state }) => state.owners.get(params.id ?? ''),
  notFound: () => ({ message: 'Not Found' }),
};
const state: State = { owners: new Map([['o1', 'acc_a']]) };
const request = (
  operationId: string,
  principal: PolicyRequest<State>['principal'],
  params: Record<string, string> = {},
): PolicyRequest<State> => ({
  operation: { operationId, method: 'GET', pathTemplate: '/x' },
  params,
  principal,
  state,
  now: new Date(0),
});
const caller = (extra: object = {}) => ({ scheme: 'Key', subject: 'key', keys: [], ...extra });

describe('authorize', () => {
  it('allows operations that need no permission and callers without roles', () => {
    expect(authorize(policy, request('getOrder', caller()))).toEqual({ kind: 'allowed' });
    expect(authorize(policy, request('refundOrder', caller()))).toEqual({ kind: 'allowed' });
  });

  it('forbids a role without the operation’s permission, naming it', () => {
    expect(authorize(policy, request('refundOrder', caller({ permissions: ['orders:read'] })))).toEqual({
      kind: 'forbidden',
      permission: 'refunds:create',
    });
    expect(authorize(policy, request('refundOrder', caller({ permissions: ['refunds:create'] })))).toEqual({
      kind: 'allowed',
    });
  });

  it('hides another account’s object with the not-found wording', () => {
    expect(authorize(policy, request('getOrder', caller({ account: 'acc_b' }), { id: 'o1' }))).toEqual({
      kind: 'hidden',
      message: 'Not Found',
    });
    expect(authorize(policy, request('getOrder', caller({ account: 'acc_a' }), { id: 'o1' }))).toEqual({
      kind: 'allowed',
    });
  });

  it('leaves unknown ids, unauthenticated calls and operations named like prototype keys alone', () => {
    expect(authorize(policy, request('getOrder', caller({ account: 'acc_b' }), { id: 'nope' }))).toEqual({
      kind: 'allowed',
    });
    expect(authorize(policy, request('getOrder', undefined, { id: 'o1' }))).toEqual({ kind: 'allowed' });
    expect(authorize(policy, request('constructor', caller({ permissions: [] })))).toEqual({
      kind: 'allowed',
    });
  });
});
