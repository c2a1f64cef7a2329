/**
 * `partner-sandbox sign`: the printed command, sent as printed, is accepted by the sandbox; `--exec` sends it
 * and reports the answer. In process (the CLI's `main`), against real servers on ephemeral ports.
 */
import { main, type CliEnvironment } from '../../../mocks/cli/main';
import { parseCurl } from '../../../mocks/cli/capture/curl';
import { PROVIDERS } from '../../../mocks/registry';
import { startSandbox, type Sandbox } from '../../../mocks/sandbox';
import { freePort } from '../../helpers/free-port';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const env: CliEnvironment = {
    providers: PROVIDERS,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stopSignal: () => new Promise(() => {}),
  };
  const code = await main(args, env);
  return { code, stdout, stderr };
}

/** Sends a printed curl command as curl would (parsed back by the parser `check` uses). */
async function sendPrinted(command: string): Promise<Response> {
  const request = parseCurl(command);
  const headers = request.headers.filter(([name]) => !/^(host|content-length)$/i.test(name));
  return fetch(`${request.origin}${request.target}`, {
    method: request.method,
    headers: headers as [string, string][],
    ...(request.body.length > 0 ? { body: request.body } : {}),
  });
}

const KASKO_QUOTE = {
  item_id: 'ins_97980026870abce8b812668b2d11',
  subscription_plan_id: 'pp_a6c37bc94f56cafaa7fcc02d77111',
  integration_id: 'in_e2b0a5a90e0595939c2b1978e5ccf',
  data: { item_value: 200000 },
};
const url = (name: string) => sandbox.providers[name]!.url;
const policy = () =>
  JSON.stringify({ payout: '190.25', expiration: Math.floor(Date.now() / 1000) + 30 * 86_400, data: {} });

describe('partner-sandbox sign', () => {
  it.each([
    ['xcover', [], () => ['curl', `${url('xcover')}/x/partners/LLODT/bookings/`], 200],
    [
      'ensuro (HMAC)',
      [],
      () => [
        'curl',
        '-X',
        'POST',
        `${url('ensuro')}/api/v0/example/new-policy`,
        '-H',
        'Content-Type: application/json',
        '-d',
        policy(),
      ],
      200,
    ],
    [
      'ensuro (EIP-191)',
      ['--signer', 'eip191'],
      () => [
        'curl',
        `${url('ensuro')}/api/v0/example/new-policy`,
        '-H',
        'Content-Type: application/json',
        '--data-raw',
        policy(),
      ],
      200,
    ],
    [
      'kasko',
      [],
      () => [
        'curl',
        `${url('kasko')}/quotes?key=${sandbox.providers.kasko!.credentials.publicKey}`,
        '-H',
        'Content-Type: application/json',
        '-d',
        JSON.stringify(KASKO_QUOTE),
      ],
      200,
    ],
    [
      'kashier',
      [],
      () => [
        'curl',
        `${url('kashier')}/checkout?merchantId=${sandbox.providers.kashier!.credentials.merchantId}&orderId=ORD-1&amount=600.00&currency=EGP&merchantRedirect=https://merchant.example/back&mode=test`,
      ],
      200,
    ],
  ])('%s: the printed command is accepted as printed', async (label, flags, words, status) => {
    const name = label.split(' ')[0] as string;
    const printed = await cli(['sign', '--provider', name, ...flags, '--', ...words()]);
    expect(printed).toMatchObject({ code: 0, stderr: '' });
    expect(printed.stdout).toMatch(/^curl .*\n$/);
    const answer = await sendPrinted(printed.stdout);
    expect({ status: answer.status, reason: answer.headers.get('x-sandbox-reason') }).toEqual({
      status,
      reason: null,
    });
  });

  it('kigo --session --exec: gets a partner token and sends it; the answer goes to stdout, its status to stderr', async () => {
    const body = JSON.stringify({
      brand_identifier: 'program-001',
      external_user_id: 'user-42',
      user_email: 'ada@example.com',
    });
    const sent = await cli([
      'sign',
      '--provider',
      'kigo',
      '--session',
      '--exec',
      '--',
      'curl',
      `${url('kigo')}/api/v1/auth/sessions/accounts`,
      '-H',
      'Content-Type: application/json',
      '-d',
      body,
    ]);
    expect(sent.code).toBe(0);
    expect(sent.stderr).toBe('HTTP 200 OK\n');
    expect(Object.keys(JSON.parse(sent.stdout) as object)).toEqual(
      expect.arrayContaining(['token', 'account_id']),
    );
  });

  it('--exec reports a refusal with its reason and journal entry, and replaces a stale header the command had', async () => {
    const sent = await cli([
      'sign',
      '--provider',
      'xcover',
      '--exec',
      '--',
      'curl',
      `${url('xcover')}/x/partners/OTHER/bookings/`,
      '-H',
      'Date: Mon, 01 Jan 2001 00:00:00 GMT',
    ]);
    expect(sent.code).toBe(0);
    expect(sent.stderr).toMatch(
      /^HTTP 4\d\d .*\nX-Sandbox-Reason: XCOVER_[A-Z_]+\nX-Sandbox-Journal: http:\/\/127\.0\.0\.1:\d+\/__sandbox\/requests\/\d+\n$/,
    );
    const printed = await cli([
      'sign',
      '--provider',
      'xcover',
      '--',
      'curl',
      `${url('xcover')}/x/partners/LLODT/bookings/`,
      '-H',
      'Date: old',
    ]);
    expect(printed.stdout).not.toContain('Date: old');
    expect(printed.stdout.match(/-H 'Date: /g)).toHaveLength(1);
  });

  it.each([
    [
      ['--provider', 'xcover', '--signer', 'eip191', '--', 'curl', 'http://127.0.0.1:1/'],
      /--signer is for ensuro/,
    ],
    [['--provider', 'xcover', '--session', '--', 'curl', 'http://127.0.0.1:1/'], /--session is for kigo/],
    [['--provider', 'xcover', '--', 'wget', 'http://127.0.0.1:1/'], /sign needs a curl command after --/],
    [['--', 'curl', 'http://127.0.0.1:1/'], /sign needs --provider NAME/],
    [
      ['--provider', 'kashier', '--', 'curl', 'http://127.0.0.1:1/checkout?orderId=1'],
      /needs merchantId= in its query/,
    ],
  ])('refuses %j with exit 2 and one line', async (args, message) => {
    const refused = await cli(['sign', ...args]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.split('\n')[0]).toMatch(message);
  });

  it('--exec without a server says so and exits 1; --help documents every flag', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const sent = await cli(['sign', '--provider', 'kasko', '--exec', '--', 'curl', `${closed}/policies`]);
    expect(sent).toEqual({
      code: 1,
      stdout: '',
      stderr: `partner-sandbox: sign: no answer from ${closed}: ECONNREFUSED\n`,
    });
    const help = await cli(['sign', '--help']);
    for (const flag of ['--provider', '--config', '--signer', '--session', '--now', '--exec'])
      expect(help.stdout).toContain(flag);
  });
});
