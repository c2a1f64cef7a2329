/**
 * The public datasets the sandbox serves (KASKO's own are per product and not public): one dataset of
 * countries, enough items for several pages. Item ids follow KASKO's `dai_` prefix.
 */
export interface DatasetItemRecord {
  readonly id: string;
  readonly data: Readonly<Record<string, string>>;
}

export interface DatasetRecord {
  readonly id: string;
  readonly name: string;
  readonly languages: readonly string[];
  readonly items: readonly DatasetItemRecord[];
}

const COUNTRIES: readonly (readonly [code: string, name: string, region: string])[] = [
  ['AT', 'Austria', 'Europe'],
  ['AU', 'Australia', 'Oceania'],
  ['BE', 'Belgium', 'Europe'],
  ['BR', 'Brazil', 'Americas'],
  ['CA', 'Canada', 'Americas'],
  ['CH', 'Switzerland', 'Europe'],
  ['CN', 'China', 'Asia'],
  ['CZ', 'Czechia', 'Europe'],
  ['DE', 'Germany', 'Europe'],
  ['DK', 'Denmark', 'Europe'],
  ['EG', 'Egypt', 'Africa'],
  ['ES', 'Spain', 'Europe'],
  ['FI', 'Finland', 'Europe'],
  ['FR', 'France', 'Europe'],
  ['GB', 'United Kingdom', 'Europe'],
  ['IE', 'Ireland', 'Europe'],
  ['IN', 'India', 'Asia'],
  ['IT', 'Italy', 'Europe'],
  ['JP', 'Japan', 'Asia'],
  ['KE', 'Kenya', 'Africa'],
  ['LI', 'Liechtenstein', 'Europe'],
  ['LU', 'Luxembourg', 'Europe'],
  ['MX', 'Mexico', 'Americas'],
  ['NL', 'Netherlands', 'Europe'],
  ['NO', 'Norway', 'Europe'],
  ['NZ', 'New Zealand', 'Oceania'],
  ['PL', 'Poland', 'Europe'],
  ['PT', 'Portugal', 'Europe'],
  ['SE', 'Sweden', 'Europe'],
  ['US', 'United States', 'Americas'],
  ['ZA', 'South Africa', 'Africa'],
];

const countries: DatasetRecord = Object.freeze({
  id: 'dat_countries',
  name: 'Countries',
  languages: Object.freeze(['en', 'de']),
  items: Object.freeze(
    COUNTRIES.map(([code, name, region]) =>
      Object.freeze({ id: `dai_${code.toLowerCase()}`, data: Object.freeze({ name, code, region }) }),
    ),
  ),
});

export const DATASETS: ReadonlyMap<string, DatasetRecord> = new Map([[countries.id, countries]]);

export const DATASET_ITEMS: ReadonlyMap<string, DatasetItemRecord> = new Map(
  [...DATASETS.values()].flatMap((dataset) => dataset.items.map((item) => [item.id, item] as const)),
);
