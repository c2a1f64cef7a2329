import type { SecurityContext, SecurityRequest, SecuritySchemeHandler } from './provider';
import { authenticate, shownPrincipal } from './security';

const pass: SecuritySchemeHandler = () => ({ ok: true, checked: { passed: true } });
const passAs =
  (subject: string): SecuritySchemeHandler =>
  () => ({ ok: true, checked: {}, principal: { subject, keys: ['k'], account: 'acc_1' } });
const fail =
  (reason: string, missing = false): SecuritySchemeHandler =>
  () => ({ ok: false, status: 401, reason, message: reason, checked: { passed: false }, missing });
const handlers = {
  A: pass,
  B: fail('B_FAILED'),
  C: fail('C_FAILED'),
  M: fail('M_MISSING', true),
  P: passAs('key one'),
  Q: passAs('key two'),
};
const request: SecurityRequest = {
  method: 'GET',
  path: '/',
  targetPath: '/',
  query: {},
  headers: {},
  rawBody: Buffer.alloc(0),
  operation: { operationId: 'op', method: 'GET', pathTemplate: '/' },
  params: {},
};
const context: SecurityContext = {
  credentials: {},
  settings: {},
  now: new Date(0),
  state: undefined,
  isRevoked: () => false,
};

describe('authenticate', () => {
  it('needs no auth when the operation lists no alternative', () => {
    expect(authenticate(handlers, [], request, context)).toBeUndefined();
  });

  it('passes when every scheme of one alternative passes, keeping what each checked', () => {
    expect(authenticate(handlers, [['B'], ['A']], request, context)).toEqual({
      ok: true,
      checked: { A: { passed: true } },
      principal: undefined,
    });
  });

  it('names the principal of the passing alternative, with the scheme that established it', () => {
    expect(authenticate(handlers, [['B'], ['A', 'P', 'Q']], request, context)).toMatchObject({
      ok: true,
      principal: { scheme: 'P', subject: 'key one', account: 'acc_1' },
    });
  });

  it('fails when one scheme of an alternative fails, stopping there', () => {
    expect(authenticate(handlers, [['A', 'B', 'C']], request, context)).toMatchObject({
      ok: false,
      reason: 'B_FAILED',
      scheme: 'B',
      checked: { A: { passed: true }, B: { passed: false } },
    });
  });

  it('answers with the first alternative’s failure when none passes and every credential was present', () => {
    expect(authenticate(handlers, [['C'], ['B']], request, context)).toMatchObject({
      ok: false,
      reason: 'C_FAILED',
    });
  });

  it('reports the scheme whose credential was present, not the first one listed', () => {
    expect(authenticate(handlers, [['M'], ['B']], request, context)).toMatchObject({ reason: 'B_FAILED' });
  });

  it('reports the first failure when no credential was present at all', () => {
    const both = { ...handlers, N: fail('N_MISSING', true) };
    expect(authenticate(both, [['M'], ['N']], request, context)).toMatchObject({ reason: 'M_MISSING' });
  });
});

describe('shownPrincipal', () => {
  it('leaves the credential values out', () => {
    expect(shownPrincipal({ scheme: 'P', subject: 's', keys: ['secret'], role: 'admin' })).toEqual({
      scheme: 'P',
      subject: 's',
      role: 'admin',
    });
  });
});
