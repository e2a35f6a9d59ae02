import { decodeTable, fallbackFault, openStored, PIN_KEY_PREFIX, PREVIOUS_TABLE_KEY, TABLE_KEY } from '../router/table/index.js';
import { isPooledKey } from './plan-pooled.js';
import { ControlError } from './errors.js';
import type { Plan } from './plan.js';

/** The `format` field of a plan file. */
export const PLAN_FORMAT = 'cellfront-plan';
/** The plan file version this code reads and writes. */
export const PLAN_VERSION = 1;

/**
 * A plan as saved by `cellfront plan --out`: the plan itself, which records
 * the ETag it was computed against, and when it was made.
 */
export interface PlanFile {
  readonly format: typeof PLAN_FORMAT;
  readonly version: typeof PLAN_VERSION;
  /** ISO-8601. */
  readonly createdAt: string;
  /**
   * The KVS endpoint the plan was made against (a local store's URL), so that
   * applying it reaches the same store. Absent: AWS's own endpoint.
   */
  readonly endpoint?: string;
  readonly plan: Plan;
}

/** The text of a plan file (pretty JSON, so it reads well in a review). */
export function planFileText(plan: Plan, createdAt: Date = new Date(), endpoint?: string): string {
  const file: PlanFile = { format: PLAN_FORMAT, version: PLAN_VERSION, createdAt: createdAt.toISOString(), ...(endpoint === undefined ? {} : { endpoint }), plan };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * The endpoint a plan file records, if any. Throws `ControlError('plan-invalid')`
 * when the field is there but not an http(s) URL.
 */
export function planFileEndpoint(text: string, file: string): string | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined; // parsePlanFile says what is wrong with it
  }
  if (!isRecord(document) || document.endpoint === undefined) return undefined;
  const endpoint = document.endpoint;
  if (typeof endpoint !== 'string' || !/^https?:\/\/[^/]/.test(endpoint)) {
    throw new ControlError('plan-invalid', `${file}#/endpoint: must be the http(s) URL of the KVS endpoint the plan was made against, got ${JSON.stringify(endpoint)}`);
  }
  return endpoint;
}

/**
 * Reads a plan file back, checking what applying it relies on: the store and
 * ETag it was made for, and writes that touch only cellfront's keys with a
 * table the edge can use. A hand-edited plan that breaks one of these is
 * refused with the JSON pointer at fault. Throws `ControlError('plan-invalid')`.
 *
 * @example parsePlanFile(await readFile('plan.json', 'utf8'), 'plan.json').etag
 */
export function parsePlanFile(text: string, file: string): Plan {
  const fail = (pointer: string, message: string): never => {
    throw new ControlError('plan-invalid', `${file}${pointer ? `#${pointer}` : ''}: ${message}`);
  };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return fail('', `not valid JSON (${(error as Error).message}); expected a file written by \`cellfront plan --out\``);
  }
  if (!isRecord(document) || document.format !== PLAN_FORMAT) {
    return fail('/format', `not a cellfront plan; expected "format": "${PLAN_FORMAT}", as \`cellfront plan --out\` writes`);
  }
  if (document.version !== PLAN_VERSION) return fail('/version', `version ${JSON.stringify(document.version)} is not supported; expected ${PLAN_VERSION}`);
  const plan = document.plan;
  if (!isRecord(plan)) return fail('/plan', 'must be an object');
  for (const name of ['arn', 'etag', 'configFile'] as const) {
    if (typeof plan[name] !== 'string' || plan[name] === '') fail(`/plan/${name}`, 'must be a non-empty string');
  }
  for (const name of ['changes', 'cells'] as const) if (!Array.isArray(plan[name])) fail(`/plan/${name}`, 'must be an array');
  for (const name of ['movedShare', 'tableBytes', 'calls'] as const) if (typeof plan[name] !== 'number') fail(`/plan/${name}`, 'must be a number');
  const writes = plan.writes;
  if (!isRecord(writes) || !Array.isArray(writes.puts) || !Array.isArray(writes.deletes)) {
    return fail('/plan/writes', 'must be {"puts": [{"key", "value"}], "deletes": ["key"]}');
  }
  writes.puts.forEach((put: unknown, i) => {
    const at = `/plan/writes/puts/${i}`;
    if (!isRecord(put) || typeof put.key !== 'string' || typeof put.value !== 'string') return fail(at, 'must be {"key": "...", "value": "..."}');
    if (!isCellfrontKey(put.key)) fail(`${at}/key`, `"${put.key}" is not a cellfront key; a plan writes only ${TABLE_KEY}, ${PREVIOUS_TABLE_KEY} and ${PIN_KEY_PREFIX}<key>`);
    const fault = put.key === TABLE_KEY ? tableValueFault(put.value) : '';
    if (fault) fail(`${at}/value`, `the routing table is not usable at the edge (${fault})`);
    return undefined;
  });
  writes.deletes.forEach((key: unknown, i) => {
    if (typeof key !== 'string' || !isCellfrontKey(key)) fail(`/plan/writes/deletes/${i}`, 'must be a cellfront key');
  });
  return plan as unknown as Plan;
}

/**
 * Why the edge cannot route with `value` as the stored table (`bad c`,
 * `bad F`, ...), or `''` when it can: a one-value table as `decodeTable`
 * checks it, a pooled table's head with its fallback cell. The check every
 * table a plan writes passes, read from a file or not.
 *
 * @example tableValueFault('{"v":1}') // 'bad m'
 */
export function tableValueFault(value: string): string {
  const decoded = decodeTable(value);
  if (decoded.ok) return '';
  const opened = /"v":2/.test(value) ? openStored(value) : '';
  if (typeof opened === 'object' && opened.v === 2) return fallbackFault(opened) ? 'bad F' : '';
  return typeof opened === 'string' && opened ? opened : decoded.reason;
}

function isCellfrontKey(key: string): boolean {
  return isPooledKey(key) || key === TABLE_KEY || key === PREVIOUS_TABLE_KEY || (key.startsWith(PIN_KEY_PREFIX) && key.length > PIN_KEY_PREFIX.length);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
