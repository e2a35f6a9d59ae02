import { KVS_VALUE_MAX_BYTES } from '../limits.js';
import type { KvsEntry } from '../router/table/index.js';

/*
 * The change history lives in the store itself, so every tool that can reach
 * the store (on AWS too) sees who changed routing, and how. It is a ring of
 * HISTORY_SLOTS keys, `cellfront:history:00` to `:31`: entry number `seq`
 * goes to slot `seq % HISTORY_SLOTS`, overwriting the entry 32 changes older.
 * An entry is written in the same conditional UpdateKeys call as the change it
 * describes, so it exists exactly when the change does, and the ETag safety of
 * the change covers it too.
 */

/** Prefix of the history keys: `cellfront:history:NN`, NN the slot, two digits. */
export const HISTORY_KEY_PREFIX = 'cellfront:history:';

/** Longest `by` and `via` kept; `what` takes the rest of the value. */
const HISTORY_NAME_MAX_CHARS = 128;

/** Entries the ring keeps: the store holds at most this many history keys. */
export const HISTORY_SLOTS = 32;

/** What made a change. */
export const HISTORY_ACTIONS = ['apply', 'shift', 'rollback', 'pin', 'unpin', 'drain', 'undrain', 'deploy'] as const;

/** What made a change: a control-plane command, or a deployment writing the table. */
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** How a shift recorded in the history stands. */
export type ShiftState = 'running' | 'done' | 'interrupted' | 'aborted';

/** One change, as the history keeps it. */
export interface HistoryEntry {
  /** 1, 2, 3, ...: the order of changes. */
  readonly seq: number;
  /** When the change was written, ISO 8601. */
  readonly at: string;
  readonly action: HistoryAction;
  /** Who: the person (`user@host`, or `$CELLFRONT_ACTOR`) or the stack that made the change. */
  readonly by: string;
  /** Through what: `cli`, `dashboard`, `dev`, `cdk`. */
  readonly via: string;
  /** What changed, in words: `api2 50.00% -> 80.00%`. */
  readonly what: string;
  /** For a shift: the steps written so far and planned, and how it stands. */
  readonly shift?: { readonly step: number; readonly of: number; readonly state: ShiftState };
}

/** An entry before it has a number and a time. */
export type HistoryDraft = Omit<HistoryEntry, 'seq' | 'at'>;

/** Who makes a change and through what; `what` comes from the change itself. */
export interface Actor {
  readonly by: string;
  readonly via: string;
}

/** The history key of entry `seq`. */
export function historyKey(seq: number): string {
  return HISTORY_KEY_PREFIX + String(seq % HISTORY_SLOTS).padStart(2, '0');
}

/** Whether `key` is one of the history ring's keys. */
export function isHistoryKey(key: string): boolean {
  return key.startsWith(HISTORY_KEY_PREFIX);
}

/** The number the next entry takes, after the newest one in `history`. */
export function nextSeq(history: readonly HistoryEntry[]): number {
  return history.reduce((max, e) => Math.max(max, e.seq), 0) + 1;
}

/**
 * The key and value that record `draft` as entry `seq`. Text fields are cut
 * (with `...`) so the value fits in one KVS value.
 *
 * @example historyPut(nextSeq(live.history), { action: 'drain', by: 'ana@box', via: 'cli', what: 'api2' }, new Date())
 */
export function historyPut(seq: number, draft: HistoryDraft, now: Date): KvsEntry {
  let names = HISTORY_NAME_MAX_CHARS;
  let what = draft.what;
  for (;;) {
    const value = JSON.stringify({ seq, at: now.toISOString(), ...draft, by: draft.by.slice(0, names), via: draft.via.slice(0, names), what });
    const over = Buffer.byteLength(value, 'utf8') - KVS_VALUE_MAX_BYTES;
    if (over <= 0) return { key: historyKey(seq), value };
    if (what === '...' || what === '') {
      // Only names made of escaped characters get here: shorten them too.
      names = Math.floor(names / 2);
      continue;
    }
    what = `${cutToBytes(what, Buffer.byteLength(what, 'utf8') - over - 3)}...`;
  }
}

/** The longest start of `text` that takes at most `bytes` UTF-8 bytes, cut between characters. */
function cutToBytes(text: string, bytes: number): string {
  let kept = '';
  let used = 0;
  for (const ch of text) {
    used += Buffer.byteLength(ch, 'utf8');
    if (used > bytes) break;
    kept += ch;
  }
  return kept;
}

/**
 * The entry a history value holds, or `undefined` when it is not one (a key
 * someone wrote by hand): the history is informative, never a reason to fail.
 */
export function parseHistoryValue(value: string): HistoryEntry | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const text = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const seq = r.seq;
  const action = HISTORY_ACTIONS.find((a) => a === r.action);
  const at = text(r.at);
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1 || !action || at === undefined) return undefined;
  const shift = r.shift as Record<string, unknown> | undefined;
  const shiftOk =
    typeof shift === 'object' && shift !== null && typeof shift.step === 'number' && typeof shift.of === 'number' && ['running', 'done', 'interrupted', 'aborted'].includes(String(shift.state));
  return {
    seq,
    at,
    action,
    by: text(r.by) ?? '?',
    via: text(r.via) ?? '?',
    what: text(r.what) ?? '',
    ...(shiftOk ? { shift: { step: shift.step as number, of: shift.of as number, state: shift.state as ShiftState } } : {}),
  };
}

/** The entries among a store's items, newest first. */
export function historyFrom(items: readonly KvsEntry[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const { key, value } of items) {
    if (!isHistoryKey(key)) continue;
    const entry = parseHistoryValue(value);
    if (entry && historyKey(entry.seq) === key) entries.push(entry);
  }
  return entries.sort((a, b) => b.seq - a.seq);
}
