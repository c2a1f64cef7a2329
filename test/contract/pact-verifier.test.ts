/**
 * The sandbox as any Pact provider is verified: pact-js's `Verifier` (the Pact core) replays each committed
 * contract against a running sandbox, its provider states set up by Pact's own state-change calls to
 * `POST /__sandbox/provider-states` (`providerStatesSetupUrl`, no `stateHandlers`; setup before and teardown after
 * each interaction), the requests that need a fresh signature signed by the provider's exported request filter.
 * Each contract passes twice in a row against a sandbox that is never reset. For the providers whose requests need
 * no per-request signature, the second run is the Pact core's own verifier with no pact-js proxy in front (what
 * `pact_verifier_cli --state-change-url` or any other Pact verifier does). One sandbox for the file, all five
 * providers in this process.
 */
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import pactCore from '@pact-foundation/pact-core';
import { startSandbox, type Sandbox } from '../../mocks/sandbox';
import { ensuroRequestFilter } from '../../src/ensuro/request-signer';
import { kaskoRequestSigner } from '../../src/kasko/request-signer';
import { pactRequestFilter } from '../../src/shared/pact-request-filter';
import { xcoverRequestFilter } from '../../src/xcover/request-signer';
import { committedContractFile, keepPactFromTracking } from '../helpers/pact-consumer';
import { journal } from '../helpers/sandbox';

keepPactFromTracking();

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, log: () => undefined });
});
afterAll(() => sandbox.close());

const started = (provider: string) => sandbox.providers[provider] as Sandbox['providers'][string];

type RequestFilter = NonNullable<VerifierOptions['requestFilter']>;

/** The request filter each provider needs, from its exported helper; none where requests are not signed. */
const FILTERS: Readonly<Record<string, (credentials: Readonly<Record<string, string>>) => RequestFilter>> = {
  xcover: xcoverRequestFilter,
  ensuro: ensuroRequestFilter,
};

/** Pact's verifier against the running provider: resolves with its output, rejects when an interaction fails. */
function pactVerify(provider: string, requestFilter: RequestFilter | undefined): Promise<string> {
  const { url } = started(provider);
  return new Verifier({
    provider,
    providerBaseUrl: url,
    pactUrls: [committedContractFile(provider)],
    providerStatesSetupUrl: `${url}/__sandbox/provider-states`,
    logLevel: 'error',
    ...(requestFilter === undefined ? {} : { requestFilter }),
  }).verifyProvider();
}

/** The Pact core's verifier alone, given the state endpoint as its state-change URL: any Pact verifier's way. */
function coreVerify(provider: string): Promise<string> {
  const { url } = started(provider);
  return pactCore.verifyPacts({
    provider,
    providerBaseUrl: url,
    pactUrls: [committedContractFile(provider)],
    providerStatesSetupUrl: `${url}/__sandbox/provider-states`,
    logLevel: 'error',
  });
}

/** What the provider answered since the journal entry `since`: `operationId status reason`, sorted. */
async function answeredSince(provider: string, since: number): Promise<string[]> {
  return (await journal(started(provider).url, `?since=${since}`))
    .map((entry) => `${entry.operationId} ${entry.status} ${entry.reason ?? '-'}`)
    .sort();
}

async function lastJournalId(provider: string): Promise<number> {
  return (await journal(started(provider).url)).at(-1)?.id ?? 0;
}

/** What each contract's interactions are answered, as the provider states make them (one line per request). */
const ANSWERED: Readonly<Record<string, readonly string[]>> = {
  ensuro: [
    'cancelPolicy 200 -',
    'createQuote 200 -',
    'newPolicy 200 -',
    'newPolicy 200 -',
    'replacePolicy 200 -',
    'resolvePolicy 200 -',
  ],
  kashier: [
    'createPaymentSession 201 -',
    'getOrder 200 -',
    'refundOrder 200 -',
    'refundOrder 403 KASHIER_PERMISSION_DENIED',
  ],
  kasko: [
    'cancelPolicy 200 -',
    'createOffer 201 -',
    'createPayment 201 -',
    'createQuote 200 -',
    'getPolicy 200 -',
    'updatePolicy 200 -',
  ],
  kigo: [
    'createAccountSession 200 -',
    'createPartnerSession 200 -',
    'createSsoSession 401 KIGO_TOKEN_EXPIRED',
    'listTokens 200 -',
    'refreshAccountSession 200 -',
  ],
  xcover: [
    'cancelBooking 200 -',
    'confirmCancellation 200 -',
    'createBooking 200 -',
    'createQuote 201 -',
    'instantBooking 200 -',
    'instantBooking 409 XCOVER_IDEMPOTENT_REPLAY', // the retry of the booking its state made
  ],
};

describe.each(Object.keys(ANSWERED))("Pact's verifier against the %s sandbox", (provider) => {
  it('verifies the committed contract twice in a row, the sandbox never reset', async () => {
    const filter = FILTERS[provider]?.(started(provider).credentials);
    for (const run of [1, 2]) {
      const since = await lastJournalId(provider);
      const verified =
        run === 2 && filter === undefined ? coreVerify(provider) : pactVerify(provider, filter);
      await expect(verified).resolves.toEqual(expect.any(String));
      expect([run, await answeredSince(provider, since)]).toEqual([run, ANSWERED[provider]]);
    }
  });
});

describe('the request filters are what makes a signed contract pass', () => {
  it('fails XCover without its filter: the example signatures are for a past Date', async () => {
    const since = await lastJournalId('xcover');
    await expect(pactVerify('xcover', undefined)).rejects.toBeDefined();
    const answered = await answeredSince('xcover', since);
    expect(answered).toHaveLength(6);
    expect(new Set(answered.map((line) => line.split(' ').slice(1).join(' ')))).toEqual(
      new Set(['401 XCOVER_DATE_STALE']),
    );
  });

  it('fails Ensuro without its filter: the state values change the bytes the example signatures covered', async () => {
    const since = await lastJournalId('ensuro');
    await expect(pactVerify('ensuro', undefined)).rejects.toBeDefined();
    expect(await answeredSince('ensuro', since)).toEqual([
      'cancelPolicy 400 ENSURO_EIP191_SIGNER_UNAUTHORIZED',
      'createQuote 200 -',
      'newPolicy 400 ENSURO_EIP191_SIGNER_UNAUTHORIZED',
      'newPolicy 400 ENSURO_HMAC_MISMATCH',
      'replacePolicy 400 ENSURO_HMAC_MISMATCH',
      'resolvePolicy 400 ENSURO_EIP191_SIGNER_UNAUTHORIZED',
    ]);
  });

  it('fails KASKO whose requests carry a key the sandbox does not know (the key check is live)', async () => {
    const since = await lastJournalId('kasko');
    await expect(
      pactVerify('kasko', pactRequestFilter(kaskoRequestSigner('sk_test_notAnAccount'))),
    ).rejects.toBeDefined();
    expect(new Set((await answeredSince('kasko', since)).map((line) => line.split(' ')[2]))).toEqual(
      new Set(['KASKO_KEY_UNKNOWN']),
    );
  });
});
