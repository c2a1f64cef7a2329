import { Router, type NextFunction, type Request, type Response } from 'express';
import { parseJsonBody, readRawBody } from './body';
import {
  ControlRefusal,
  parseClockChange,
  parseFaultId,
  parseFaultInput,
  parseJournalId,
  parseJournalFilter,
  parseProviderStateCall,
  type JournalFilter,
} from './control-inputs';
import type { JournalEntry } from './journal';
import type { NamespaceContext } from './namespace-context';
import type {
  Credentials,
  HandlerCall,
  HandlerResponse,
  Principal,
  ProviderDefinition,
  ProviderStateContext,
  Settings,
} from './provider';
import { stringsAt } from './redaction';
import type { SandboxPeers } from './inspector/peers';
import { inspectorRoutes } from './inspector/routes';
import { runtimeReasonCode, type RuntimeReason } from './reasons';
import { StateUnavailable } from './state/store';

/**
 * What the control surface needs of a provider's sandbox, and no more: its name and provider states, the spec's
 * operation ids (faults name them), what running a provider state takes, and the namespace each control request
 * addresses, whose clock, journal, faults, webhooks and state it drives and resets.
 */
export interface ControlTarget<State = unknown> {
  readonly provider: Pick<ProviderDefinition<State>, 'name' | 'providerStates' | 'sensitiveBodyFields'>;
  readonly operationIds: ReadonlySet<string>;
  /** The providers running beside this one in the process, for the inspector's combined view. */
  readonly peers?: SandboxPeers;
  /** Who provider states act as. */
  readonly defaultPrincipal: Principal;
  readonly credentials: Credentials;
  readonly settings: Settings;
  /** The namespace of the request (`X-Sandbox-Namespace`, `/__ns/NAME/`; the default one without). */
  namespaceOf(req: Request): NamespaceContext<State>;
  /** A namespace by name (undefined: the default one) if it is held, without creating it. */
  inspect(namespace: string | undefined): NamespaceContext<State> | undefined;
  /** Runs a handler outside HTTP in the request's namespace. */
  handle(req: Request, operationId: string, call: HandlerCall): Promise<HandlerResponse>;
  /**
   * With the state in a shared store: runs a provider state's setup or teardown as one committed run, `work`
   * given that run's state and the operations called in it (again on each attempt).
   */
  withState?<T>(req: Request, work: (run: ProviderStateRun<State>) => Promise<T>): Promise<T>;
  /** With a shared store: resolves once the request's namespace's reset is applied to the store. */
  resetApplied?(req: Request): Promise<void>;
}

/** What a provider state's setup or teardown works on: the state, and the operations it calls on that state. */
export type ProviderStateRun<State> = Pick<ProviderStateContext<State>, 'state' | 'handle'>;

/** Control requests bodies are small JSON documents. */
const CONTROL_BODY_LIMIT = 64 * 1024;

type ControlHandler = (req: Request, res: Response, body: unknown) => void | Promise<void>;

/**
 * The `/__sandbox/` control surface every provider server answers (see SANDBOX-INTERFACE.md): health,
 * reset, the clock, the request journal, plus injected faults and named provider states. Every input goes
 * through `control-inputs.ts` before anything changes; a refusal is JSON `{"error"}` with a reason code.
 */
export function createControlRouter<State>(target: ControlTarget<State>): Router {
  const router = Router();
  const fail = (res: Response, status: number, reason: RuntimeReason, message: string): void => {
    res
      .status(status)
      .set('X-Sandbox-Reason', runtimeReasonCode(target.provider.name, reason))
      .json({ error: message });
  };
  /** Answers a ControlRefusal thrown by an input parser (or a handler) as the refusal it is. */
  const guarded =
    (handler: ControlHandler, readsBody = false) =>
    async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      try {
        let body: unknown;
        if (readsBody) {
          const read = await readRawBody(req, CONTROL_BODY_LIMIT);
          if (!read.ok && 'aborted' in read) return void res.destroy();
          if (!read.ok)
            throw new ControlRefusal('CONTROL_TOO_LARGE', 'control requests are limited to 64 KiB');
          const parsed = parseJsonBody(read.raw);
          if (!parsed.ok) throw new ControlRefusal('CONTROL_INVALID', `malformed JSON: ${parsed.detail}`);
          body = parsed.value;
        }
        await handler(req, res, body);
      } catch (error) {
        if (error instanceof ControlRefusal) return fail(res, error.status, error.reason, error.message);
        if (error instanceof StateUnavailable)
          return fail(res, 503, 'STATE_UNAVAILABLE', 'the sandbox state store is unavailable; retry');
        next(error);
      }
    };
  const clockView = ({ clock }: NamespaceContext<State>) => ({
    now: clock.now().toISOString(),
    frozen: clock.frozen,
  });

  router.get('/health', (_req, res) => {
    res.json({ provider: target.provider.name, status: 'ok' });
  });

  router.post(
    '/reset',
    guarded(async (req, res) => {
      target.namespaceOf(req).reset();
      // Answered once every process sees the reset, as in memory.
      await target.resetApplied?.(req);
      res.status(204).end();
    }),
  );

  router.get(
    '/clock',
    guarded(async (req, res) => {
      const namespace = target.namespaceOf(req);
      // On a shared store, the clock as every process sees it now.
      await namespace.shared?.refresh();
      res.json(clockView(namespace));
    }),
  );

  router.post(
    '/clock',
    guarded(async (req, res, body) => {
      const namespace = target.namespaceOf(req);
      const { clock, shared } = namespace;
      await shared?.refresh();
      const change = parseClockChange(body, clock.now().getTime());
      if (shared) await shared.changeClock(change);
      else if (change.kind === 'freeze') clock.freezeAt(new Date(change.atMs));
      else if (change.kind === 'advance') clock.advance(change.seconds);
      else clock.useRealTime();
      const webhooksInFlight = await (shared?.webhooks ?? namespace.webhooks).settleDue();
      res.json({ ...clockView(namespace), webhooksInFlight });
    }, true),
  );

  router.get(
    '/requests',
    guarded(async (req, res) => {
      const filter = parseJournalFilter(req.query);
      // Filtered after redaction: a filter must not find what the journal would not show (a secret).
      const { journal, shared } = target.namespaceOf(req);
      const entries = shared ? await (await shared.journalRead()).list() : journal.list();
      const shown = entries.filter((entry) => matches(entry, filter));
      res.json({ requests: filter.limit ? shown.slice(-filter.limit) : shown });
    }),
  );

  router.get(
    '/requests/:id',
    guarded(async (req, res) => {
      const id = parseJournalId(String(req.params.id));
      const { journal, shared } = target.namespaceOf(req);
      const entry = shared ? await (await shared.journalRead()).find(id) : journal.find(id);
      if (entry === undefined)
        throw new ControlRefusal(
          'JOURNAL_ENTRY_NOT_FOUND',
          `no journal entry ${id} (reset, or fallen off the journal)`,
        );
      res.json(entry);
    }),
  );

  router.get(
    '/faults',
    guarded(async (req, res) => {
      const { faults, shared } = target.namespaceOf(req);
      res.json({ faults: shared ? await shared.faults.list() : faults.list() });
    }),
  );

  router.post(
    '/faults',
    guarded(async (req, res, body) => {
      const input = parseFaultInput(body, target.operationIds, Object.keys(target.credentials));
      const { faults, shared } = target.namespaceOf(req);
      const added = shared ? await shared.faults.add(input) : faults.full ? undefined : faults.add(input);
      if (added === undefined) {
        throw new ControlRefusal(
          'FAULT_LIMIT_REACHED',
          'at most 100 faults may be active at once; DELETE /__sandbox/faults removes them',
        );
      }
      res.status(201).json(added);
    }, true),
  );

  router.post(
    '/faults/:id/release',
    guarded(async (req, res) => {
      const id = parseFaultId(String(req.params.id));
      const { faults, shared } = target.namespaceOf(req);
      const released = shared ? await shared.faults.release(id) : faults.release(id);
      if (released === undefined) throw new ControlRefusal('FAULT_NOT_FOUND', `no active fault ${id}`);
      res.json({ id, released });
    }),
  );

  router.delete(
    '/faults',
    guarded(async (req, res) => {
      const { faults, shared } = target.namespaceOf(req);
      if (shared) await shared.faults.clear();
      else faults.clear();
      res.status(204).end();
    }),
  );

  router.get('/provider-states', (_req, res) => {
    res.json({ states: Object.keys(target.provider.providerStates ?? {}) });
  });

  router.post(
    '/provider-states',
    guarded(async (req, res, body) => {
      const states = target.provider.providerStates;
      const { name, params, action } = parseProviderStateCall(body, states);
      const state = name === undefined ? undefined : states?.[name];
      if (name === undefined || state === undefined) return void res.status(200).json({});
      const namespace = target.namespaceOf(req);
      const ledger = namespace.providerStates();
      const run = async (stateRun: ProviderStateRun<State>) => {
        const context = {
          ...stateRun,
          principal: target.defaultPrincipal,
          credentials: target.credentials,
          settings: target.settings,
          now: namespace.clock.now(),
        };
        if (action !== 'teardown') return ledger.setup(name, state, params, context);
        await ledger.teardown(name, state, params, context);
        return {};
      };
      let result: Record<string, unknown>;
      try {
        result = await (target.withState
          ? target.withState(req, run)
          : run({
              state: namespace.state(),
              handle: (operationId, call) => target.handle(req, operationId, call),
            }));
      } catch (error) {
        if (error instanceof StateUnavailable) throw error;
        // A provider state refuses parameters it cannot honour; that is the caller's mistake, not a 5xx.
        throw new ControlRefusal('CONTROL_INVALID', `provider state "${name}": ${(error as Error).message}`);
      }
      // Tokens a state issued reach the client through this answer: the journal hides them from now on.
      const issued = stringsAt(result, new Set(target.provider.sensitiveBodyFields ?? []));
      for (const value of issued) namespace.journal.addIssued(value);
      res.status(200).json(result);
    }, true),
  );

  const self = { name: target.provider.name, url: '', inspect: target.inspect };
  router.use(
    inspectorRoutes(
      self,
      () => target.peers,
      (req) => target.namespaceOf(req).name,
    ),
  );

  router.use((_req, res) => {
    fail(res, 404, 'ROUTE_NOT_FOUND', 'unknown control endpoint; see the README');
  });

  // Never Express's HTML error page: a failure here is the sandbox's, reported in JSON like the rest.
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof ControlRefusal) return fail(res, error.status, error.reason, error.message);
    process.stderr.write(`partner-sandbox: control surface: ${(error as Error)?.stack ?? String(error)}\n`);
    fail(res, 500, 'INTERNAL_ERROR', 'internal sandbox error');
  });

  return router;
}

function matches(entry: JournalEntry, filter: JournalFilter): boolean {
  return (
    (filter.since === undefined || entry.id > filter.since) &&
    (filter.status === undefined || entry.status === filter.status) &&
    (filter.reason === undefined || entry.reason === filter.reason) &&
    (filter.operationId === undefined || entry.operationId === filter.operationId) &&
    (filter.method === undefined || entry.method === filter.method) &&
    (filter.pathContains === undefined || entry.path.includes(filter.pathContains))
  );
}
