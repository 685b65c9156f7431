import { ScimError } from '../errors';

export const BULK_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

/** Operations accepted in one bulk request (advertised as bulk.maxOperations). */
export const MAX_BULK_OPERATIONS = 1000;

export type BulkMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One entry of `Operations` (RFC 7644 §3.7), or why it cannot be run. */
export interface BulkOperation {
  /** Its place in the request's Operations. */
  index: number;
  method?: BulkMethod;
  bulkId?: string;
  version?: string;
  path?: string;
  data?: unknown;
  /** Set when the entry itself is malformed: it is answered with this error and not run. */
  invalid?: ScimError;
}

export interface BulkRequest {
  /** Errors accepted before the rest of the operations is skipped; unlimited when absent. */
  failOnErrors?: number;
  operations: BulkOperation[];
}

const METHODS = new Set<string>(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Reads a BulkRequest body (RFC 7644 §3.7.1). Field names in any case. The request as a whole is
 * refused when it is not one: not an object or without an `Operations` array (400
 * invalidSyntax), a `schemas` not naming BulkRequest (400 invalidSyntax), `failOnErrors` not a
 * positive integer or a bulkId used twice (400 invalidValue), more than `maxOperations`
 * operations (413, naming the limit, as §3.7.4 requires). A malformed single operation is
 * answered in its own status and does not stop the others.
 */
export function parseBulkRequest(body: unknown, maxOperations = MAX_BULK_OPERATIONS): BulkRequest {
  const fields = lowerKeys(body, 'the request body must be a BulkRequest object');
  const schemas = fields.get('schemas');
  if (schemas !== undefined && !(Array.isArray(schemas) && schemas.some((s) => typeof s === 'string' && s.toLowerCase() === BULK_REQUEST_SCHEMA.toLowerCase()))) {
    throw ScimError.invalidSyntax(`schemas must list ${BULK_REQUEST_SCHEMA}`);
  }
  const ops = fields.get('operations');
  if (!Array.isArray(ops)) throw ScimError.invalidSyntax('Operations: expected an array of bulk operations');
  if (ops.length > maxOperations) {
    throw ScimError.payloadTooLarge(`the bulk request has ${ops.length} operations; maxOperations is ${maxOperations}`);
  }
  const request: BulkRequest = { operations: ops.map((op, index) => parseOperation(op, index)) };
  const failOnErrors = fields.get('failonerrors');
  if (failOnErrors !== undefined && failOnErrors !== null) {
    if (!Number.isSafeInteger(failOnErrors) || (failOnErrors as number) < 1) throw ScimError.invalidValue('failOnErrors: expected a positive integer');
    request.failOnErrors = failOnErrors as number;
  }
  checkUniqueBulkIds(request.operations);
  return request;
}

function parseOperation(raw: unknown, index: number): BulkOperation {
  const op: BulkOperation = { index };
  let fields: Map<string, unknown>;
  try {
    fields = lowerKeys(raw, `Operations[${index}]: expected an object`);
  } catch (e) {
    return { ...op, invalid: e as ScimError };
  }
  const method = fields.get('method');
  if (typeof method === 'string' && METHODS.has(method.toUpperCase())) op.method = method.toUpperCase() as BulkMethod;
  const bulkId = fields.get('bulkid');
  if (typeof bulkId === 'string' && bulkId !== '') op.bulkId = bulkId;
  const version = fields.get('version');
  if (typeof version === 'string' && version !== '') op.version = version;
  const path = fields.get('path');
  if (typeof path === 'string') op.path = path;
  if (fields.has('data')) op.data = fields.get('data');
  const problem = operationProblem(op, method, bulkId);
  if (problem) op.invalid = ScimError.invalidSyntax(`Operations[${index}]: ${problem}`);
  return op;
}

function operationProblem(op: BulkOperation, method: unknown, bulkId: unknown): string | undefined {
  if (!op.method) return `method must be POST, PUT, PATCH or DELETE, got ${JSON.stringify(method ?? null)}`;
  if (bulkId !== undefined && bulkId !== null && op.bulkId === undefined) return 'bulkId must be a non-empty string';
  if (op.method === 'POST' && op.bulkId === undefined) return 'bulkId is required with POST';
  if (op.path === undefined || op.path.trim() === '') return 'path is required, e.g. "/Users" or "/Users/{id}"';
  if (op.method !== 'DELETE' && op.data === undefined) return `data is required with ${op.method}`;
  return undefined;
}

function checkUniqueBulkIds(ops: BulkOperation[]): void {
  const seen = new Set<string>();
  for (const op of ops) {
    if (op.bulkId === undefined) continue;
    if (seen.has(op.bulkId)) throw ScimError.invalidValue(`bulkId ${JSON.stringify(op.bulkId)} is used by more than one operation`);
    seen.add(op.bulkId);
  }
}

function lowerKeys(value: unknown, problem: string): Map<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw ScimError.invalidSyntax(problem);
  const fields = new Map<string, unknown>();
  for (const [key, v] of Object.entries(value)) if (!fields.has(key.toLowerCase())) fields.set(key.toLowerCase(), v);
  return fields;
}
