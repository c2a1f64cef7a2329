import type { SecurityContext, SecurityRequest, SecuritySchemeHandler } from './provider';
import { authenticate } from './security';

const pass: SecuritySchemeHandler = () => ({ ok: true, checked: { passed: true } });
const fail =
  (reason: string): SecuritySchemeHandler =>
  () => ({ ok: false, status: 401, reason, message: reason, checked: { passed: false } });
const handlers = { A: pass, B: fail('B_FAILED'), C: fail('C_FAILED') };
const request: SecurityRequest = { method: 'GET', path: '/', headers: {}, rawBody: Buffer.alloc(0) };
const context: SecurityContext = { credentials: {}, settings: {}, now: new Date(0) };

describe('authenticate', () => {
  it('needs no auth when the operation lists no alternative', () => {
    expect(authenticate(handlers, [], request, context)).toBeUndefined();
  });

  it('passes when every scheme of one alternative passes, keeping what each checked', () => {
    expect(authenticate(handlers, [['B'], ['A']], request, context)).toEqual({
      ok: true,
      checked: { A: { passed: true } },
    });
  });

  it('fails when one scheme of an alternative fails, stopping there', () => {
    expect(authenticate(handlers, [['A', 'B', 'C']], request, context)).toMatchObject({
      ok: false,
      reason: 'B_FAILED',
      checked: { A: { passed: true }, B: { passed: false } },
    });
  });

  it('answers with the first alternative’s failure when none passes', () => {
    expect(authenticate(handlers, [['C'], ['B']], request, context)).toMatchObject({
      ok: false,
      reason: 'C_FAILED',
    });
  });
});
