import { ensuroIdOf } from '../../../src/ensuro/ensuro-id';
import { verifyEnsuroNotification } from '../../../src/ensuro/notification';
import {
  verifyQuoteSignature,
  type EnsuroInstanceInfo,
  type QuoteAnswer,
} from '../../../src/ensuro/quote-signature';
import { BASE, EIP191, HMAC, HMAC_SECRET, policyBody, useEnsuroSandbox } from '../../helpers/ensuro';
import { ensuroProvider } from '../../../mocks/ensuro/provider';
import type { EnsuroState } from '../../../mocks/ensuro/state';
import { bodySignatureHeaders } from '../../../src/ensuro/body-signer';
import {
  expectRejected,
  startTestSandbox,
  type RunningTestSandbox,
  flushWebhooks,
  setClock,
  startWebhookReceiver,
  webhookDeliveries,
  type WebhookReceiver,
} from '../../helpers/sandbox';

const NOW = '2030-01-01T00:00:00.000Z';
const NOW_MS = Date.parse(NOW);

async function instance(url: string): Promise<EnsuroInstanceInfo> {
  return (await fetch(`${url}${BASE}`, { method: 'OPTIONS' })).json() as Promise<EnsuroInstanceInfo>;
}

describe('Ensuro quotes', () => {
  const e = useEnsuroSandbox();
  beforeEach(() => setClock(e.url, { now: NOW }));

  it('signs quotes with the pricer over the packed layout, on /quote and the legacy path', async () => {
    const info = await instance(e.url);
    for (const [operation, body] of [
      ['quote', policyBody(NOW_MS)],
      ['', { payout: 190.25, expiration: new Date(NOW_MS + 86_400_000).toISOString() }],
    ] as const) {
      const response = await e.call(operation, body, { signing: 'none' });
      expect(response.status).toBe(200);
      const quote = (await response.json()) as QuoteAnswer & { valid_until: number };
      expect(verifyQuoteSignature(quote, body, info)).toMatchObject({ ok: true });
      expect(quote.valid_until).toBe(NOW_MS / 1000 + 3600);
    }
  });

  it('leaves the signature out with ?unsigned and draws a new data_hash each time', async () => {
    const unsigned = await fetch(`${e.url}${BASE}/quote?unsigned`, {
      method: 'POST',
      headers: { 'x-api-key': 'ensuro_test_api_key', 'content-type': 'application/json' },
      body: JSON.stringify(policyBody(NOW_MS)),
    });
    const quote = (await unsigned.json()) as Record<string, unknown>;
    expect(quote).not.toHaveProperty('signature');
    const again = (await (await e.call('quote', policyBody(NOW_MS), { signing: 'none' })).json()) as Record<
      string,
      unknown
    >;
    expect(again.data_hash).not.toBe(quote.data_hash);
  });

  it.each([
    ['a zero payout', { ...policyBody(NOW_MS), payout: '0' }, 'ENSURO_AMOUNT_INVALID'],
    ['seven decimals', { ...policyBody(NOW_MS), payout: '1.0000001' }, 'ENSURO_AMOUNT_INVALID'],
    ['a past expiration', policyBody(NOW_MS, -1), 'ENSURO_EXPIRATION_INVALID'],
    ['an unknown field', { ...policyBody(NOW_MS), extra: 1 }, 'ENSURO_BODY_INVALID'],
    ['a payout object', { ...policyBody(NOW_MS), payout: {} }, 'ENSURO_BODY_INVALID'],
  ])('refuses %s with 400', async (_label, body, reason) => {
    await expectRejected(await e.call('quote', body, { signing: 'none' }), 400, reason);
  });

  it('refuses malformed JSON without a 5xx', async () => {
    await expectRejected(
      await e.call('new-policy', undefined, { raw: '{"payout":' }),
      400,
      'ENSURO_MALFORMED_JSON',
    );
    expect(await e.sandbox.sandbox.readState((state) => state.policies.size)).toBe(0);
  });
});

describe('Ensuro bucket quotes', () => {
  const e = useEnsuroSandbox({ bucketId: 'Bucket1' });

  it('signs the bucket layout', async () => {
    const body = policyBody(Date.now());
    const quote = (await (await e.call('quote', body, { signing: 'none' })).json()) as QuoteAnswer;
    expect(quote.bucket_id).toBe('Bucket1');
    expect(verifyQuoteSignature(quote, body, await instance(e.url))).toMatchObject({ ok: true });
    expect(
      verifyQuoteSignature({ ...quote, bucket_id: 'Bucket2' }, body, await instance(e.url)),
    ).toMatchObject({ ok: false, problem: 'hash-mismatch' });
  });
});

describe('Ensuro policies and notifications', () => {
  const e = useEnsuroSandbox();
  beforeEach(() => setClock(e.url, { now: NOW }));
  const settings = () => e.sandbox.sandbox;

  async function create(days = 30, payout = '190.25') {
    const response = await e.call('new-policy', policyBody(NOW_MS, days, payout));
    expect(response.status).toBe(200);
    return (await response.json()) as QuoteAnswer & {
      ensuro_id: string;
      data_hash: string;
      signature: { r: string };
    };
  }

  it('creates a policy whose ensuro_id derives from the risk module and data_hash, resolves it once', async () => {
    const created = await create();
    const info = await instance(e.url);
    expect(created.ensuro_id).toBe(ensuroIdOf(info.risk_module, created.data_hash));
    expect(created.signature.r).toMatch(/^0x[0-9a-f]{64}$/);
    const resolved = await e.call(
      'resolve-policy',
      { ensuro_id: created.ensuro_id, payout: '105.25' },
      { signing: HMAC },
    );
    expect(await resolved.json()).toEqual({ status: 'QUEUED' });
    expect(await settings().readState((state) => state.policies.get(created.ensuro_id))).toMatchObject({
      status: 'customer_won',
      actualPayout: '105250000',
    });
    await expectRejected(
      await e.call('resolve-policy', { ensuro_id: created.ensuro_id, payout: 0 }),
      400,
      'ENSURO_POLICY_NOT_ACTIVE',
    );
    await expectRejected(
      await e.call('cancel-policy', { ensuro_id: created.ensuro_id }),
      400,
      'ENSURO_POLICY_NOT_ACTIVE',
    );
  });

  it('refuses unknown policies and payouts above the policy’s', async () => {
    await expectRejected(
      await e.call('resolve-policy', { ensuro_id: '1', payout: '1' }),
      400,
      'ENSURO_POLICY_NOT_FOUND',
    );
    const created = await create();
    await expectRejected(
      await e.call('resolve-policy', { ensuro_id: created.ensuro_id, payout: '190.26' }),
      400,
      'ENSURO_RESOLUTION_PAYOUT_TOO_HIGH',
    );
    await expectRejected(
      await e.call('resolve-policy', { ensuro_id: created.ensuro_id, payout: '1.1234567' }),
      400,
      'ENSURO_AMOUNT_INVALID',
    );
    expect(await settings().readState((state) => state.policies.get(created.ensuro_id)?.status)).toBe(
      'active',
    );
  });

  it('replaces a policy with terms not below the old one’s, then only the new one is active', async () => {
    const old = await create(30);
    const below = { ...policyBody(NOW_MS, 29), old_ensuro_id: old.ensuro_id };
    await expectRejected(await e.call('replace-policy', below), 400, 'ENSURO_REPLACEMENT_BELOW_OLD');
    const replaced = await e.call('replace-policy', {
      ...policyBody(NOW_MS, 40, '200'),
      old_ensuro_id: old.ensuro_id,
    });
    const replacement = (await replaced.json()) as { ensuro_id: string };
    const policies = await settings().readState((state) => state.policies);
    expect(policies.get(old.ensuro_id)).toMatchObject({
      status: 'replaced',
      replacedBy: replacement.ensuro_id,
    });
    expect(policies.get(replacement.ensuro_id)).toMatchObject({ status: 'active', replaces: old.ensuro_id });
    await expectRejected(
      await e.call('replace-policy', { ...policyBody(NOW_MS, 50), old_ensuro_id: old.ensuro_id }),
      400,
      'ENSURO_POLICY_NOT_ACTIVE',
    );
  });

  it('cancels a policy with its refunds', async () => {
    const created = await create(30);
    await setClock(e.url, { advanceSeconds: 15 * 86_400 });
    const response = await e.call('cancel-policy', { ensuro_id: created.ensuro_id });
    const body = (await response.json()) as { refunds: Record<string, string>; signature: { hash: string } };
    expect(body.refunds).toEqual({ pure_premium: '19.97625', jr_coc: '0.199762', sr_coc: '0.299643' });
    expect(body.signature.hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await settings().readState((state) => state.policies.get(created.ensuro_id)?.status)).toBe(
      'cancelled',
    );
  });

  it('never refunds more than was charged, after the clock moved back a year (issue 17)', async () => {
    const created = await create(30);
    await setClock(e.url, { advanceSeconds: -365 * 86_400 });
    const response = await e.call('cancel-policy', { ensuro_id: created.ensuro_id });
    expect(response.status).toBe(200);
    const { refunds } = (await response.json()) as { refunds: Record<string, string> };
    const charged = (created as unknown as { premium_details: Record<string, string> }).premium_details;
    // Everything but the commission comes back, as for a cancellation at the start; never more.
    expect(refunds).toEqual({ pure_premium: charged.pure, jr_coc: charged.jr_coc, sr_coc: charged.sr_coc });
    const refunded = Object.values(refunds).reduce((sum, value) => sum + Number(value), 0);
    expect(refunded).toBeLessThanOrEqual(Number(created.premium));
  });
});

describe('Ensuro notifications', () => {
  let receiver: WebhookReceiver;
  let running: RunningTestSandbox<EnsuroState>;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    running = await startTestSandbox(ensuroProvider, { settings: { webhookUrl: `${receiver.url}/ensuro` } });
  });
  afterAll(async () => {
    running.sandbox.webhooks.close();
    await running.server.close();
    await receiver.close();
  });
  beforeEach(async () => {
    running.sandbox.reset();
    await setClock(running.url, { now: NOW });
  });
  const call = (operation: string, body: unknown) =>
    fetch(`${running.url}${BASE}/${operation}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': 'ensuro_test_api_key',
        ...bodySignatureHeaders(JSON.stringify(body), EIP191),
      },
      body: JSON.stringify(body),
    });

  it('POSTs signed creation, resolution, replacement and cancellation notifications', async () => {
    const before = receiver.received.length;
    const created = (await (await call('new-policy', policyBody(NOW_MS))).json()) as { ensuro_id: string };
    const replaced = (await (
      await call('replace-policy', { ...policyBody(NOW_MS, 40), old_ensuro_id: created.ensuro_id })
    ).json()) as { ensuro_id: string };
    const second = (await (await call('new-policy', policyBody(NOW_MS))).json()) as { ensuro_id: string };
    await call('resolve-policy', { ensuro_id: replaced.ensuro_id, payout: '0' });
    await call('cancel-policy', { ensuro_id: second.ensuro_id });
    const received = (await receiver.waitFor(before + 5)).slice(before);
    const types = received.map((hook) => (JSON.parse(hook.rawBody.toString()) as { type: string }).type);
    expect(types.sort()).toEqual([
      'policy/cancellation',
      'policy/creation',
      'policy/creation',
      'policy/replacement',
      'policy/resolution',
    ]);
    for (const hook of received) {
      expect(
        verifyEnsuroNotification({ headers: hook.headers, rawBody: hook.rawBody }, HMAC_SECRET),
      ).toMatchObject({ ok: true });
    }
    expect(running.responseViolations).toEqual([]);
  });

  it('notifies failures on chain: too long a policy, an expired one resolved, replaced or cancelled', async () => {
    const before = receiver.received.length;
    const created = (await (await call('new-policy', policyBody(NOW_MS, 1))).json()) as { ensuro_id: string };
    await call('new-policy', policyBody(NOW_MS, 400));
    await receiver.waitFor(before + 2);
    await setClock(running.url, { advanceSeconds: 2 * 86_400 });
    await call('resolve-policy', { ensuro_id: created.ensuro_id, payout: '1' });
    await call('replace-policy', { ...policyBody(NOW_MS, 5), old_ensuro_id: created.ensuro_id });
    await call('cancel-policy', { ensuro_id: created.ensuro_id });
    const received = (await receiver.waitFor(before + 5)).slice(before);
    const failures = received.map(
      (hook) => JSON.parse(hook.rawBody.toString()) as { type: string; error_detail?: string },
    );
    expect(failures.map(({ type }) => type).sort()).toEqual([
      'policy/cancellation/failed',
      'policy/creation',
      'policy/creation/failed',
      'policy/replacement/failed',
      'policy/resolution/failed',
    ]);
    expect(failures.find(({ type }) => type === 'policy/creation/failed')?.error_detail).toBe(
      'execution reverted: Policy exceeds max duration',
    );
    expect(await running.sandbox.readState((state) => state.policies.get(created.ensuro_id)?.status)).toBe(
      'active',
    );
  });

  it('retries a refused notification 30 s later, the delay doubling, on the sandbox clock', async () => {
    receiver.answerNext(500, 500);
    const before = receiver.received.length;
    await call('new-policy', policyBody(NOW_MS));
    await receiver.waitFor(before + 1);
    let [delivery] = await webhookDeliveries(running.url);
    while (delivery?.attempts.length !== 1) [delivery] = await webhookDeliveries(running.url);
    expect(delivery.nextAttemptAt).toBe(new Date(NOW_MS + 30_000).toISOString());
    await setClock(running.url, { advanceSeconds: 30 });
    [delivery] = await webhookDeliveries(running.url);
    expect(delivery?.nextAttemptAt).toBe(new Date(NOW_MS + 90_000).toISOString());
    await setClock(running.url, { advanceSeconds: 60 });
    [delivery] = await webhookDeliveries(running.url);
    expect(delivery).toMatchObject({ state: 'delivered' });
    expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 200]);
    expect(await flushWebhooks(running.url)).toHaveLength(1);
  });
});
