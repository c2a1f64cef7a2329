/**
 * What `run` tells CI once the command has ended: requests per provider and status, refusals by reason code
 * with one example each, webhooks not delivered. It lists; it does not judge (the exit code stays the
 * command's). The same facts go to stderr as text and, with `--report FILE`, to a JSON file.
 */
import type { RunningSandbox } from '../runtime/server';
import type { ReasonCount } from '../runtime/tally';

export interface RunReport {
  readonly command: readonly string[];
  readonly exitCode: number;
  /** Per provider started: answers given, and how many per status. */
  readonly providers: Readonly<
    Record<string, { readonly requests: number; readonly byStatus: Readonly<Record<string, number>> }>
  >;
  /** Answers that carried a reason code, most frequent first, each with the first request it refused. */
  readonly refusals: readonly (ReasonCount & { readonly provider: string })[];
  /** Outbound notifications still pending or given up on when the command ended. */
  readonly webhooksNotDelivered: readonly WebhookNotDelivered[];
}

export interface WebhookNotDelivered {
  readonly provider: string;
  readonly id: string;
  readonly event: string;
  readonly url: string;
  readonly state: 'pending' | 'failed';
  readonly attempts: number;
  /** The last attempt's status or error; null before the first attempt. */
  readonly lastOutcome: string | null;
}

export function runReport(running: RunningSandbox, command: readonly string[], exitCode: number): RunReport {
  const providers: Record<string, RunReport['providers'][string]> = {};
  const refusals: (ReasonCount & { provider: string })[] = [];
  const webhooksNotDelivered: WebhookNotDelivered[] = [];
  for (const { name, sandbox } of running.providers) {
    const { requests, byStatus, reasons } = sandbox.tally.view();
    providers[name] = { requests, byStatus };
    refusals.push(...reasons.map((reason) => ({ provider: name, ...reason })));
    // The deliveries of the namespace the command worked in.
    const outbox =
      running.namespace === undefined ? sandbox.webhooks : sandbox.inspect(running.namespace)?.webhooks;
    for (const delivery of outbox?.list() ?? []) {
      if (delivery.state === 'delivered') continue;
      const last = delivery.attempts.at(-1);
      webhooksNotDelivered.push({
        provider: name,
        id: delivery.id,
        event: delivery.event,
        url: delivery.url,
        state: delivery.state,
        attempts: delivery.attempts.length,
        lastOutcome: last === undefined ? null : 'status' in last ? String(last.status) : last.error,
      });
    }
  }
  refusals.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return { command, exitCode, providers, refusals, webhooksNotDelivered };
}

/** The report as the lines `run` prints on stderr. */
export function formatRunReport(report: RunReport): string {
  const lines = ['partner-sandbox run: summary', 'requests:'];
  for (const [name, { requests, byStatus }] of Object.entries(report.providers)) {
    const statuses = Object.entries(byStatus).map(([status, count]) => `${status} ×${count}`);
    lines.push(
      `  ${name.padEnd(8)} ${String(requests).padStart(5)}${statuses.length ? `  (${statuses.join(', ')})` : ''}`,
    );
  }
  lines.push(report.refusals.length === 0 ? 'refusals: none' : 'refusals by reason code:');
  const width = Math.max(0, ...report.refusals.map(({ reason }) => reason.length));
  for (const { reason, status, count, example } of report.refusals) {
    lines.push(`  ${reason.padEnd(width)}  ${status}  ×${count}  e.g. ${example.method} ${example.path}`);
  }
  lines.push(
    report.webhooksNotDelivered.length === 0 ? 'webhooks not delivered: none' : 'webhooks not delivered:',
  );
  for (const { provider, event, url, state, attempts, lastOutcome } of report.webhooksNotDelivered) {
    const outcome =
      lastOutcome === null ? 'not attempted yet' : `${attempts} attempt(s), last: ${lastOutcome}`;
    lines.push(`  ${provider} ${event} -> ${url}: ${state}, ${outcome}`);
  }
  return `${lines.join('\n')}\n`;
}
