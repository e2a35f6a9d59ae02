import { SLOT_COUNT } from '../../src/router/table/constants.js';
import type { RoutingTable } from '../../src/router/table/types.js';
import { prng } from './support.js';

/*
 * Corrupt encodings of a valid table, for fuzzing decodeTable: text-level damage
 * (flipped, cut, inserted characters) and structure-level damage (fields with
 * wrong types or values, missing fields, broken runs).
 */

const WEIRD: readonly unknown[] = [null, true, false, 0, -1, 1.5, 2 ** 31, Number.MAX_SAFE_INTEGER, '', 'x', '__proto__', [], [0], {}, { i: 'a' }, 'h:', 'p:1'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function textDamage(random: () => number, text: string): string {
  const at = Math.floor(random() * text.length);
  switch (Math.floor(random() * 5)) {
    case 0:
      return text.slice(0, at) + String.fromCharCode(32 + Math.floor(random() * 95)) + text.slice(at + 1);
    case 1:
      return text.slice(0, at);
    case 2:
      return text.slice(0, at) + pick(random, ['{', ']', ',', '"', '\\', '\u0000', 'é', '🙂', '1e999']) + text.slice(at);
    case 3:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 10));
    default:
      return text + 'x'.repeat(Math.floor(random() * 1100));
  }
}

function structureDamage(random: () => number, table: RoutingTable): unknown {
  const t = JSON.parse(JSON.stringify(table)) as Record<string, unknown>;
  const fields = Object.keys(t);
  switch (Math.floor(random() * 6)) {
    case 0:
      t[pick(random, fields)] = pick(random, WEIRD);
      break;
    case 1:
      delete t[pick(random, fields)];
      break;
    case 2: {
      const runs = t.r as number[];
      runs[Math.floor(random() * runs.length)] = pick(random, [-1, 0, 1, SLOT_COUNT, 3.5, 99, NaN]);
      break;
    }
    case 3: {
      const cells = t.c as Record<string, unknown>[];
      const cell = pick(random, cells);
      cell[pick(random, ['i', 'd', 'u', 'p', 'n', 'o', 'x'])] = pick(random, WEIRD);
      break;
    }
    case 4:
      (t.c as Record<string, unknown>[]).forEach((c) => (c.x = 1));
      break;
    default:
      (t.k as unknown[]).push(pick(random, WEIRD));
  }
  return t;
}

/**
 * `count` corrupt encodings of `table`, the same for the same seed. Some may
 * still be valid tables (a damaged field may land on another valid value).
 */
export function corruptTables(table: RoutingTable, count: number, seed: number): unknown[] {
  const random = prng(seed);
  const text = JSON.stringify(table);
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const kind = random();
    if (kind < 0.45) out.push(textDamage(random, text));
    else if (kind < 0.9) out.push(JSON.stringify(structureDamage(random, table)));
    else out.push(pick(random, [undefined, null, 42, {}, [], '', 'null', '[]', '{}', '"str"']));
  }
  return out;
}

/**
 * An independent check that a decoded table is safe to route with: every slot
 * has a cell, indexes are in range, some cell is enabled.
 */
export function isSoundTable(t: RoutingTable): boolean {
  const covered = t.r.reduce((sum, v, i) => (i % 2 === 1 ? sum + v : sum), 0);
  const indexesOk = t.r.every((v, i) => Number.isInteger(v) && (i % 2 === 0 ? v >= 0 && v < t.c.length : v > 0));
  return (
    t.v === 1 &&
    covered === SLOT_COUNT &&
    indexesOk &&
    t.c.some((c) => !c.x) &&
    t.f >= 0 &&
    t.f < t.c.length &&
    t.c.every((c) => typeof c.i === 'string' && (t.m === 'p' ? typeof c.d === 'string' : typeof c.u === 'string'))
  );
}
