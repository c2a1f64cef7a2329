import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { LoadedSpec, ParameterLocation, SpecOperation } from '../spec';
import { addWebUrlFormat } from '../web-url';
import {
  MAX_REPORTED_VIOLATIONS,
  moreViolations,
  violationsFromAjv,
  type Violation,
  type ViolationLocation,
} from './violations';

export interface RequestParts {
  readonly params: Record<string, string>;
  /** Parsed query; values of numeric or boolean parameters are coerced in place. */
  readonly query: Record<string, unknown>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
  /**
   * The schema of the media type the body came in; default: the operation's first (JSON); null for raw bytes,
   * which no schema checks.
   */
  readonly bodySchemaPointer?: string | null;
}

interface OperationValidators {
  readonly path?: ValidateFunction;
  readonly query?: ValidateFunction;
  readonly header?: ValidateFunction;
  /** By body schema pointer: one per media type the operation accepts, raw bytes aside. */
  readonly body: ReadonlyMap<string, ValidateFunction>;
}

const SPEC_ID = 'spec';

/**
 * Validates requests against the spec with validators compiled once per operation (Ajv, JSON Schema
 * 2020-12 as OpenAPI 3.1 uses). The whole document is registered so that `$ref`s to components resolve.
 * Compiling every operation takes a few hundred milliseconds, so it happens on first use or in the
 * background (`warmUp`) once the server listens, not before it is ready.
 */
export class RequestValidator {
  private readonly bodyAjv: Ajv2020;
  private readonly parameterAjv: Ajv2020;
  private readonly validators = new Map<string, OperationValidators>();

  constructor(private readonly spec: LoadedSpec) {
    this.bodyAjv = createAjv(spec, false);
    // 'array': a query parameter of array type sent once (`?tag=a`) is a list of one, as OpenAPI's form style reads it.
    this.parameterAjv = createAjv(spec, 'array');
  }

  /** Compiles the remaining operations one per event-loop turn, so requests meanwhile are not held up. */
  warmUp(): void {
    const pending = this.spec.operations.filter((operation) => !this.validators.has(operation.operationId));
    const next = (): void => {
      const operation = pending.shift();
      if (!operation) return;
      this.validatorsOf(operation);
      setImmediate(next);
    };
    setImmediate(next);
  }

  /**
   * The request's violations, at most `MAX_REPORTED_VIOLATIONS` of them followed, when there were more, by
   * one `MORE_VIOLATIONS` summary counting the rest.
   */
  validate(operation: SpecOperation, request: RequestParts): Violation[] {
    const validators = this.validatorsOf(operation);
    const violations: Violation[] = [];
    let omitted = 0;
    let last: ViolationLocation = 'body';
    const check = (
      location: ViolationLocation,
      validate: ValidateFunction | undefined,
      value: unknown,
    ): void => {
      if (!validate || validate(value)) return;
      const found = violationsFromAjv(
        location,
        validate.errors ?? [],
        MAX_REPORTED_VIOLATIONS - violations.length,
      );
      violations.push(...found.violations);
      omitted += found.omitted;
      last = location;
    };
    check('path', validators.path, request.params);
    check('query', validators.query, request.query);
    check('header', validators.header, request.headers);
    // The body is checked only once the parameters are right: a wrong id makes body errors moot.
    const bodyPointer =
      request.bodySchemaPointer === undefined ? operation.bodySchemaPointer : request.bodySchemaPointer;
    if (violations.length === 0 && typeof bodyPointer === 'string') {
      check('body', validators.body.get(bodyPointer), request.body);
    }
    if (omitted > 0) violations.push(moreViolations(last, omitted));
    return violations;
  }

  private validatorsOf(operation: SpecOperation): OperationValidators {
    let validators = this.validators.get(operation.operationId);
    if (!validators) {
      validators = this.compile(operation);
      this.validators.set(operation.operationId, validators);
    }
    return validators;
  }

  private compile(operation: SpecOperation): OperationValidators {
    const parameterSchema = (location: ParameterLocation): ValidateFunction | undefined => {
      const parameters = operation.parameters.filter((parameter) => parameter.in === location);
      if (parameters.length === 0) return undefined;
      return this.parameterAjv.compile({
        type: 'object',
        properties: Object.fromEntries(
          parameters.map((p) => [p.name, { $ref: `${SPEC_ID}${p.schemaPointer}` }]),
        ),
        required: parameters.filter((p) => p.required).map((p) => p.name),
      });
    };
    return {
      path: parameterSchema('path'),
      query: parameterSchema('query'),
      header: parameterSchema('header'),
      body: new Map(
        operation.bodyMediaTypes
          .filter(({ kind }) => kind !== 'raw')
          .map(({ schemaPointer }) => [
            schemaPointer,
            this.bodyAjv.compile({ $ref: `${SPEC_ID}${schemaPointer}` }),
          ]),
      ),
    };
  }
}

function createAjv(spec: LoadedSpec, coerceTypes: boolean | 'array'): Ajv2020 {
  // strict off: OpenAPI keywords (example, discriminator, x-*) sit beside the JSON Schema ones.
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes, validateSchema: false });
  addFormats(ajv);
  // RFC 3339 allows a leap second (23:59:60) that no JavaScript date holds: a value handlers could not use
  // is not a valid date-time here.
  const rfc3339 = ajv.formats['date-time'] as { validate: (value: string) => boolean };
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (value) => rfc3339.validate(value) && !Number.isNaN(Date.parse(value)),
  });
  // Redirect and webhook URLs: http(s) only, parsed as browsers and the outbox will parse them.
  addWebUrlFormat(ajv);
  ajv.addSchema(spec.document as object, SPEC_ID);
  return ajv;
}
