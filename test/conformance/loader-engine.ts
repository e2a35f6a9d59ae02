/**
 * A conformance engine made from a way to load a function (`loadFunction` with an
 * engine chosen): runs the case through the runtime's own checks and reports the
 * outcome in event form. Both runner files build their engine with this.
 */
import {
  FunctionLoadError,
  functionOutput,
  type CloudFrontFunction,
  type FunctionEvent,
  type KvsReader,
  type LoadOptions,
} from '../../src/runtime/index.js';
import { KVS_ID } from './case.js';
import type { ConformanceEngine, ConformanceResult } from './engine.js';

/** A store in memory with fixed dates, as cases see it through `kvs.meta()`. */
export function memoryStore(entries: Readonly<Record<string, string>>): KvsReader {
  const items = new Map(Object.entries(entries));
  return {
    get: (key) => items.get(key),
    meta: () => ({ creationDateTime: '2024-01-02T03:04:05.000Z', lastUpdatedDateTime: '2024-02-03T04:05:06.000Z', keyCount: items.size }),
  };
}

/** The engine `name`, loading functions with `load`. */
export function loaderEngine(name: string, load: (source: string, options: LoadOptions) => CloudFrontFunction): ConformanceEngine {
  return {
    name,
    async run(input): Promise<ConformanceResult> {
      const kvs = input.kvs ? memoryStore(input.kvs) : undefined;
      let fn: CloudFrontFunction;
      try {
        fn = load(input.source, { filename: 'function.js', kvs, kvsId: kvs ? KVS_ID : undefined });
      } catch (error) {
        // CloudFront refuses to publish such code; the local edge answers 503.
        if (error instanceof FunctionLoadError) return { kind: 'error', status: 503, message: error.message, logs: [] };
        throw error;
      }
      const outcome = await fn.invoke(input.event as FunctionEvent, { originIds: input.originIds });
      if (outcome.kind === 'error') return { kind: 'error', status: outcome.status, message: outcome.message, logs: outcome.logs };
      const output = functionOutput(outcome);
      if (outcome.kind === 'response') {
        return { kind: 'response', status: outcome.response.statusCode, value: output && 'response' in output ? output.response : undefined, logs: outcome.logs };
      }
      const { originId, origin, originGroup } = outcome.request;
      const asked = originId !== undefined || origin !== undefined || originGroup !== undefined ? { originId, origin, originGroup } : undefined;
      return { kind: 'request', value: output && 'request' in output ? output.request : undefined, origin: asked, logs: outcome.logs };
    },
  };
}
