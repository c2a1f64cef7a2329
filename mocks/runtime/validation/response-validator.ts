import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { isJsonMediaType, type LoadedSpec, type SpecOperation } from '../spec';
import { addWebUrlFormat } from '../web-url';
import { violationsFromAjv, type Violation } from './violations';

const SPEC_ID = 'spec';

/**
 * Checks the mock's own answers against the spec's response schemas, as Prism does in proxy mode: the spec
 * is the contract for responses too, so a hand-written handler that drifts from it is caught. Off in normal
 * runs (it costs time on every response); the test suite turns it on.
 */
export class ResponseValidator {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction | null>();

  constructor(spec: LoadedSpec) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    addWebUrlFormat(this.ajv);
    this.ajv.addSchema(spec.document as object, SPEC_ID);
  }

  /**
   * Violations of the response schema for this status; a status the spec does not document is one too.
   * A body that is not JSON (a page) is checked for its status only: JSON schemas do not describe it.
   */
  validate(operation: SpecOperation, status: number, body: unknown, contentType?: string): Violation[] {
    if (contentType !== undefined && !isJsonMediaType(contentType)) {
      return this.documents(operation, status) ? [] : [undocumented(status)];
    }
    const pointer = schemaPointerOf(operation, status);
    if (pointer === undefined) {
      if (body === undefined && this.documents(operation, status)) return [];
      return [undocumented(status)];
    }
    const key = `${operation.operationId} ${pointer}`;
    let validate = this.validators.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: `${SPEC_ID}${pointer}` });
      this.validators.set(key, validate);
    }
    return validate && !validate(body) ? violationsFromAjv('body', validate.errors ?? []).violations : [];
  }

  /** Whether the spec lists the status at all (bodiless answers such as 204 have no schema). */
  private documents(operation: SpecOperation, status: number): boolean {
    const listed = operation.documentedStatuses;
    return (
      listed.includes(String(status)) ||
      listed.includes(`${String(status)[0]}XX`) ||
      listed.includes('default')
    );
  }
}

/**
 * The schema of the response documented for the status, in OpenAPI's lookup order: the exact status, its range
 * (`5XX`), then `default`; the first response listed is the one, so a bodiless 204 has none, whatever
 * `default` says.
 */
function schemaPointerOf(operation: SpecOperation, status: number): string | undefined {
  const pointers = operation.responseSchemaPointers;
  const listed = operation.documentedStatuses;
  const key = [String(status), `${String(status)[0]}XX`].find((candidate) => listed.includes(candidate));
  return key === undefined ? pointers.default : pointers[key];
}

function undocumented(status: number): Violation {
  return {
    in: 'body',
    field: [],
    keyword: 'status',
    message: `status ${status} is not documented`,
    params: { status },
  };
}
