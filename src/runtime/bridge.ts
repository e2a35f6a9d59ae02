/**
 * The host's side of a vm context: the `host` object the in-context scripts of
 * `./sandbox/` call. It takes and returns only primitives, so function code never
 * holds a host object (host constructors would lead out of the sandbox). A context
 * is prepared before the invocation it serves, so the bridge is bound to that
 * invocation later, by `bind`; the in-context scripts read per-run values only
 * once the function runs.
 *
 * The names and meanings of `host`'s members are shared with the njs engine,
 * which runs `sandbox/cloudfront.js` and `sandbox/driver.js` too.
 */
import { createHash, createHmac } from 'node:crypto';
import { FUNCTION_MEMORY_MAX_BYTES } from '../limits.js';
import { SANDBOX_REMOVALS } from './allowlist.js';
import { RandomBatch } from './random-batch.js';
import type { EventType, KvsReader } from './types.js';

/** What one invocation gives the function's context, whichever engine runs it. */
export interface InvocationPorts {
  readonly filename: string;
  readonly eventJson: string;
  readonly rawQuery: string | undefined;
  readonly eventType: EventType;
  readonly kvs: KvsReader | undefined;
  readonly kvsId: string | undefined;
  log(line: string): void;
  /** Receives `cf.updateRequestOrigin`'s argument as JSON (`null` when it cannot be serialized). */
  updateOrigin(json: string | null): void;
  /** Receives `cf.selectRequestOriginById`'s arguments as JSON `{ originId, options? }`; without it, the helper throws. */
  selectOrigin?(json: string | null): void;
  /** Receives `cf.createRequestOriginGroup`'s argument as JSON; without it, the helper throws. */
  createOriginGroup?(json: string | null): void;
}

/** One invocation, as the bridge serves it. */
export interface BridgeRun extends InvocationPorts {
  settle(kind: 'ok' | 'error', payload: string | undefined | null): void;
  memoryExceeded(description: string): void;
}

/** A bridge and the way to bind it to the invocation its context will serve. */
export interface Bridge {
  /** Handed to the in-context scripts once, when the context is prepared. */
  readonly host: object;
  bind(run: BridgeRun): void;
}

/** Random words for the invocations' `Math.random` seeds, drawn for 256 invocations at a time. */
const seedBytes = new RandomBatch(4 * 4 * 256);
const seeds = new Uint32Array(seedBytes.bytes.buffer, seedBytes.bytes.byteOffset, seedBytes.bytes.length / 4);

/** The index in `seeds` of four fresh random words. */
function nextSeeds(): number {
  return seedBytes.take(16) / 4;
}

/** A new, unbound bridge. */
export function createBridge(): Bridge {
  let current: BridgeRun | undefined;
  const host: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  Object.assign(host, {
    memoryMaxBytes: FUNCTION_MEMORY_MAX_BYTES,
    removals: SANDBOX_REMOVALS,
    log: (line: unknown) => void guard(() => current?.log(String(line))),
    kvsGet: (key: unknown) => guard(() => current?.kvs?.get(String(key))),
    kvsExists: (key: unknown) => guard(() => current?.kvs?.get(String(key)) !== undefined),
    kvsMeta: () => guard(() => JSON.stringify(current?.kvs?.meta() ?? null)),
    digest: (algorithm: string, key: string | null, data: string) =>
      guard(() => {
        const hash = key === null ? createHash(algorithm) : createHmac(algorithm, Buffer.from(key, 'latin1'));
        return hash.update(Buffer.from(data, 'latin1')).digest().toString('latin1');
      }) ?? '',
    updateOrigin: (json: unknown) => void guard(() => current?.updateOrigin(typeof json === 'string' ? json : null)),
    selectOrigin: (json: unknown) => void guard(() => current?.selectOrigin?.(typeof json === 'string' ? json : null)),
    createOriginGroup: (json: unknown) => void guard(() => current?.createOriginGroup?.(typeof json === 'string' ? json : null)),
    settle: (kind: 'ok' | 'error', payload: string | undefined | null) => void guard(() => current?.settle(kind, payload)),
    memoryExceeded: (description: unknown) => void guard(() => current?.memoryExceeded(String(description))),
  });
  return {
    host,
    bind(run) {
      current = run;
      const at = nextSeeds();
      // Stored one by one, with no object in between for `Object.assign` to copy.
      host.filename = run.filename;
      host.eventJson = run.eventJson;
      host.hasRawQuery = run.rawQuery !== undefined;
      host.rawQuery = run.rawQuery;
      host.eventType = run.eventType;
      host.startMs = Date.now();
      host.kvsAttached = run.kvs !== undefined;
      host.kvsId = run.kvsId;
      host.seed0 = seeds[at];
      host.seed1 = seeds[at + 1];
      host.seed2 = seeds[at + 2];
      host.seed3 = seeds[at + 3];
    },
  };
}

/**
 * Nothing may throw a host error into the context (its constructor leads out):
 * a failing store, hash or callback answers `null`, "failed".
 */
function guard<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}
