/**
 * Format of the XCover conformance fixtures in ./fixtures, generated from the official Python SDK's VCR
 * cassettes by ./import-recordings.ts (see ./import-recordings.test.ts for how to regenerate them).
 *
 * Placeholders: `{{name}}` in `path`, `query` and string values of `body` stands for a variable. `partner_code`
 * is always supplied by the replay (it is the sandbox's XCover partner code, LLODT in the recordings) and is never
 * listed in `requires`; every other variable is either captured from an earlier exchange's response (`capture`)
 * or listed in the fixture's `requires`.
 */
import type { ShapeNode } from '../shape';

export type { ShapeNode } from '../shape';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ConformanceExchange {
  method: HttpMethod;
  /** Path with recorded ids replaced by `{{variable}}` placeholders, e.g. `/xcover/partners/{{partner_code}}/bookings/{{quote_package_id}}/cancel`. */
  path: string;
  /** Raw query string without '?', '' if none. */
  query: string;
  /** Only semantic request headers worth replaying (x-idempotency-key, x-api-error-version, custom non-standard headers); names lower-cased. */
  headers: Record<string, string>;
  /** Parsed JSON request body with recorded ids replaced by "{{variable}}" strings (exact string equality on values); null if none. */
  body: unknown;
  /**
   * When the request was sent, as ISO 8601 (from the cassette request's `date` header, the one the SDK signed);
   * null if it had none. A replay sets the sandbox clock here so the recorded policy dates keep their meaning.
   * Note: the SDK that recorded the cassettes wrote this header 10-11 hours behind the true time (the
   * response `Date` and the bodies' `created_at` are 10-11 hours later), so it is the client's idea of now.
   */
  recordedAt: string | null;
  /** Recorded response status. */
  status: number;
  /** Shape of the recorded JSON response body; null if the body was empty. */
  shape: ShapeNode | null;
  /** Variables this exchange's response defines, as dotted paths into the response body, e.g. {"quote_0_id": "quotes.0.id"}. */
  capture: Record<string, string>;
}

export interface ConformanceFixture {
  /** Cassette name without .yaml, e.g. test_quote. */
  name: string;
  /** e.g. recordings/xcover/test_quote.yaml */
  source: string;
  exchanges: ConformanceExchange[];
  /** Variables used but never captured within this fixture (in order of first use): the replay must create them first. */
  requires: string[];
}
