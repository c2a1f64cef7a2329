import { performance } from 'node:perf_hooks';
import type { ClientAuth, ClientAuthContext } from '../runtime/provider';
import { MissingStateValue } from './generators';
import type { PactContract, PactInteraction, ProviderState } from './pact-file';
import { buildRequest, type BuiltRequest } from './request-build';
import { matchResponse, type Mismatch, type ReceivedResponse } from './response-match';

export interface ReplayOptions {
  readonly contract: PactContract;
  /** Where the requests go: the contract's paths are appended to it (`http://127.0.0.1:4014`). */
  readonly baseUrl: string;
  /** The state endpoint: `POST {"state", "params"}` answers 200 with the values the state created. */
  readonly stateUrl: string;
  readonly clientAuth: ClientAuth;
  readonly authContext: Omit<ClientAuthContext, 'now'>;
  /** Credential headers the contract holds as examples; `clientAuth` sets their real values. */
  readonly credentialHeaders: readonly string[];
  readonly now?: () => Date;
  /**
   * After each interaction, its states are torn down (`"action": "teardown"`), as Pact's verifiers do; default
   * true. False replays as a verifier that never tears down (setup must still be repeatable).
   */
  readonly teardown?: boolean;
  /** Per request, state calls included. */
  readonly timeoutMs?: number;
}

export interface InteractionResult {
  readonly description: string;
  /** Pact V4 `pending`: a failure is reported, and does not fail the run. */
  readonly pending: boolean;
  readonly states: readonly string[];
  readonly method: string;
  readonly path: string;
  /** Empty when the interaction passed. */
  readonly mismatches: readonly Mismatch[];
  readonly seconds: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** A step that could not be done (a state refused, no answer): the interaction fails with this. */
class StepFailure extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Replays every interaction of a contract, in order: its provider states through the state endpoint, then
 * its request (generators run, authenticated by the provider's `clientAuth`), then the answer checked
 * against the interaction. One interaction failing does not stop the others.
 */
export async function replayContract(options: ReplayOptions): Promise<InteractionResult[]> {
  const results: InteractionResult[] = [];
  for (const interaction of options.contract.interactions)
    results.push(await replayOne(interaction, options));
  return results;
}

async function replayOne(interaction: PactInteraction, options: ReplayOptions): Promise<InteractionResult> {
  const started = performance.now();
  const result = (mismatches: Mismatch[], path = interaction.request.path): InteractionResult => ({
    description: interaction.description,
    pending: interaction.pending,
    states: interaction.providerStates.map((state) => state.name),
    method: interaction.request.method.toUpperCase(),
    path,
    mismatches,
    seconds: Math.round(performance.now() - started) / 1000,
  });
  let request: BuiltRequest | undefined;
  const mismatches: Mismatch[] = [];
  try {
    const stateValues: Record<string, unknown> = {};
    for (const state of interaction.providerStates)
      Object.assign(stateValues, await changeState(state, 'setup', options));
    request = buildRequest(interaction.request, stateValues, options.credentialHeaders);
    const received = await send(request, options);
    mismatches.push(...matchResponse(interaction.response, received));
  } catch (error) {
    if (error instanceof StepFailure) mismatches.push({ where: error.where, message: error.message });
    else if (error instanceof MissingStateValue)
      mismatches.push({ where: 'request', message: error.message });
    else throw error;
  }
  if (options.teardown ?? true) {
    for (const state of [...interaction.providerStates].reverse()) {
      try {
        await changeState(state, 'teardown', options);
      } catch (error) {
        if (!(error instanceof StepFailure)) throw error;
        mismatches.push({ where: `${error.where} (teardown)`, message: error.message });
      }
    }
  }
  return result(mismatches, request?.target);
}

/** Pact's state-change call: `{"state", "params", "action"}`; a setup answers the state's values. */
async function changeState(
  state: ProviderState,
  action: 'setup' | 'teardown',
  options: ReplayOptions,
): Promise<Record<string, unknown>> {
  const where = `state "${state.name}"`;
  const response = await call(where, options.stateUrl, options, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ state: state.name, params: state.params, action }),
  });
  const text = (await response.text()).slice(0, 500);
  if (response.status !== 200)
    throw new StepFailure(where, `the state endpoint answered ${response.status} ${text}`.trim());
  try {
    const answer: unknown = text === '' ? {} : JSON.parse(text);
    if (typeof answer === 'object' && answer !== null && !Array.isArray(answer))
      return answer as Record<string, unknown>;
  } catch {
    // Reported below, as any answer that is not a JSON object.
  }
  throw new StepFailure(where, `the state endpoint answered 200 but not a JSON object: ${text}`);
}

async function send(request: BuiltRequest, options: ReplayOptions): Promise<ReceivedResponse> {
  const url = `${options.baseUrl.replace(/\/+$/, '')}${request.target}`;
  const { pathname } = new URL(url);
  let auth: Record<string, string>;
  try {
    auth = await options.clientAuth(
      { method: request.method, url, path: pathname, headers: request.headers, body: request.body },
      { ...options.authContext, now: options.now?.() ?? new Date() },
    );
  } catch (error) {
    throw new StepFailure(
      'auth',
      `the provider's client could not authenticate: ${(error as Error).message}`,
    );
  }
  const headers = { ...request.headers };
  for (const [name, value] of Object.entries(auth)) headers[name.toLowerCase()] = value;
  const response = await call('request', url, options, {
    method: request.method,
    headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

/** One HTTP call, bounded in time; a network failure is the interaction's, reported in one line. */
async function call(
  where: string,
  url: string,
  options: ReplayOptions,
  init: RequestInit,
): Promise<Response> {
  try {
    return await fetch(url, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new StepFailure(
      where,
      `no answer from ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
    );
  }
}
