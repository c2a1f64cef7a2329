import { readBoundedRegularFile } from '../runtime/bounded-file';
import { readConfigFile, resolveProviderConfigs, type ProviderConfig } from '../runtime/config';
import type { AnyProviderDefinition } from '../runtime/provider';
import { UsageError } from './args';
import { CAPTURE_LIMIT_BYTES, CaptureError } from './capture/captured-request';
import { parseCapture } from './capture/detect';
import { formatJudgements } from './check-report';
import { isClockTime, judgeRequests } from './check-replay';

export const CHECK_USAGE =
  '  partner-sandbox check --provider NAME [--config FILE] [--now ISO] [--json] [FILE|-]';

/** The flags of `check` (name -> takes a value?); it takes one positional, the capture (`-`: standard input). */
export const CHECK_FLAGS = { provider: true, config: true, now: true, json: false, help: false } as const;

const CHECK_HELP = `Usage:
${CHECK_USAGE}

Checks a captured request offline, as the provider would judge it: routing, authentication (signatures,
keys, dates), authorization, media type and the spec's parameters and body. The request goes through the
provider's real sandbox pipeline, in process; the provider's own handler does not run (its answer depends
on state this check does not have), and nothing is sent anywhere else.

The capture (FILE, or - / nothing for standard input) is any of:
  raw HTTP   request line, headers, a blank line, the body (CRLF or LF line ends)
  curl       a curl command line (-X, -H, -d/--data/--data-raw/--data-binary, --json, -u, --url, ...),
             quoted as a POSIX shell quotes, with backslash line continuations
  HAR        a HAR file; every entry's request is checked

Each request is judged as of its own time: its Date header (a signed request is judged as of when it was
signed), else a HAR entry's startedDateTime, else now.

Options:
  --provider NAME  the provider whose rules apply
  --config FILE    credentials and settings (as for start); the built-in test credentials otherwise
  --now ISO        judge every request at this time instead (e.g. 2024-05-01T12:00:00Z)
  --json           print the verdicts as JSON

Each refusal shows its reason code, what it means and how to fix it, and what the sandbox computed (the
string to sign, digests, spec violations); secrets never appear.
Exit status: 0 every request would be accepted, 1 one would be refused, 2 usage or unreadable capture.`;

export interface CheckEnvironment {
  readonly providers: readonly AnyProviderDefinition[];
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input, read when the capture is `-` (or not named). */
  readonly stdin?: AsyncIterable<Buffer | string>;
}

/**
 * `partner-sandbox check`: reads a captured request (raw HTTP, a curl command line, a HAR file), runs it
 * offline through the provider's real pipeline and reports each request's verdict; 0 when every request
 * would be accepted, 1 when one would be refused, 2 for an unreadable capture (usage and config problems
 * are thrown, for `main` to answer with 2).
 */
export async function check(
  flags: ReadonlyMap<string, string | true>,
  positionals: readonly string[],
  env: CheckEnvironment,
): Promise<number> {
  if (flags.has('help')) {
    env.stdout(`${CHECK_HELP}\n`);
    return 0;
  }
  const provider = providerOf(flags.get('provider'), env.providers);
  const config = configOf(flags.get('config'), provider);
  const now = nowOf(flags.get('now'));
  const source = positionals[0] ?? '-';
  const stdin = env.stdin ?? process.stdin;
  // A terminal on standard input means nobody piped a capture in: waiting for one would look like a hang.
  if (source === '-' && env.stdin === undefined && process.stdin.isTTY) {
    throw new UsageError('check needs a capture: a FILE, or one piped into standard input');
  }
  let requests;
  try {
    const bytes = source === '-' ? await readStream(stdin) : readCaptureFile(source);
    requests = parseCapture(bytes).requests;
  } catch (error) {
    if (!(error instanceof CaptureError)) throw error;
    env.stderr(`partner-sandbox: cannot read the capture: ${error.message}\n`);
    return 2;
  }
  const judgements = await judgeRequests(requests, { provider, config, ...(now ? { now } : {}) });
  const accepted = judgements.every((judgement) => judgement.accepted);
  if (flags.has('json')) {
    env.stdout(`${JSON.stringify({ provider: provider.name, accepted, requests: judgements }, null, 2)}\n`);
  } else {
    env.stdout(formatJudgements(provider.name, judgements));
  }
  return accepted ? 0 : 1;
}

export function providerOf(
  name: string | true | undefined,
  providers: readonly AnyProviderDefinition[],
  command = 'check',
) {
  const available = `available: ${providers.map((provider) => provider.name).join(', ')}`;
  if (name === undefined || name === true)
    throw new UsageError(`${command} needs --provider NAME (${available})`);
  const provider = providers.find((candidate) => candidate.name === name.toLowerCase());
  if (provider === undefined) throw new UsageError(`unknown provider "${name}" (${available})`);
  return provider;
}

export function configOf(path: string | true | undefined, provider: AnyProviderDefinition): ProviderConfig {
  if (path === true) throw new UsageError('--config needs a value');
  const file = path === undefined ? {} : readConfigFile(path);
  // Only this provider's section: the others' are not this command's business.
  const section =
    typeof file === 'object' && file !== null && Object.hasOwn(file, provider.name)
      ? { [provider.name]: (file as Record<string, unknown>)[provider.name] }
      : {};
  return resolveProviderConfigs([provider], section).get(provider.name) as ProviderConfig;
}

export function nowOf(value: string | true | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const ms = value === true ? NaN : Date.parse(value);
  if (value === true || !/^\d{4}-\d{2}-\d{2}T/.test(value) || !isClockTime(ms)) {
    throw new UsageError('--now must be an ISO 8601 date-time from 1970 to 9999, e.g. 2024-05-01T12:00:00Z');
  }
  return new Date(ms);
}

/** A capture file: a regular file of at most CAPTURE_LIMIT_BYTES (a device or a FIFO is refused before reading). */
function readCaptureFile(path: string): Buffer {
  const read = readBoundedRegularFile(path, CAPTURE_LIMIT_BYTES);
  if (read.ok) return read.bytes;
  if (read.problem === 'open') throw new CaptureError(`${path}: ${read.detail}`);
  if (read.problem === 'not-file')
    throw new CaptureError(`${path} is not a regular file (use - for standard input)`);
  throw new CaptureError(`${path} is over the ${CAPTURE_LIMIT_BYTES / 1024 / 1024} MiB limit`);
}

async function readStream(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > CAPTURE_LIMIT_BYTES)
      throw new CaptureError(`standard input is over the ${CAPTURE_LIMIT_BYTES / 1024 / 1024} MiB limit`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}
