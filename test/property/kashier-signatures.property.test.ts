import fc from 'fast-check';
import {
  buildOrderHash,
  checkOrderHash,
  otherAmountSpellings,
  signRedirectParameters,
  signWebhookData,
  verifyRedirectSignature,
  verifyWebhookSignature,
} from '../../src/kashier';

const keyArb = fc.string({ minLength: 1, maxLength: 40 });
const textArb = fc.string({ unit: 'binary', maxLength: 30 });
const amountArb = fc
  .tuple(
    fc.nat({ max: 999_999 }),
    fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 3 }), {
      nil: undefined,
    }),
  )
  .map(([whole, fraction]) => (fraction === undefined ? String(whole) : `${whole}.${fraction}`));
const orderArb = fc.record({
  merchantId: fc.string({ minLength: 1, maxLength: 20 }),
  orderId: fc.string({ minLength: 1, maxLength: 30 }),
  amount: amountArb,
  currency: fc.constantFrom('EGP', 'USD', 'EUR', 'GBP'),
});
const paramsArb = fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), textArb), {
  minLength: 1,
  maxLength: 12,
  selector: ([name]) => name,
});
const scalarArb = fc.oneof(
  textArb,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
);

describe('Kashier signatures (properties)', () => {
  it('accepts every order hash it builds, and refuses it for any other order, amount or key', () => {
    fc.assert(
      fc.property(orderArb, keyArb, keyArb, fc.string({ maxLength: 3 }), (order, key, other, suffix) => {
        const hash = buildOrderHash(order, key);
        expect(checkOrderHash(order, hash, { paymentApiKey: key }).ok).toBe(true);
        fc.pre(other !== key);
        expect(checkOrderHash(order, hash, { paymentApiKey: other }).ok).toBe(false);
        const changed = { ...order, orderId: `${order.orderId}x${suffix}` };
        expect(checkOrderHash(changed, hash, { paymentApiKey: key }).ok).toBe(false);
      }),
    );
  });

  it('names every other spelling of an amount as a format mistake, never as a forgery', () => {
    fc.assert(
      fc.property(orderArb, keyArb, (order, key) => {
        for (const spelling of otherAmountSpellings(order.amount)) {
          expect(Number(spelling)).toBe(Number(order.amount));
          const verdict = checkOrderHash(order, buildOrderHash({ ...order, amount: spelling }, key), {
            paymentApiKey: key,
          });
          expect(verdict).toMatchObject({ ok: false, reason: 'KASHIER_ORDER_HASH_AMOUNT_FORMAT' });
        }
      }),
    );
  });

  it('verifies every redirect it signs, as a query string too, and refuses any changed value', () => {
    fc.assert(
      fc.property(paramsArb, keyArb, fc.nat(), textArb, (params, key, index, value) => {
        const named = params.filter(([name]) => name !== 'signature' && name !== 'mode');
        fc.pre(named.length > 0);
        const signed = [...named, ['signature', signRedirectParameters(named, key)]] as [string, string][];
        expect(verifyRedirectSignature(signed, key).ok).toBe(true);
        expect(verifyRedirectSignature(new URLSearchParams(signed).toString(), key).ok).toBe(true);
        const at = index % named.length;
        fc.pre(value !== (named[at] as [string, string])[1]);
        const changed = signed.map((entry, i) => (i === at ? [entry[0], value] : entry)) as [
          string,
          string,
        ][];
        expect(verifyRedirectSignature(changed, key).ok).toBe(false);
      }),
    );
  });

  it('verifies every webhook it signs from the raw JSON, and refuses any change to a signed field', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), scalarArb, { minKeys: 1, maxKeys: 8 }),
        keyArb,
        textArb,
        (fields, key, value) => {
          const names = Object.keys(fields).filter(
            (name) => name !== 'signatureKeys' && name !== '__proto__',
          );
          fc.pre(names.length > 0);
          const data = {
            ...Object.fromEntries(names.map((name) => [name, fields[name]])),
            signatureKeys: names,
          };
          const headers = { 'x-kashier-signature': signWebhookData(data, key) };
          const rawBody = JSON.stringify({ event: 'pay', data });
          expect(verifyWebhookSignature({ headers, rawBody }, key).ok).toBe(true);
          const name = names[0] as string;
          fc.pre(String(value) !== String(data[name as keyof typeof data]));
          const changed = JSON.stringify({ event: 'pay', data: { ...data, [name]: value } });
          expect(verifyWebhookSignature({ headers, rawBody: changed }, key).ok).toBe(false);
        },
      ),
    );
  });
});
