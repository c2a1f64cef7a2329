import type { RunningSandbox } from '../runtime/server';
import { RequestTally } from '../runtime/tally';
import { formatRunReport, runReport } from './run-summary';

/** A running sandbox with one provider: what `runReport` reads of it, its tally and its webhooks. */
function sandboxWith(tally: RequestTally, deliveries: unknown[]): RunningSandbox {
  const sandbox = { tally, webhooks: { list: () => deliveries } };
  return {
    providers: [{ name: 'kasko', url: '', port: 0, sandbox }],
    close: async () => {},
  } as unknown as RunningSandbox;
}

describe('the run summary', () => {
  it('lists the webhooks not delivered, with their last outcome, and leaves delivered ones out', () => {
    const tally = new RequestTally();
    tally.record('POST', '/policies', 201, null);
    const delivery = {
      id: 'd1',
      event: 'policy.created',
      url: 'http://127.0.0.1:9/hook',
      body: '',
      headers: {},
    };
    const report = runReport(
      sandboxWith(tally, [
        { ...delivery, state: 'failed', attempts: [{ at: '', durationMs: 1, error: 'ECONNREFUSED' }] },
        { ...delivery, id: 'd2', state: 'pending', attempts: [] },
        { ...delivery, id: 'd3', state: 'delivered', attempts: [{ at: '', durationMs: 1, status: 200 }] },
      ]),
      ['npm', 'test'],
      1,
    );
    expect(report.webhooksNotDelivered.map(({ id, state, lastOutcome }) => [id, state, lastOutcome])).toEqual(
      [
        ['d1', 'failed', 'ECONNREFUSED'],
        ['d2', 'pending', null],
      ],
    );
    expect(formatRunReport(report)).toBe(
      [
        'partner-sandbox run: summary',
        'requests:',
        '  kasko        1  (201 ×1)',
        'refusals: none',
        'webhooks not delivered:',
        '  kasko policy.created -> http://127.0.0.1:9/hook: failed, 1 attempt(s), last: ECONNREFUSED',
        '  kasko policy.created -> http://127.0.0.1:9/hook: pending, not attempted yet',
        '',
      ].join('\n'),
    );
  });
});
