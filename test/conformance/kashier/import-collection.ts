/**
 * Converts Kashier's Postman collection with recorded answers (../shared/reference/recordings/kashier, from the
 * public asciisd/kashier repository) into this project's conformance fixture (./fixture.ts). Regeneration and
 * the drift check live in ./import-collection.test.ts.
 *
 * Each saved answer was recorded for its example's `originalRequest`: that request is replayed as recorded.
 * Where the collection's own request differs from it (another body, URL or route), that request is replayed
 * too and must get the same status and shape: the collection says the provider answers both alike (the single
 * create's ISO `dueDate` and trailing-slash URL, the v3 FEP refund). Requests without a saved answer are left
 * out.
 */
import { shapeOf } from '../shape';
import type { HttpMethod } from '../xcover/fixture';
import type { KashierExchange, KashierFixture } from './fixture';

interface PostmanUrl {
  readonly raw: string;
}
interface PostmanRequest {
  readonly method: string;
  readonly header?: readonly { readonly key: string; readonly value: string }[];
  readonly url: PostmanUrl | string;
  readonly body?: { readonly raw?: string };
}
interface PostmanItem {
  readonly name: string;
  readonly item?: readonly PostmanItem[];
  readonly request?: PostmanRequest;
  readonly response?: readonly {
    readonly code: number;
    readonly body?: string;
    readonly originalRequest?: PostmanRequest;
  }[];
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const HOSTS: Readonly<Record<string, KashierExchange['host']>> = {
  'test-api.kashier.io': 'api',
  'test-fep.kashier.io': 'fep',
};

/**
 * Objects the recording used without creating them within the collection, by their recorded ids: the replay
 * makes its own first (./replay.test.ts) and binds these variables. The v3 refund targets another order than
 * the older route's, so each refund has its own.
 */
export const REQUIRED_IDS: Readonly<Record<string, string>> = {
  'INV-3552454230': 'draft_invoice',
  '6c3e0871-0a7b-45ec-af33-2fc8221ee188': 'paid_order',
  '93c799ea-ae6c-485c-bf36-a385acbb8c13': 'refund_order',
  'TX-69827597': 'refund_transaction',
  '09db0e0c-d28b-4260-9476-36d62843add6': 'v3_refund_order',
  'TX-2670193217916': 'v3_refund_transaction',
};

/** The ids a create answer defines, as paths beneath its `response` (an object, or an array for bulk). */
const CAPTURED_FIELDS = { paymentRequestId: 'invoice', _id: 'invoice_object_id' } as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(where: string, message: string): never {
  throw new Error(`${where}: ${message}`);
}

class Variables {
  private readonly byValue = new Map<string, string>();
  readonly requires: string[] = [];
  private count = 0;

  placeholderFor(value: string): string | undefined {
    const known = this.byValue.get(value);
    if (known !== undefined) return `{{${known}}}`;
    const required = REQUIRED_IDS[value];
    if (required === undefined) return undefined;
    if (!this.requires.includes(required)) this.requires.push(required);
    return `{{${required}}}`;
  }

  /** The ids of invoices a create answer made, numbered in the order they appear. */
  capture(response: unknown): Record<string, string> {
    const capture: Record<string, string> = {};
    if (!isRecord(response)) return capture;
    const inner = response.response;
    const invoices = Array.isArray(inner) ? inner : [inner];
    invoices.forEach((invoice, index) => {
      if (!isRecord(invoice) || typeof invoice.paymentRequestId !== 'string') return;
      if (this.byValue.has(invoice.paymentRequestId)) return;
      this.count += 1;
      const base = Array.isArray(inner) ? `response.${index}` : 'response';
      for (const [field, prefix] of Object.entries(CAPTURED_FIELDS)) {
        const value = invoice[field];
        if (typeof value !== 'string') continue;
        const name = `${prefix}_${this.count}`;
        this.byValue.set(value, name);
        capture[name] = `${base}.${field}`;
      }
    });
    return capture;
  }
}

function template(value: unknown, vars: Variables): unknown {
  if (typeof value === 'string') return vars.placeholderFor(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => template(item, vars));
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, template(item, vars)]));
  }
  return value;
}

function templateQuery(query: string, vars: Variables): string {
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const placeholder = vars.placeholderFor(decodeURIComponent(pair.slice(eq + 1)));
      return placeholder === undefined ? pair : `${pair.slice(0, eq + 1)}${placeholder}`;
    })
    .join('&');
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return fail(where, `not JSON (${(error as Error).message}): ${text.slice(0, 80)}`);
  }
}

/** One request as the replay sends it, ids templated; undefined for a request the collection cannot replay. */
function requestOf(request: PostmanRequest, vars: Variables, where: string) {
  const method = METHODS.find((m) => m === request.method) ?? fail(where, `method ${request.method}`);
  const url = new URL(typeof request.url === 'string' ? request.url : request.url.raw);
  const host = HOSTS[url.hostname] ?? fail(where, `host ${url.hostname}`);
  const raw = request.body?.raw ?? '';
  return {
    method,
    host,
    path: url.pathname
      .split('/')
      .map((segment) => vars.placeholderFor(decodeURIComponent(segment)) ?? segment)
      .join('/'),
    query: templateQuery(url.search.replace(/^\?/, ''), vars),
    authorization: (request.header ?? []).some((header) => header.key.toLowerCase() === 'authorization'),
    body: raw.trim() === '' ? null : template(parseJson(raw, `${where} body`), vars),
  };
}

function itemsOf(items: readonly PostmanItem[], folder = ''): { name: string; item: PostmanItem }[] {
  return items.flatMap((item) =>
    item.item
      ? itemsOf(item.item, item.name)
      : [{ name: folder === '' ? item.name : `${folder} / ${item.name}`, item }],
  );
}

/** Converts the collection's JSON text into the conformance fixture. */
export function importCollection(jsonText: string, source: string): KashierFixture {
  const collection = parseJson(jsonText, source) as { item?: readonly PostmanItem[] };
  const vars = new Variables();
  const exchanges: KashierExchange[] = [];
  for (const { name, item } of itemsOf(collection.item ?? [])) {
    for (const [index, example] of (item.response ?? []).entries()) {
      const where = `${name} example ${index}`;
      const recorded = example.originalRequest ?? item.request ?? fail(where, 'no request');
      const response = parseJson(example.body ?? '', `${where} response`);
      const shape = shapeOf(response);
      const exchange = requestOf(recorded, vars, where);
      exchanges.push({
        name,
        variant: 'recorded',
        ...exchange,
        status: example.code,
        shape,
        capture: exchange.method === 'POST' ? vars.capture(response) : {},
      });
      if (item.request === undefined || item.request === recorded) continue;
      const collectionRequest = requestOf(item.request, vars, `${name} request`);
      if (JSON.stringify(collectionRequest) === JSON.stringify(exchange)) continue;
      exchanges.push({
        name,
        variant: 'collection',
        ...collectionRequest,
        status: example.code,
        shape,
        capture: {},
      });
    }
  }
  return { source, exchanges, requires: vars.requires };
}
