/**
 * A control path with a malformed percent-encoding (`/__sandbox/faults/%zz/release`) is the caller's mistake:
 * 400 `<PROVIDER>_CONTROL_INVALID` in the control surface's JSON shape on every provider, never a 500.
 */
import { PROVIDERS } from '../../../mocks/registry';
import { startTestSandbox, type RunningTestSandbox } from '../../helpers/sandbox';

const MALFORMED = [
  ['POST', '/faults/%zz/release'],
  ['POST', '/faults/%E0%A4%A/release'],
  ['GET', '/requests/%'],
  ['POST', '/webhooks/%zz'],
  ['POST', '/keys/%zz'],
] as const;

describe.each(PROVIDERS.map((provider) => [provider.name, provider] as const))(
  'the %s control surface',
  (name, provider) => {
    let running: RunningTestSandbox<unknown>;
    beforeAll(async () => {
      running = await startTestSandbox(provider);
    });
    afterAll(async () => {
      running.sandbox.webhooks.close();
      await running.server.close();
    });

    it.each(MALFORMED)('answers %s /__sandbox%s with 400 CONTROL_INVALID', async (method, path) => {
      const response = await fetch(`${running.url}/__sandbox${path}`, { method });
      expect({
        status: response.status,
        reason: response.headers.get('x-sandbox-reason'),
        body: (await response.json()) as unknown,
      }).toEqual({
        status: 400,
        reason: `${name.toUpperCase()}_CONTROL_INVALID`,
        body: { error: 'the control path has a malformed percent-encoding' },
      });
      expect((await fetch(`${running.url}/__sandbox/health`)).status).toBe(200);
    });
  },
);
