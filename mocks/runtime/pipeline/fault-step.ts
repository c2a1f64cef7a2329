import type { ConnectionFault, FaultSource } from '../faults';
import type { Preferences } from '../prefer';
import type { HandlerResponse, ProviderDefinition } from '../provider';
import { matchedOf, type Exchange } from './exchange';

/** A fault in force for one request: from a rule that fired, or from the request's `Prefer: fault=`. */
export interface FaultPlan {
  /** The rule that fired, or `"prefer"` for the request's own `Prefer: fault=`. */
  readonly rule: number | 'prefer';
  readonly status?: number;
  readonly body?: unknown;
  readonly retryAfterSeconds?: number;
  readonly connection?: ConnectionFault;
  readonly trickleMs?: number;
  readonly afterCommit: boolean;
  /** Whether the fault answers (a status, a broken connection) rather than only delaying the answer. */
  readonly answers: boolean;
}

/**
 * Injected faults: the first rule that fires for the request (matched on its operation, path, headers and
 * the credential it authenticated with), merged with its `Prefer: fault=`; the request then waits as the rule
 * says. Recorded under `checked.fault` for the journal and the inspector, with the rule's id.
 */
export async function injectFault(
  exchange: Exchange,
  faults: FaultSource,
  preferences: Preferences,
): Promise<FaultPlan | undefined> {
  const { operation, relativePath } = matchedOf(exchange);
  const taken = faults.take({
    method: exchange.method,
    path: exchange.path,
    relativePath,
    operationId: operation.operationId,
    headers: exchange.req.headers,
    keys: exchange.principal?.keys ?? [],
  });
  // In memory the rule is taken synchronously; only a shared store's rules are awaited.
  const firing = taken instanceof Promise ? await taken : taken;
  if (!firing && preferences.fault === undefined) return undefined;
  const rule = firing?.rule;
  const connection = preferences.fault ?? rule?.connection;
  const plan: FaultPlan = {
    rule: rule?.id ?? 'prefer',
    ...(rule?.status === undefined ? {} : { status: rule.status }),
    ...(rule?.body === undefined ? {} : { body: rule.body }),
    ...(rule?.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: rule.retryAfterSeconds }),
    ...(connection === undefined ? {} : { connection }),
    ...(rule?.trickleMs === undefined ? {} : { trickleMs: rule.trickleMs }),
    afterCommit: rule?.afterCommit ?? false,
    answers: rule?.status !== undefined || connection !== undefined,
  };
  const { body: _body, answers: _answers, ...shown } = plan;
  exchange.trace.checked.fault = {
    ...shown,
    waitMs: firing?.waitMs ?? 0,
    ...(rule?.hold ? { held: true } : {}),
  };
  if (firing) await faults.wait(firing);
  return plan;
}

/**
 * An injected status's answer: the body the rule brings, else what the provider (or the gateway in front of
 * it) sends with that status. A 429 carries `Retry-After` (1 s unless the rule says), as rate limiters do.
 */
export function faultStatusResponse(
  plan: FaultPlan & { readonly status: number },
  reason: string,
  provider: Pick<ProviderDefinition, 'faultBody' | 'errorBody'>,
): HandlerResponse {
  const { status } = plan;
  const details = { status, reason, message: 'Injected fault.' };
  const body = plan.body !== undefined ? plan.body : (provider.faultBody ?? provider.errorBody)(details);
  const retryAfter = plan.retryAfterSeconds ?? (status === 429 ? 1 : undefined);
  return {
    status,
    body,
    headers: {
      'X-Sandbox-Reason': reason,
      ...(retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) }),
    },
  };
}
