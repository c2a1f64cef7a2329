/**
 * The journal on the store's capped stream: recorded through one process, read through another, shaped and
 * redacted as the in-memory journal shows it, bounded by entry count and UTF-8 bytes. Both stores.
 */
import { recordedRequest } from '../../../test/helpers/recorded-request';
import { STORE_KINDS, useStateStores, type StoreHarness } from '../../../test/helpers/state-stores';
import { Journal } from '../journal';
import { REDACTED } from '../redaction';
import { SharedJournal, type SharedJournalOptions } from './shared-journal';

const SECRET = 'toy_secret_value';
const NOW = new Date('2030-01-02T03:04:05.000Z');
const OPTIONS = { secrets: [SECRET], sensitiveHeaders: ['X-Api-Key'] };

const request = recordedRequest;

const stores = useStateStores();

describe.each(STORE_KINDS)('shared journal: %s', (kind) => {
  let harness: StoreHarness;
  const journals = async (options: Partial<SharedJournalOptions> = {}) => [
    new SharedJournal(harness.store, 'ns', { ...OPTIONS, ...options }),
    new SharedJournal(await harness.another(), 'ns', { ...OPTIONS, ...options }),
  ];
  beforeEach(async () => {
    harness = await stores.harness(kind);
  });
  afterEach(() => harness.close());

  test('an entry recorded by one process reads, redacted, as the in-memory journal shows it', async () => {
    const [writer, reader] = await journals();
    const recorded = request({
      headers: { 'x-api-key': SECRET, 'content-type': 'application/json' },
      bodyText: JSON.stringify({ name: 'bolt', key: SECRET }),
      responseHeaders: { 'content-type': 'application/json', 'x-count': 2 },
      responseBodyText: '{"id":"W-1"}',
      checked: { signature: { expected: SECRET } },
      nearMisses: ['GET /toy/widgets/'],
    });
    const id = await writer!.record(recorded, NOW);
    const inMemory = new Journal({ ...OPTIONS, clock: { now: () => NOW } });
    inMemory.record(recorded, id);
    const [entry] = await reader!.list();
    expect({ ...entry, time: undefined }).toEqual({ ...inMemory.list()[0], time: undefined });
    expect(entry!.headers['x-api-key']).toBe(REDACTED);
    expect(JSON.stringify(entry)).not.toContain(SECRET);
    expect(await reader!.find(id)).toEqual(entry);
    expect(await reader!.find(id + 1)).toBeUndefined();
  });

  test('bodies are kept as they were: newlines, multi-byte text, JSON, and no body at all', async () => {
    const [writer, reader] = await journals();
    const inMemory = new Journal({ ...OPTIONS, clock: { now: () => NOW } });
    const cases = [
      request({ bodyText: 'line one\nline two\n', responseBodyText: '{"note":"é\\n✓"}\n' }),
      request({ bodyText: undefined, responseBodyText: '{"id":"W-2"}' }),
      request({ bodyText: '{"name":"bolt"}', responseBodyText: undefined }),
    ];
    for (const recorded of cases) inMemory.record(recorded, await writer!.record(recorded, NOW));
    const shown = (await reader!.list()).map((entry) => ({ ...entry, time: undefined }));
    expect(shown).toEqual(inMemory.list().map((entry) => ({ ...entry, time: undefined })));
  });

  test('since and find as the in-memory journal answers them; ids go on after a reset', async () => {
    const [writer, reader] = await journals();
    for (const path of ['/a', '/b', '/c', '/d']) await writer!.record(request({ path }), NOW);
    expect((await reader!.since(1, 10)).map(({ id }) => id)).toEqual([2, 3, 4]);
    expect((await reader!.since(1, 2)).map(({ id }) => id)).toEqual([3, 4]);
    expect((await reader!.find(2))?.path).toBe('/b');
    await harness.store.clear('ns');
    expect(await reader!.list()).toEqual([]);
    expect(await writer!.record(request(), NOW)).toBe(5);
  });

  test('bounded by entry count and by UTF-8 bytes, the oldest dropped first', async () => {
    const [byCount] = await journals({ capacity: 2 });
    for (const path of ['/a', '/b', '/c']) await byCount!.record(request({ path }), NOW);
    expect((await byCount!.list()).map(({ path }) => path)).toEqual(['/b', '/c']);
    const [byBytes] = await journals({ stream: 'small', maxBytes: 700 });
    for (const bodyText of ['é'.repeat(100), 'é'.repeat(100), 'é'.repeat(100)])
      await byBytes!.record(request({ bodyText }), NOW);
    const kept = await byBytes!.list();
    expect(kept.length).toBeLessThan(3);
    expect(await harness.store.streamBytes('ns', 'small')).toBeLessThanOrEqual(700);
  });

  test('entries recorded in one turn go to the store in one append, each with its own id', async () => {
    const [writer, reader] = await journals();
    const append = jest.spyOn(harness.store, 'append');
    const ids = await Promise.all(['/a', '/b', '/c'].map((path) => writer!.record(request({ path }), NOW)));
    expect(append).toHaveBeenCalledTimes(1);
    expect(ids).toEqual([1, 2, 3]);
    expect((await reader!.list()).map(({ id, path }) => [id, path])).toEqual([
      [1, '/a'],
      [2, '/b'],
      [3, '/c'],
    ]);
    // Reserved ids stay the entries' own.
    expect(await Promise.all([writer!.record(request(), NOW, 40), writer!.record(request(), NOW)])).toEqual([
      40, 5,
    ]);
    append.mockRestore();
  });

  test('a failed append rejects every entry of its batch, and the next batch goes on', async () => {
    const [writer] = await journals();
    const append = jest.spyOn(harness.store, 'append').mockRejectedValueOnce(new Error('store gone'));
    const failed = ['/a', '/b'].map((path) => writer!.record(request({ path }), NOW));
    await expect(
      Promise.all(failed.map((entry) => entry.catch((error: Error) => error.message))),
    ).resolves.toEqual(['store gone', 'store gone']);
    expect(await writer!.record(request({ path: '/c' }), NOW)).toBeGreaterThan(0);
    append.mockRestore();
  });
});
