/**
 * Provider side of the Kashier contract: replays `contracts/partner-sandbox-example-integrator-kashier.json`
 * against the Kashier mock in-process. States go through the sandbox's own `POST /__sandbox/provider-states`;
 * no request needs signing (Kashier's keys are sent as they are, and the contract holds the test keys).
 */
import { runInThisContext } from 'node:vm';
import { resolve } from 'node:path';
import { Verifier } from '@pact-foundation/pact';
import { kashierProvider } from '../../mocks/kashier/provider';
import { startTestSandbox, type RunningTestSandbox } from '../helpers/sandbox';
import type { KashierState } from '../../mocks/kashier/state';
import type { JournalEntry } from '../../mocks/runtime/journal';

process.env.PACT_DO_NOT_TRACK = 'true';
(runInThisContext('process') as NodeJS.Process).env.PACT_DO_NOT_TRACK = 'true';

const CONTRACT_FILE = resolve(__dirname, '../../contracts/partner-sandbox-example-integrator-kashier.json');

describe('Kashier provider verification (partner-sandbox-example-integrator contract)', () => {
  let running: RunningTestSandbox<KashierState>;
  beforeAll(async () => {
    running = await startTestSandbox(kashierProvider);
  });
  afterAll(async () => {
    await running.server.close();
    expect(running.responseViolations).toEqual([]);
  });

  it('honours every interaction of the committed contract', async () => {
    const answered: JournalEntry[] = [];
    const viaControlEndpoint = (state: string) => async (params?: unknown) => {
      const response = await fetch(`${running.url}/__sandbox/provider-states`, {
        method: 'POST',
        body: JSON.stringify({ state, params: params ?? {} }),
      });
      if (!response.ok)
        throw new Error(`provider state "${state}": ${response.status} ${await response.text()}`);
      return (await response.json()) as Record<string, unknown>;
    };
    await expect(
      new Verifier({
        provider: 'kashier',
        providerBaseUrl: running.url,
        pactUrls: [CONTRACT_FILE],
        logLevel: 'warn',
        stateHandlers: {
          '': async () => undefined,
          'a paid order exists': viaControlEndpoint('a paid order exists'),
        },
        beforeEach: async () => running.sandbox.reset(),
        afterEach: async () => void answered.push(...running.sandbox.journal.list()),
      }).verifyProvider(),
    ).resolves.toEqual(expect.any(String));
    expect(
      answered.map((entry) => `${entry.operationId} ${entry.status} ${entry.reason ?? '-'}`).sort(),
    ).toEqual([
      'createPaymentSession 201 -',
      'getOrder 200 -',
      'refundOrder 200 -',
      'refundOrder 403 KASHIER_PERMISSION_DENIED',
    ]);
  });
});
