import { expectRejected, jsonOf } from '../../helpers/sandbox';
import { useKaskoSandbox } from '../../helpers/kasko';

type Item = { id: string; value: Record<string, string> };

/** The `rel` → URL map of a Link header. */
function links(response: Response): Record<string, string> {
  const header = response.headers.get('link') ?? '';
  return Object.fromEntries(
    [...header.matchAll(/<([^>]+)>; rel="(\w+)"/g)].map((match) => [match[2] as string, match[1] as string]),
  );
}

describe('KASKO Data API', () => {
  const kasko = useKaskoSandbox();
  const get = (path: string) => kasko.call('GET', path, { key: null });

  it('shows a public dataset and its items without a key', async () => {
    expect(await jsonOf(await get('/datasets/dat_countries'))).toEqual({
      id: 'dat_countries',
      name: 'Countries',
      languages: ['en', 'de'],
    });
    expect(await jsonOf(await get('/dataset_items/dai_ch?language=en'))).toEqual({
      id: 'dai_ch',
      data: { name: 'Switzerland', code: 'CH', region: 'Europe' },
    });
    await expectRejected(await get('/datasets/dat_nope'), 404, 'KASKO_DATASET_NOT_FOUND');
    await expectRejected(await get('/dataset_items/dai_nope'), 404, 'KASKO_DATASET_ITEM_NOT_FOUND');
  });

  it('pages items with limit, starting_after and ending_before, linking next and prev pages', async () => {
    const first = await get('/datasets/dat_countries/dataset_items?limit=10&fields=%5B%22name%22%5D');
    const page1 = await jsonOf<Item[]>(first);
    expect(page1).toHaveLength(10);
    expect(page1[0]).toEqual({ id: 'dai_at', value: { name: 'Austria' } });
    expect(links(first).prev).toBeUndefined();

    const seen = [...page1];
    let next = links(first).next;
    let last: Response = first;
    while (next !== undefined) {
      last = await fetch(next);
      seen.push(...(await jsonOf<Item[]>(last)));
      next = links(last).next;
    }
    expect(seen).toHaveLength(31);
    expect(new Set(seen.map((item) => item.id)).size).toBe(31);

    const back = await jsonOf<Item[]>(await fetch(links(last).prev as string));
    expect(back.map((item) => item.id)).toEqual(seen.slice(20, 30).map((item) => item.id));
    const defaults = await jsonOf<Item[]>(await get('/datasets/dat_countries/dataset_items'));
    expect(defaults).toHaveLength(20);
  });

  it('refuses two cursors, an unknown cursor, bad fields and an out-of-range limit', async () => {
    const base = '/datasets/dat_countries/dataset_items';
    await expectRejected(
      await get(`${base}?starting_after=dai_at&ending_before=dai_ch`),
      400,
      'KASKO_PAGINATION_INVALID',
    );
    const unknown = await expectRejected(
      await get(`${base}?starting_after=dai_zz`),
      400,
      'KASKO_PAGINATION_INVALID',
    );
    expect(unknown).toMatchObject({ errors: [{ code: 'invalid_value', field: 'starting_after' }] });
    await expectRejected(await get(`${base}?fields=name`), 400, 'KASKO_PAGINATION_INVALID');
    const limit = await expectRejected(await get(`${base}?limit=101`), 400, 'KASKO_QUERY_INVALID');
    expect(limit).toMatchObject({
      status: 'Bad Request',
      errors: [{ code: 'invalid_value', field: 'limit' }],
    });
  });

  it('lists distinct values with integer offsets', async () => {
    const path = '/datasets/dat_countries/items_distinct_values?fields=%5B%22region%22%5D&limit=2';
    const first = await get(path);
    expect(await jsonOf(first)).toEqual([{ region: 'Europe' }, { region: 'Oceania' }]);
    const second = await fetch(links(first).next as string);
    expect(await jsonOf(second)).toEqual([{ region: 'Americas' }, { region: 'Asia' }]);
    const third = await fetch(links(second).next as string);
    expect(await jsonOf(third)).toEqual([{ region: 'Africa' }]);
    expect(links(third).next).toBeUndefined();
    expect(await jsonOf(await fetch(links(third).prev as string))).toEqual([
      { region: 'Americas' },
      { region: 'Asia' },
    ]);
  });
});
