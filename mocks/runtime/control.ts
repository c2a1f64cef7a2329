import { Router, type NextFunction, type Request, type Response } from 'express';
import type { ProviderApp } from './app';
import type { JournalEntry } from './journal';
import { parseJsonBody, readRawBody } from './body';
import { parseFaultInput } from './faults';
import type { RuntimeReason } from './reasons';

/**
 * The `/__sandbox/` control surface every provider server answers (see SANDBOX-INTERFACE.md): health,
 * reset, the clock, the request journal, plus injected faults and named provider states.
 */
export function createControlRouter<State>(
  sandbox: ProviderApp<State>,
  reasonCode: (reason: RuntimeReason) => string,
): Router {
  const router = Router();
  const fail = (res: Response, status: number, reason: RuntimeReason, message: string): void => {
    res.status(status).set('X-Sandbox-Reason', reasonCode(reason)).json({ error: message });
  };
  const withJsonBody =
    (next: (req: Request, res: Response, body: unknown) => void | Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      const read = await readRawBody(req, 64 * 1024);
      if (!read.ok && 'aborted' in read) return void res.destroy();
      if (!read.ok) return fail(res, 413, 'CONTROL_INVALID', 'control requests are limited to 64 KiB');
      const parsed = parseJsonBody(read.raw);
      if (!parsed.ok) return fail(res, 400, 'CONTROL_INVALID', `malformed JSON: ${parsed.detail}`);
      await next(req, res, parsed.value);
    };

  router.get('/health', (_req, res) => {
    res.json({ provider: sandbox.provider.name, status: 'ok' });
  });

  router.post('/reset', (_req, res) => {
    sandbox.reset();
    res.status(204).end();
  });

  router.get('/clock', (_req, res) => {
    res.json({ now: sandbox.clock.now().toISOString(), frozen: sandbox.clock.frozen });
  });

  router.post(
    '/clock',
    withJsonBody(async (_req, res, body) => {
      const change = body as { now?: unknown; advanceSeconds?: unknown; real?: unknown } | null;
      const keys = change && typeof change === 'object' ? Object.keys(change) : [];
      if (keys.length !== 1) {
        return fail(
          res,
          400,
          'CONTROL_INVALID',
          'send exactly one of {"now": ISO 8601}, {"advanceSeconds": N}, {"real": true}',
        );
      }
      if (change?.now !== undefined) {
        const instant = typeof change.now === 'string' ? new Date(change.now) : new Date(Number.NaN);
        if (Number.isNaN(instant.getTime()))
          return fail(res, 400, 'CONTROL_INVALID', '"now" must be an ISO 8601 date-time');
        sandbox.clock.freezeAt(instant);
      } else if (change?.advanceSeconds !== undefined) {
        if (typeof change.advanceSeconds !== 'number' || !Number.isFinite(change.advanceSeconds)) {
          return fail(res, 400, 'CONTROL_INVALID', '"advanceSeconds" must be a finite number');
        }
        sandbox.clock.advance(change.advanceSeconds);
      } else if (change?.real === true) {
        sandbox.clock.useRealTime();
      } else {
        return fail(
          res,
          400,
          'CONTROL_INVALID',
          'send exactly one of {"now": ISO 8601}, {"advanceSeconds": N}, {"real": true}',
        );
      }
      // The move started the webhook attempts it made due: answer once they are done.
      await sandbox.webhooks.settle();
      res.json({ now: sandbox.clock.now().toISOString(), frozen: sandbox.clock.frozen });
    }),
  );

  router.get('/requests', (req, res) => {
    const query = req.query as Record<string, string | undefined>;
    const number = (name: string) => (query[name] === undefined ? undefined : Number(query[name]));
    const [since, status, limit] = [number('since'), number('status'), number('limit')];
    for (const [name, value] of Object.entries({ since, status, limit })) {
      if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
        return fail(res, 400, 'CONTROL_INVALID', `${name} must be a non-negative integer`);
      }
    }
    // Filters for a test or a person looking for one request among many (the newest last, as always).
    const shown = sandbox.journal
      .list()
      .filter(
        (entry) =>
          (since === undefined || entry.id > since) &&
          (status === undefined || entry.status === status) &&
          (query.reason === undefined || entry.reason === query.reason) &&
          (query.operationId === undefined || entry.operationId === query.operationId) &&
          (query.method === undefined || entry.method === query.method.toUpperCase()) &&
          (query.pathContains === undefined || entry.path.includes(query.pathContains)),
      );
    res.json({ requests: (limit ? shown.slice(-limit) : shown).map(serializableEntry) });
  });

  router.get('/faults', (_req, res) => {
    res.json({ faults: sandbox.faults.list() });
  });

  router.post(
    '/faults',
    withJsonBody((_req, res, body) => {
      const input = parseFaultInput(body);
      if (typeof input === 'string') return fail(res, 400, 'CONTROL_INVALID', input);
      res.status(201).json(sandbox.faults.add(input));
    }),
  );

  router.delete('/faults', (_req, res) => {
    sandbox.faults.clear();
    res.status(204).end();
  });

  router.get('/provider-states', (_req, res) => {
    res.json({ states: Object.keys(sandbox.provider.providerStates ?? {}) });
  });

  router.post(
    '/provider-states',
    withJsonBody(async (_req, res, body) => {
      const request = body as { state?: unknown; params?: unknown } | null;
      const name = request?.state;
      const params = request?.params ?? {};
      if (
        typeof name !== 'string' ||
        typeof params !== 'object' ||
        params === null ||
        Array.isArray(params)
      ) {
        return fail(res, 400, 'CONTROL_INVALID', 'expected {"state": "<name>", "params": {...}}');
      }
      const setUp = sandbox.provider.providerStates?.[name];
      if (!setUp) return fail(res, 400, 'PROVIDER_STATE_UNKNOWN', `unknown provider state "${name}"`);
      let result: Record<string, unknown> | undefined;
      try {
        result = await setUp(params as Record<string, unknown>, {
          state: sandbox.state(),
          principal: sandbox.defaultPrincipal,
          credentials: sandbox.credentials,
          settings: sandbox.settings,
          now: sandbox.clock.now(),
          handle: sandbox.handle,
        });
      } catch (error) {
        // A provider state refuses parameters it cannot honour; that is the caller's mistake, not a 5xx.
        return fail(res, 400, 'CONTROL_INVALID', `provider state "${name}": ${(error as Error).message}`);
      }
      res.status(200).json(result ?? {});
    }),
  );

  router.use((_req, res) => {
    fail(res, 404, 'ROUTE_NOT_FOUND', 'unknown control endpoint; see the README');
  });

  // Never Express's HTML error page: a failure here is the sandbox's, reported in JSON like the rest.
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    process.stderr.write(`partner-sandbox: control surface: ${(error as Error)?.stack ?? String(error)}\n`);
    fail(res, 500, 'INTERNAL_ERROR', 'internal sandbox error');
  });

  return router;
}

/**
 * A journal entry as JSON can carry it: a body nested too deeply for JSON.stringify (a 10 000-level array
 * parses, but does not serialize) is replaced by a note instead of failing the whole listing with a 500.
 */
function serializableEntry(entry: JournalEntry): JournalEntry {
  try {
    JSON.stringify(entry);
    return entry;
  } catch {
    return { ...entry, body: '[not shown: the body is nested too deeply to serialize]' };
  }
}
