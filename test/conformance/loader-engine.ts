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
  type Invocation,
  type KvsReader,
  type LoadOptions,
} from '../../src/runtime/index.js';
import { KVS_ID } from './case.js';
import type { ConformanceEngine, ConformanceInput, ConformanceResult } from './engine.js';

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
  const open = (input: Omit<ConformanceInput, 'event'>) => {
    const kvs = input.kvs ? memoryStore(input.kvs) : undefined;
    let fn: CloudFrontFunction | FunctionLoadError;
    try {
      fn = load(input.source, { filename: 'function.js', kvs, kvsId: kvs ? KVS_ID : undefined });
    } catch (error) {
      if (!(error instanceof FunctionLoadError)) throw error;
      fn = error;
    }
    return {
      run: async (event: object): Promise<ConformanceResult> => {
        // CloudFront refuses to publish such code; the local edge answers 503.
        if (fn instanceof FunctionLoadError) return { kind: 'error', status: 503, message: fn.message, logs: [] };
        return resultOf(await fn.invoke(event as FunctionEvent, { originIds: input.originIds }));
      },
    };
  };
  return {
    name,
    load: open,
    run: (input) => open(input).run(input.event),
  };
}

function resultOf(outcome: Invocation): ConformanceResult {
  if (outcome.kind === 'error') return { kind: 'error', status: outcome.status, message: outcome.message, logs: outcome.logs };
  const output = functionOutput(outcome);
  if (outcome.kind === 'response') {
    return { kind: 'response', status: outcome.response.statusCode, value: output && 'response' in output ? output.response : undefined, logs: outcome.logs };
  }
  const { originId, origin, originGroup } = outcome.request;
  const asked = originId !== undefined || origin !== undefined || originGroup !== undefined ? { originId, origin, originGroup } : undefined;
  return { kind: 'request', value: output && 'request' in output ? output.request : undefined, origin: asked, logs: outcome.logs };
}
