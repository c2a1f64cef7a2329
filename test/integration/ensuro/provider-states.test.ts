import { EIP191, HMAC, useEnsuroSandbox } from '../../helpers/ensuro';
import { jsonOf, providerState, setClock } from '../../helpers/sandbox';

const NOW = '2030-01-01T00:00:00.000Z';
const NOW_S = Date.parse(NOW) / 1000;

describe('Ensuro provider states', () => {
  const e = useEnsuroSandbox();
  beforeEach(() => setClock(e.url, { now: NOW }));

  it('lists every state', async () => {
    const listed = await jsonOf<{ states: string[] }>(await fetch(`${e.url}/__sandbox/provider-states`));
    expect(listed.states.sort()).toEqual([
      'a policy expiration the risk module accepts',
      'an active policy exists',
    ]);
  });

  it('answers an expiration on the sandbox clock that a new policy accepts', async () => {
    expect(await providerState(e.url, 'a policy expiration the risk module accepts')).toEqual({
      expiration: NOW_S + 30 * 86_400,
    });
    const { expiration } = await providerState(e.url, 'a policy expiration the risk module accepts', {
      days: 7,
    });
    expect(expiration).toBe(NOW_S + 7 * 86_400);
    const response = await e.call('new-policy', { payout: '10', expiration }, { signing: HMAC });
    expect(response.status).toBe(200);
  });

  it('keeps the days in range', async () => {
    for (const [days, expected] of [
      [0, 1],
      [10_000, 365],
      ['many', 30],
    ] as const)
      expect(await providerState(e.url, 'a policy expiration the risk module accepts', { days })).toEqual({
        expiration: NOW_S + expected * 86_400,
      });
  });

  it('creates an active policy and answers the terms a replacement needs', async () => {
    const state = await providerState(e.url, 'an active policy exists');
    expect(state).toEqual({
      ensuro_id: expect.stringMatching(/^[0-9]+$/),
      expiration: NOW_S + 30 * 86_400,
      payout: '190.25',
    });
    const replaced = await e.call(
      'replace-policy',
      { old_ensuro_id: state.ensuro_id, payout: '200', expiration: state.expiration },
      { signing: EIP191 },
    );
    expect(replaced.status).toBe(200);
    const cancelled = await e.call('cancel-policy', { ensuro_id: state.ensuro_id }, { signing: EIP191 });
    expect(cancelled.status).toBe(400);
    expect(cancelled.headers.get('x-sandbox-reason')).toBe('ENSURO_POLICY_NOT_ACTIVE');
  });
});
