/**
 * XCover on one server for several CI jobs: each job's namespace (`X-Sandbox-Namespace` or the `/__ns/NAME/`
 * prefix) has its own quotes and its own clock, which the signature's Date window is judged against.
 */
import {
  expectRejected,
  jsonOf,
  P,
  quoteBody,
  setClock,
  useXCoverSandbox,
  xcoverFetch,
  type QuotePackageView,
} from '../../helpers/xcover';

const FROZEN = new Date('2030-01-02T03:04:05Z');
/** The Python SDK's form: the path is signed, so a prefixed path must be verified as it was sent. */
const SDK_FORM = { signedHeaders: ['(request-target)', 'date'] };

describe('XCover mock: namespaces', () => {
  const sandbox = useXCoverSandbox();
  const url = () => sandbox.x.url;
  const inNamespace = (name: string) => ({ headers: { 'x-sandbox-namespace': name } });
  afterEach(() => {
    for (const name of sandbox.x.sandbox.namespaceNames()) sandbox.x.sandbox.namespace(name).reset();
  });

  it('keeps a quote created in one namespace out of another', async () => {
    const created = await xcoverFetch(url(), 'POST', `${P}/quotes/`, quoteBody(), inNamespace('job-a'));
    expect(created.status).toBe(201);
    const { id } = await jsonOf<QuotePackageView>(created);
    // Read back through the prefix, signed over the prefixed path as a client with that base URL signs it.
    const inA = await xcoverFetch(url(), 'GET', `/__ns/job-a${P}/quotes/${id}/`, undefined, SDK_FORM);
    expect(inA.status).toBe(200);
    expect((await jsonOf<QuotePackageView>(inA)).id).toBe(id);
    const inB = await xcoverFetch(url(), 'GET', `/__ns/job-b${P}/quotes/${id}/`, undefined, SDK_FORM);
    await expectRejected(inB, 404, 'XCOVER_QUOTE_PACKAGE_NOT_FOUND');
    await expectRejected(
      await xcoverFetch(url(), 'GET', `${P}/quotes/${id}/`),
      404,
      'XCOVER_QUOTE_PACKAGE_NOT_FOUND',
    );
  });

  it('moves one namespace’s clock only: the Date window follows the namespace’s clock', async () => {
    await setClock(`${url()}/__ns/job-a`, { now: FROZEN.toISOString() });
    const signedThen = { date: FROZEN };
    const inA = await xcoverFetch(url(), 'POST', `/__ns/job-a${P}/quotes/`, quoteBody(), signedThen);
    expect(inA.status).toBe(201);
    await expectRejected(
      await xcoverFetch(url(), 'POST', `/__ns/job-b${P}/quotes/`, quoteBody(), signedThen),
      401,
      'XCOVER_DATE_FUTURE',
    );
    await expectRejected(
      await xcoverFetch(url(), 'POST', `${P}/quotes/`, quoteBody(), signedThen),
      401,
      'XCOVER_DATE_FUTURE',
    );
    // Signed now, B and the default answer; A, years ahead, finds the Date stale.
    expect((await xcoverFetch(url(), 'POST', `/__ns/job-b${P}/quotes/`, quoteBody())).status).toBe(201);
    await expectRejected(
      await xcoverFetch(url(), 'POST', `/__ns/job-a${P}/quotes/`, quoteBody()),
      401,
      'XCOVER_DATE_STALE',
    );
  });
});
