/**
 * `partner-sandbox sign --provider NAME [--config FILE] [--exec] -- curl ARGS...`: the same curl command with
 * what the provider's auth needs that a person cannot type (a signature over the exact body, a date, a key
 * header, a session token, an order hash), from the same signers the typed clients use. `--exec` sends it and
 * prints the answer.
 */
import type { AnyProviderDefinition } from '../../runtime/provider';
import { UsageError, type ParsedArgs } from '../args';
import { CaptureError, type CapturedRequest } from '../capture/captured-request';
import { parseCurlWords } from '../capture/curl';
import { configOf, nowOf, providerOf } from '../check';
import type { CliEnvironment } from '../main';
import { requestAuthFor, SignError, type RequestAuth } from './request-auth';
import { shellQuote, signedCurlWords } from './curl-words';
import { sendOnce } from './send-once';

export const SIGN_FLAGS = {
  provider: true,
  config: true,
  exec: false,
  signer: true,
  session: false,
  now: true,
};

export const SIGN_USAGE =
  'partner-sandbox sign --provider NAME [--config FILE] [--signer hmac|eip191] [--session] [--now ISO] [--exec] -- curl ARGS...';

export const SIGN_HELP = `Usage:
  ${SIGN_USAGE}

Prints the curl command after -- with what the provider's auth needs added, signed over the exact body bytes
curl will send, with the credentials in force (the built-in test ones, or --config FILE's):
  xcover   Date, X-Api-Key and the HMAC Signature over the date
  ensuro   x-api-key and the body signature: X-Ensuro-Signature (HMAC, the default) or, with --signer eip191,
           X-EIP191-Signature by the signer key
  kasko    Authorization with the secret key
  kashier  Authorization with the secret key (and api-key on payment sessions); a hosted checkout URL
           (/checkout?merchantId=...&orderId=...&amount=...&currency=...) gets its order hash (hash=)
  kigo     with --session, a partner token from the server's POST /api/v1/auth/sessions as Bearer
A header the command already has under one of those names is replaced.

Options:
  --now ISO  sign as of this time (a sandbox whose clock was moved: GET /__sandbox/clock), default now
  --exec     send the request (curl not needed): the status line and the X-Sandbox-Reason and
             X-Sandbox-Journal headers go to stderr, the body to stdout (so it can be piped into jq)

Secrets appear only where the provider puts them in the request itself (Kashier's and KASKO's keys).
Exit status: 0 printed, or answered (any status) with --exec; 1 no answer with --exec; 2 usage or a
request that cannot be read or signed.`;

export async function sign(args: ParsedArgs, env: CliEnvironment): Promise<number> {
  const { flags, rest } = args;
  if (flags.has('help')) {
    env.stdout(`${SIGN_HELP}\n`);
    return 0;
  }
  const provider = providerOf(flags.get('provider'), env.providers, 'sign');
  const config = configOf(flags.get('config'), provider);
  const now = nowOf(flags.get('now')) ?? new Date();
  const signer = signerOf(flags.get('signer'), provider);
  if (flags.has('session') && provider.name !== 'kigo')
    throw new UsageError('--session is for kigo (a partner token from its session endpoint)');
  if (rest[0] !== 'curl')
    throw new UsageError('sign needs a curl command after --, e.g. sign --provider xcover -- curl URL');

  let request: CapturedRequest;
  let auth: RequestAuth;
  try {
    request = parseCurlWords(rest);
    auth = await requestAuthFor(provider, config, request, {
      ...(signer === undefined ? {} : { signer }),
      session: flags.has('session'),
      now,
    });
  } catch (error) {
    if (!(error instanceof CaptureError) && !(error instanceof SignError) && !isSessionFailure(error))
      throw error;
    env.stderr(`partner-sandbox: sign: ${(error as Error).message}\n`);
    return 2;
  }
  if (!flags.has('exec')) {
    env.stdout(
      `${signedCurlWords(rest, auth.headers, auth.query, request.target).map(shellQuote).join(' ')}\n`,
    );
    return 0;
  }
  return send(request, auth, env);
}

function signerOf(
  value: string | true | undefined,
  provider: AnyProviderDefinition,
): 'hmac' | 'eip191' | undefined {
  if (value === undefined) return undefined;
  if (provider.name !== 'ensuro') throw new UsageError('--signer is for ensuro (hmac or eip191)');
  if (value !== 'hmac' && value !== 'eip191') throw new UsageError('--signer must be hmac or eip191');
  return value;
}

/** Kigo's session endpoint refused or could not be reached: said in one line, not a stack. */
function isSessionFailure(error: unknown): boolean {
  return error instanceof Error && (error.name === 'KigoAuthenticationError' || error.name === 'TypeError');
}

/** Headers fetch computes itself from the URL and the body. */
const COMPUTED = new Set(['host', 'content-length']);

async function send(request: CapturedRequest, auth: RequestAuth, env: CliEnvironment): Promise<number> {
  const url = new URL(`${request.origin}${request.target}`);
  for (const [name, value] of Object.entries(auth.query)) url.searchParams.append(name, value);
  const headers = new Headers();
  for (const [name, value] of request.headers) {
    if (!COMPUTED.has(name.toLowerCase()) && auth.headers[name.toLowerCase()] === undefined)
      headers.append(name, value);
  }
  for (const [name, value] of Object.entries(auth.headers)) headers.set(name, value);
  let response: Response;
  try {
    response = await sendOnce(url, {
      method: request.method,
      headers,
      body: request.body.length > 0 ? request.body : undefined,
    });
  } catch (error) {
    const cause = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    env.stderr(`partner-sandbox: sign: no answer from ${url.origin}: ${cause}\n`);
    return 1;
  }
  const lines = [`HTTP ${response.status} ${response.statusText}`];
  for (const name of ['X-Sandbox-Reason', 'X-Sandbox-Journal', 'Location']) {
    const value = response.headers.get(name);
    if (value !== null) lines.push(`${name}: ${value}`);
  }
  env.stderr(`${lines.join('\n')}\n`);
  const body = await response.text();
  if (body !== '') env.stdout(body.endsWith('\n') ? body : `${body}\n`);
  return 0;
}
