/**
 * Format of the Kashier conformance fixture in ./fixtures, generated from Kashier's Postman collection with
 * recorded answers by ./import-collection.ts (see ./import-collection.test.ts for how to regenerate it).
 *
 * Placeholders: `{{name}}` in `path`, `query` and string values of `body` stands for a variable, either
 * captured from an earlier exchange's answer (`capture`) or listed in the fixture's `requires` (objects the
 * recording used without creating them, which the replay makes first).
 */
import type { HttpMethod, ShapeNode } from '../xcover/fixture';

export interface KashierExchange {
  /** The collection's item, `Folder / Request`. */
  name: string;
  /** `recorded`: the request the answer was saved for; `collection`: the collection's own, different request. */
  variant: 'recorded' | 'collection';
  method: HttpMethod;
  /** `api` for test-api.kashier.io, `fep` for test-fep.kashier.io. */
  host: 'api' | 'fep';
  path: string;
  /** Raw query string without '?', '' if none. */
  query: string;
  /** Whether the request sent `Authorization` (the recording's value is a placeholder: the secret key). */
  authorization: boolean;
  /** Parsed JSON body with ids replaced by "{{variable}}" strings; null if none. */
  body: unknown;
  status: number;
  shape: ShapeNode;
  /** Variables this exchange's answer defines, as dotted paths into it. */
  capture: Record<string, string>;
}

export interface KashierFixture {
  /** e.g. recordings/kashier/kashier-api.postman_collection.json */
  source: string;
  exchanges: KashierExchange[];
  /** Variables used but never captured (in order of first use): the replay must create them first. */
  requires: string[];
}
