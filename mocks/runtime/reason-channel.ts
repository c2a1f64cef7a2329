import { channel } from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';
import type { ReasonCatalogue } from './reasons';

/** What the `partner-sandbox:reason` diagnostics channel carries for every answer with a reason code. */
export interface AnsweredReason {
  readonly provider: string;
  readonly reason: string;
  readonly status: number;
  /** Whether the code is in the provider's catalogue (an uncatalogued code is a sandbox bug). */
  readonly catalogued: boolean;
}

/**
 * Every `X-Sandbox-Reason` actually answered is published on a diagnostics channel, so the test suite can
 * check the codes it provoked against the catalogue (both ways) without the runtime knowing about tests.
 * With no subscriber, this costs one check per request.
 */
export const answeredReasons = channel('partner-sandbox:reason');

/** Publishes the reason of the response once it is sent, whoever wrote it (pipeline, control surface). */
export function publishAnsweredReason(
  res: ServerResponse,
  provider: string,
  catalogue: ReasonCatalogue,
): void {
  if (!answeredReasons.hasSubscribers) return;
  res.once('finish', () => {
    const reason = res.getHeader('x-sandbox-reason');
    if (typeof reason === 'string') publishReason(provider, reason, res.statusCode, catalogue);
  });
}

/** Publishes one answered reason (for answers written outside Express, straight to the socket). */
export function publishReason(
  provider: string,
  reason: string,
  status: number,
  catalogue: ReasonCatalogue,
): void {
  if (!answeredReasons.hasSubscribers) return;
  const answered: AnsweredReason = { provider, reason, status, catalogued: Object.hasOwn(catalogue, reason) };
  answeredReasons.publish(answered);
}
