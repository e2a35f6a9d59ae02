/**
 * cellfront's programmatic API for testing CloudFront Functions: a local edge
 * from a function file, KeyValueStore data and origins, driven with `fetch`'s arguments.
 *
 * @example
 * import { createTestEdge } from 'cellfront/testing';
 * const edge = await createTestEdge({ functionFile: 'router.js', kvs: { cell: 'b' }, origins: { api: 'http://localhost:3000' } });
 * const res = await edge.fetch('/');
 * await edge.close();
 */
export { TestEdgeError, type TestEdgeErrorCode } from './errors.js';
export type { OriginHandler } from './handler-origin.js';
export type { KvsData } from './kvs-data.js';
export {
  createTestEdge,
  type FunctionSource,
  type OriginRecord,
  type TestEdge,
  type TestEdgeOptions,
  type TestResponse,
} from './test-edge.js';
