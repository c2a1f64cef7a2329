/**
 * What every provider's HTTP tests need, whatever the provider: an in-process sandbox on an ephemeral port
 * with every answer checked against the spec, refusal expectations, and the control surface (clock, faults,
 * journal, provider states, key revocation, webhooks). A provider's own helper adds only its signing and its
 * request bodies (see `xcover.ts`).
 */
import { createProviderApp, type ProviderApp, type ResponseViolation } from '../../mocks/runtime/app';
import {
  defaultSettingsOf,
  type Credentials,
  type ProviderDefinition,
  type Settings,
} from '../../mocks/runtime/provider';
import type { StateStore } from '../../mocks/runtime/state/store';
import { serve, type TestServer } from './http-server';
import { testStateStore } from './test-state-store';

export { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';
export { holdRequests, releaseFault, waitUntilHeld } from './faults';

export interface RunningTestSandbox<State> {
  readonly sandbox: ProviderApp<State>;
  readonly server: TestServer;
  readonly url: string;
  /** Answers of the mock that broke the spec's response schemas (the suites expect none). */
  readonly responseViolations: ResponseViolation[];
}

export interface TestSandboxOptions {
  readonly credentials?: Partial<Credentials>;
  readonly settings?: Partial<Settings>;
  /** The store of the provider state; by default the one the jest project asks for (`testStateStore`). */
  readonly stateStore?: StateStore;
}

/** Starts a provider's mock in-process with its defaults, changed where the options say. */
export async function startTestSandbox<State>(
  provider: ProviderDefinition<State>,
  options: TestSandboxOptions = {},
): Promise<RunningTestSandbox<State>> {
  const responseViolations: ResponseViolation[] = [];
  const sandbox = createProviderApp(provider, {
    credentials: { ...provider.defaultCredentials, ...options.credentials } as Credentials,
    settings: { ...defaultSettingsOf(provider), ...options.settings } as Settings,
    onResponseViolation: (violation) => responseViolations.push(violation),
    stateStore: options.stateStore ?? (await testStateStore()),
  });
  const server = await serve(sandbox.app);
  return { sandbox, server, url: server.url, responseViolations };
}

/**
 * Gives the surrounding `describe` block its own sandbox: started once, reset before each test, closed at
 * the end; after each test, no answer may have broken the spec (the spec is the contract both ways).
 */
export function useTestSandbox<State>(
  provider: ProviderDefinition<State>,
  options: TestSandboxOptions = {},
): () => RunningTestSandbox<State> {
  let current: RunningTestSandbox<State> | undefined;
  beforeAll(async () => {
    current = await startTestSandbox(provider, options);
  });
  afterAll(async () => {
    current?.sandbox.close();
    await current?.server.close();
  });
  beforeEach(() => current?.sandbox.reset());
  afterEach(() => {
    const violations = current?.responseViolations.splice(0) ?? [];
    expect(violations).toEqual([]);
  });
  return () => {
    if (!current) throw new Error(`the ${provider.name} sandbox is only available inside tests and hooks`);
    return current;
  };
}

/** Asserts status and reason code, and returns the error body (parsed when it is JSON). */
export async function expectRejected<Body = unknown>(
  response: Response,
  status: number,
  reason: string,
): Promise<Body> {
  const text = await response.text();
  expect({ status: response.status, reason: response.headers.get('x-sandbox-reason'), text }).toMatchObject({
    status,
    reason,
  });
  try {
    return JSON.parse(text) as Body;
  } catch {
    return text as Body;
  }
}

/**
 * Asserts the status and that no reason code came with it (the body shown when either differs), and returns
 * the JSON body (undefined for an empty one).
 */
export async function expectAnswered<T>(response: Promise<Response> | Response, status = 200): Promise<T> {
  const answered = await response;
  const text = await answered.text();
  expect({ status: answered.status, reason: answered.headers.get('x-sandbox-reason'), text }).toMatchObject({
    status,
    reason: null,
  });
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** A JSON body, or undefined for an empty one. */
export async function jsonOf<T = Record<string, unknown>>(response: Response): Promise<T> {
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

async function control(baseUrl: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${baseUrl}/__sandbox${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function controlOk<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await control(baseUrl, method, path, body);
  const text = await response.text();
  if (response.status >= 300)
    throw new Error(`${method} /__sandbox${path} answered ${response.status}: ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** Control surface: freeze the sandbox clock at `now`, move it, or go back to real time. */
export function setClock(
  baseUrl: string,
  change: { now: string } | { advanceSeconds: number } | { real: true },
): Promise<{ now: string; frozen: boolean }> {
  return controlOk(baseUrl, 'POST', '/clock', change);
}

export function addFault(baseUrl: string, fault: Record<string, unknown>): Promise<{ id: number }> {
  return controlOk(baseUrl, 'POST', '/faults', fault);
}

export interface JournalEntryView {
  id: number;
  method: string;
  path: string;
  status: number;
  reason: string | null;
  operationId: string | null;
  headers: Record<string, string>;
  checked: Record<string, unknown>;
  body: unknown;
  response: { status: number; headers: Record<string, string>; body: unknown };
  nearMisses?: string[];
}

export async function journal(baseUrl: string, query = ''): Promise<JournalEntryView[]> {
  return (await controlOk<{ requests: JournalEntryView[] }>(baseUrl, 'GET', `/requests${query}`)).requests;
}

/** Sets up a named provider state (Pact's `given`); returns the ids it created. */
export function providerState(
  baseUrl: string,
  state: string,
  params: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  return controlOk(baseUrl, 'POST', '/provider-states', { state, params });
}

export async function revokeKey(baseUrl: string, key: string): Promise<void> {
  await controlOk(baseUrl, 'POST', '/keys/revoke', { key });
}

export interface DeliveryView {
  id: string;
  url: string;
  event: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: { at: string; status?: number; error?: string }[];
  nextAttemptAt: string | null;
  body: string;
  headers: Record<string, string>;
}

export async function webhookDeliveries(baseUrl: string): Promise<DeliveryView[]> {
  return (await controlOk<{ deliveries: DeliveryView[] }>(baseUrl, 'GET', '/webhooks')).deliveries;
}

export async function flushWebhooks(baseUrl: string): Promise<DeliveryView[]> {
  return (await controlOk<{ deliveries: DeliveryView[] }>(baseUrl, 'POST', '/webhooks/flush')).deliveries;
}
