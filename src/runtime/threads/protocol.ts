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

export type HostMessage = LoadMessage | StoreMessage | RunMessage | ForgetMessage;

/** A callback the function made, replayed by the host in order. */
export type RecordedCall = readonly ['log' | 'updateOrigin' | 'selectOrigin' | 'createOriginGroup', string | null];

/** Thread to host. */
export type ThreadMessage =
  /** Started; `tid` is the thread's id in `/proc/self/task` (Linux), for its CPU time. */
  | { readonly type: 'ready'; readonly tid: number | undefined }
  | { readonly type: 'done'; readonly outcome: SandboxOutcome; readonly calls: readonly RecordedCall[] }
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
  /** Slot: the thread's CPU clock ticks when its run started (Linux), -1 if unknown. */
  runStartTicks: 2,
  /** Where the answer's UTF-8 bytes start. */
  answerOffset: 16,
  /** The buffer's size: a KVS value is at most 1 KB, its metadata much less. */
  bytes: 16 + 64 * 1024,
} as const;
