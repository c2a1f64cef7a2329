import type { HandlerResponse } from '../../runtime/provider';
import { DATASET_ITEMS, DATASETS, type DatasetRecord } from '../datasets';
import { invalidField } from '../errors';
import { linkHeader, pageOf } from '../pagination';
import { refuse } from '../reasons';
import type { KaskoRequest } from './common';

interface DataQuery {
  limit?: number;
  fields?: string;
  starting_after?: string | number;
  ending_before?: string | number;
}

function datasetOf(request: KaskoRequest): DatasetRecord {
  const id = request.params.dataset_id as string;
  const dataset = DATASETS.get(id);
  if (!dataset) throw refuse('KASKO_DATASET_NOT_FOUND', `Dataset with id - ${id} not found.`);
  return dataset;
}

/** `fields` as a JSON list of field names; undefined means every field. */
function fieldsOf(query: DataQuery): readonly string[] | undefined {
  if (query.fields === undefined) return undefined;
  let fields: unknown;
  try {
    fields = JSON.parse(query.fields);
  } catch {
    fields = undefined;
  }
  if (!Array.isArray(fields) || fields.length === 0 || !fields.every((field) => typeof field === 'string'))
    throw refuse('KASKO_PAGINATION_INVALID', 'Data validation failed.', invalidField('fields'));
  return fields as string[];
}

function pick(data: Readonly<Record<string, string>>, fields: readonly string[] | undefined) {
  if (fields === undefined) return { ...data };
  return Object.fromEntries(
    fields.filter((field) => Object.hasOwn(data, field)).map((field) => [field, data[field]]),
  );
}

function oneCursor(query: DataQuery): void {
  if (query.starting_after !== undefined && query.ending_before !== undefined) {
    throw refuse('KASKO_PAGINATION_INVALID', 'Use either starting_after or ending_before, not both.', [
      ...invalidField('starting_after'),
      ...invalidField('ending_before'),
    ]);
  }
}

/** The request's own URL, for the `Link` header. */
const selfUrl = (request: KaskoRequest, query: DataQuery & { language?: string }): URL => {
  const url = new URL(`${request.origin}${request.path}`);
  for (const [name, value] of Object.entries(query))
    if (value !== undefined) url.searchParams.set(name, String(value));
  return url;
};

const withLink = (body: unknown, link: string | undefined): HandlerResponse =>
  link === undefined ? { status: 200, body } : { status: 200, body, headers: { Link: link } };

export function getDataset(request: KaskoRequest): HandlerResponse {
  const { id, name, languages } = datasetOf(request);
  return { status: 200, body: { id, name, languages: [...languages] } };
}

export function listDatasetItems(request: KaskoRequest): HandlerResponse {
  const dataset = datasetOf(request);
  const query = request.query as DataQuery & { starting_after?: string; ending_before?: string };
  oneCursor(query);
  const fields = fieldsOf(query);
  const indexOf = (cursor: string | undefined, field: string): number | undefined => {
    if (cursor === undefined) return undefined;
    const index = dataset.items.findIndex((item) => item.id === cursor);
    if (index === -1)
      throw refuse('KASKO_PAGINATION_INVALID', 'Data validation failed.', invalidField(field));
    return index;
  };
  const after = indexOf(query.starting_after, 'starting_after');
  const before = indexOf(query.ending_before, 'ending_before');
  const page = pageOf(dataset.items, query.limit ?? 20, {
    ...(after === undefined ? {} : { after }),
    ...(before === undefined ? {} : { before }),
  });
  const body = page.entries.map((item) => ({ id: item.id, value: pick(item.data, fields) }));
  const first = page.entries[0]?.id ?? '';
  const last = page.entries[page.entries.length - 1]?.id ?? '';
  return withLink(body, linkHeader(selfUrl(request, query), page, { next: last, prev: first }));
}

export function listDistinctValues(request: KaskoRequest): HandlerResponse {
  const dataset = datasetOf(request);
  const query = request.query as DataQuery & { starting_after?: number; ending_before?: number };
  oneCursor(query);
  const fields = fieldsOf(query);
  const seen = new Set<string>();
  const distinct: Record<string, string | undefined>[] = [];
  for (const item of dataset.items) {
    const value = pick(item.data, fields);
    const key = JSON.stringify(value);
    if (!seen.has(key)) {
      seen.add(key);
      distinct.push(value);
    }
  }
  const page = pageOf(distinct, query.limit ?? 20, {
    ...(query.starting_after === undefined ? {} : { after: query.starting_after }),
    ...(query.ending_before === undefined ? {} : { before: query.ending_before }),
  });
  const cursors = { next: String(page.from + page.entries.length - 1), prev: String(page.from) };
  return withLink([...page.entries], linkHeader(selfUrl(request, query), page, cursors));
}

export function getDatasetItem(request: KaskoRequest): HandlerResponse {
  const id = request.params.item_id as string;
  const item = DATASET_ITEMS.get(id);
  if (!item) throw refuse('KASKO_DATASET_ITEM_NOT_FOUND', `Dataset item with id - ${id} not found.`);
  return { status: 200, body: { id: item.id, data: { ...item.data } } };
}
