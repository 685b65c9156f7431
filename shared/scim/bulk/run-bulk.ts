import { ScimError, type ScimErrorBody } from '../errors';
import { referencedBulkIds, resolveData, resolvePath } from './bulk-references';
import { BULK_RESPONSE_SCHEMA, type BulkMethod, type BulkOperation, type BulkRequest } from './bulk-request';

/** One operation, its bulkId references replaced, as the executor runs it. */
export interface ResolvedOperation {
  method: BulkMethod;
  path: string;
  data?: unknown;
  version?: string;
}

/** What running one operation produced (RFC 7644 §3.7.3). */
export interface OperationOutcome {
  status: number;
  /** The id of the resource a POST created. */
  id?: string;
  location?: string;
  version?: string;
}

/** Runs one operation as if it were its own request; throws ScimError when that request would fail. */
export type BulkExecutor = (op: ResolvedOperation) => Promise<OperationOutcome>;

export interface BulkResponseOperation {
  method: string;
  bulkId?: string;
  version?: string;
  location?: string;
  status: string;
  response?: ScimErrorBody;
}

export interface BulkResponse {
  schemas: [typeof BULK_RESPONSE_SCHEMA];
  Operations: BulkResponseOperation[];
}

/**
 * RFC 7644 §3.7: runs the operations one at a time, each through `execute` exactly as a single
 * request would run. An operation that refers to `bulkId:x` runs after the POST that declares
 * `x` (request order otherwise), with the created id in place of the reference; one whose
 * reference cannot be resolved (no such bulkId: 400; its POST failed, or the references form
 * a cycle: 409, §3.7.1) fails without running. After `failOnErrors` failures the remaining
 * operations are skipped and left out of the response. Nothing is rolled back. The response
 * lists the operations that ran, in request order.
 */
export async function runBulk(request: BulkRequest, execute: BulkExecutor): Promise<BulkResponse> {
  const declared = new Map(request.operations.filter((op) => op.bulkId !== undefined).map((op) => [op.bulkId!, op]));
  const refs = new Map(request.operations.map((op) => [op.index, referencedBulkIds(op.path, op.data)]));
  const { order, cyclic } = runOrder(request.operations, refs, declared);
  const created = new Map<string, string>();
  const results = new Map<number, BulkResponseOperation>();
  let errors = 0;
  for (const op of order) {
    if (request.failOnErrors !== undefined && errors >= request.failOnErrors) break;
    const result = await runOne(op, { refs: refs.get(op.index)!, declared, created, cyclic, execute });
    results.set(op.index, result);
    if (Number(result.status) >= 400) errors++;
  }
  const Operations = [...results.entries()].sort(([a], [b]) => a - b).map(([, r]) => r);
  return { schemas: [BULK_RESPONSE_SCHEMA], Operations };
}

interface RunState {
  refs: Set<string>;
  declared: ReadonlyMap<string, BulkOperation>;
  created: Map<string, string>;
  cyclic: ReadonlySet<number>;
  execute: BulkExecutor;
}

async function runOne(op: BulkOperation, state: RunState): Promise<BulkResponseOperation> {
  const head: BulkResponseOperation = { method: op.method ?? 'unknown', status: '' };
  if (op.bulkId !== undefined) head.bulkId = op.bulkId;
  try {
    if (op.invalid) throw op.invalid;
    checkReferences(op, state);
    const outcome = await state.execute({
      method: op.method!,
      path: resolvePath(op.path!, state.created),
      data: op.data === undefined ? undefined : resolveData(op.data, state.created),
      version: op.version,
    });
    if (op.bulkId !== undefined && outcome.id !== undefined) state.created.set(op.bulkId, outcome.id);
    if (outcome.location !== undefined) head.location = outcome.location;
    if (outcome.version !== undefined) head.version = outcome.version;
    return { ...head, status: String(outcome.status) };
  } catch (e) {
    if (!(e instanceof ScimError)) throw e;
    return { ...head, status: String(e.status), response: e.toBody() };
  }
}

function checkReferences(op: BulkOperation, state: RunState): void {
  for (const id of state.refs) {
    if (!state.declared.has(id)) throw ScimError.invalidValue(`"bulkId:${id}" does not name the bulkId of a POST in this request`);
  }
  if (state.cyclic.has(op.index)) throw ScimError.conflict('the bulkId references of this operation form a cycle, so it cannot run');
  for (const id of state.refs) {
    if (!state.created.has(id)) throw ScimError.conflict(`"bulkId:${id}" cannot be resolved: the operation that creates it failed`);
  }
}

/**
 * Request order, except that an operation waits for the POSTs whose bulkIds it refers to.
 * Operations left waiting on each other form cycles: they run last and fail.
 */
function runOrder(
  ops: BulkOperation[],
  refs: ReadonlyMap<number, Set<string>>,
  declared: ReadonlyMap<string, BulkOperation>,
): { order: BulkOperation[]; cyclic: Set<number> } {
  const deps = new Map(ops.map((op) => [op.index, [...refs.get(op.index)!].map((id) => declared.get(id)).filter((d): d is BulkOperation => d !== undefined)]));
  const done = new Set<number>();
  const order: BulkOperation[] = [];
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const op of ops) {
      if (done.has(op.index) || !deps.get(op.index)!.every((d) => done.has(d.index))) continue;
      done.add(op.index);
      order.push(op);
      progressed = true;
      break;
    }
  }
  const cyclic = new Set(ops.filter((op) => !done.has(op.index)).map((op) => op.index));
  return { order: [...order, ...ops.filter((op) => cyclic.has(op.index))], cyclic };
}
