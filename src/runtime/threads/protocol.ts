/**
 * The messages between the host and its invocation threads (`./invocation-pool.ts`,
 * `./invocation-worker.ts`). Only plain data crosses: the function's code once per
 * thread, a store's items whenever the store changed since the thread last saw it,
 * and per invocation the event and what the function did.
 */
import type { PreparedSource } from '../source.js';
import type { EventType } from '../types.js';
import type { SandboxOutcome } from '../sandbox.js';

/** How a run's KeyValueStore reaches the thread. */
export type KvsLink =
  /** A copy the thread holds (`store` names it), kept current by `StoreMessage`s. */
  | { readonly kind: 'copy'; readonly store: number }
  /** Each read asks the host, and the thread waits for the answer (any other reader). */
  | { readonly kind: 'ask' };

/** Host to thread: a function to keep ready (its warm context is made on first use). */
export interface LoadMessage {
  readonly type: 'load';
  readonly fn: number;
  readonly prepared: PreparedSource;
}

/** Host to thread: a store's contents as of `version`, replacing what it had. */
export interface StoreMessage {
  readonly type: 'store';
  readonly store: number;
  readonly items: ReadonlyArray<readonly [string, string]>;
  readonly metaJson: string;
}

/** Host to thread: one invocation. */
export interface RunMessage {
  readonly type: 'run';
  readonly fn: number;
  readonly filename: string;
  readonly eventJson: string;
  readonly rawQuery: string | undefined;
  readonly eventType: EventType;
  readonly kvs: KvsLink | undefined;
  readonly kvsId: string | undefined;
  readonly budgetMs: number;
  /** Which of the optional origin helpers the host serves. */
  readonly selectOrigin: boolean;
  readonly createOriginGroup: boolean;
}

/** Host to thread: a function or store nobody can use any more (its context or copy goes). */
export interface ForgetMessage {
  readonly type: 'forget';
  readonly what: 'fn' | 'store';
  readonly id: number;
}

export type HostMessage = LoadMessage | StoreMessage | RunBatch | ForgetMessage;

/**
 * A `RunMessage` as it crosses, and the outcome coming back (`DoneWire`): tuples, since
 * a structured clone of an array costs about half that of an object with named fields,
 * and these two cross once per invocation. The KVS link is a number: the store's id
 * for a copy, `KVS_ASK` or `KVS_NONE`; the origin helpers are bits of one number.
 */
export type RunWire = readonly [type: 'run', fn: number, eventJson: string, rawQuery: string | undefined, eventType: EventType, kvs: number, kvsId: string | undefined, budgetMs: number, helpers: number, filename: string];

const KVS_ASK = -1;
const KVS_NONE = -2;
const SELECT_ORIGIN = 1;
const CREATE_ORIGIN_GROUP = 2;

/**
 * Runs handed to a thread in one message, to run in order: all those the host
 * dispatched to it in one turn of its event loop (see `./invocation-pool.ts`).
 */
export type RunBatch = readonly RunWire[];

export function isRunBatch(message: HostMessage): message is RunBatch {
  return Array.isArray(message);
}

export function isDoneWire(message: ThreadMessage): message is DoneWire {
  return Array.isArray(message);
}

export function encodeRun(run: Omit<RunMessage, 'type'>): RunWire {
  const kvs = run.kvs === undefined ? KVS_NONE : run.kvs.kind === 'ask' ? KVS_ASK : run.kvs.store;
  const helpers = (run.selectOrigin ? SELECT_ORIGIN : 0) | (run.createOriginGroup ? CREATE_ORIGIN_GROUP : 0);
  return ['run', run.fn, run.eventJson, run.rawQuery, run.eventType, kvs, run.kvsId, run.budgetMs, helpers, run.filename];
}

export function decodeRun(wire: RunWire): RunMessage {
  const [, fn, eventJson, rawQuery, eventType, kvs, kvsId, budgetMs, helpers, filename] = wire;
  return {
    type: 'run',
    fn,
    filename,
    eventJson,
    rawQuery,
    eventType,
    kvs: kvs === KVS_NONE ? undefined : kvs === KVS_ASK ? { kind: 'ask' } : { kind: 'copy', store: kvs },
    kvsId,
    budgetMs,
    selectOrigin: (helpers & SELECT_ORIGIN) !== 0,
    createOriginGroup: (helpers & CREATE_ORIGIN_GROUP) !== 0,
  };
}

/** Thread to host: how a run ended (the outcome's kind and its one field) and the calls it made (`null` for none). */
export type DoneWire = readonly [type: 'done', kind: SandboxOutcome['kind'], payload: string | null | undefined, calls: readonly RecordedCall[] | null];

export function encodeDone(outcome: SandboxOutcome, calls: readonly RecordedCall[]): DoneWire {
  const payload = outcome.kind === 'returned' ? outcome.json : outcome.kind === 'threw' || outcome.kind === 'memory' ? outcome.message : undefined;
  return ['done', outcome.kind, payload, calls.length === 0 ? null : calls];
}

export function decodeDone(wire: DoneWire): { outcome: SandboxOutcome; calls: readonly RecordedCall[] } {
  const [, kind, payload, calls] = wire;
  let outcome: SandboxOutcome;
  switch (kind) {
    case 'returned':
      outcome = { kind, json: payload };
      break;
    case 'threw':
    case 'memory':
      outcome = { kind, message: payload ?? '' };
      break;
    default:
      outcome = { kind };
  }
  return { outcome, calls: calls ?? [] };
}

/** A callback the function made, replayed by the host in order. */
export type RecordedCall = readonly ['log' | 'updateOrigin' | 'selectOrigin' | 'createOriginGroup', string | null];

/** Thread to host. */
export type ThreadMessage =
  /** Started; `tid` is the thread's id in `/proc/self/task` (Linux), for its CPU time. */
  | { readonly type: 'ready'; readonly tid: number | undefined }
  | DoneWire
  /** A KVS read for an `ask` link: the host answers in the shared buffer. */
  | { readonly type: 'kvs'; readonly op: 'get' | 'meta'; readonly key: string };

/**
 * The buffer a thread shares with its host (Int32 slots, then bytes): the thread
 * writes the CPU ticks it had used when its current run started, and reads the
 * host's answers to KVS reads.
 */
export const SHARED = {
  /** Slot: 0 while a KVS answer is awaited, 1 once written. */
  answerReady: 0,
  /** Slot: the answer's length in bytes, or -1 for "no value", -2 for a failed read. */
  answerLength: 1,
  /** Slot: the thread's CPU clock ticks when its function's code started (Linux); -1 while none runs, or if unknown. */
  runStartTicks: 2,
  /** Where the answer's UTF-8 bytes start. */
  answerOffset: 16,
  /** The buffer's size: a KVS value is at most 1 KB, its metadata much less. */
  bytes: 16 + 64 * 1024,
} as const;
