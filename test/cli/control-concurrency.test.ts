import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIOUS_TABLE_KEY, TABLE_KEY, decodeTable } from '../../src/router/table/index.js';
import { historyKey, HISTORY_SLOTS, parseHistoryValue } from '../../src/control/index.js';
import { runCli } from '../support/dev-process.js';
import { cli, configWith, outputsFor, put, startLocalStore, type CliRun, type LocalStore } from '../control/support.js';

/*
 * "20 parallel `apply` runs of different configs from the same base: exactly
 * one succeeds, 19 exit 3, and the store holds the winner's table; repeated 20
 * times, never a lost update or a corrupt store."
 *
 * Each round plans 20 configs against the live store (so all 20 plans record
 * the same base ETag), then applies the 20 plans at once. Round 1 runs 20 real
 * `cellfront apply` processes. Rounds 2-20 run `main()` 20 times concurrently
 * in this process: each call builds its own AWS SDK client with its own
 * connection pool and sends real HTTP to the local KVS server, so the race is
 * the same one, without paying 380 more Node start-ups on a 2-core machine.
 */

const ROUNDS = 20;
const RACERS = 20;

let local: LocalStore;
beforeAll(async () => {
  local = await startLocalStore();
  await put(local.dir, 'out.json', outputsFor(local));
  await put(local.dir, 'base.json', configWith([50, 30, 20]));
  const r = await cli(local.dir, ['apply', '--config', 'base.json', '--outputs-file', 'out.json', '--yes']);
  expect(r.code).toBe(0);
});
afterAll(async () => {
  await local.close();
});

/** Plans RACERS configs, all different, against the live store; returns each plan's table. */
async function planRound(round: number): Promise<string[]> {
  const tables: string[] = [];
  for (let i = 0; i < RACERS; i++) {
    await put(local.dir, `config-${i}.json`, configWith([10 + i, 10 + ((round * 7 + i * 3) % 41), 5 + round]));
    const r = await cli(local.dir, ['plan', '--config', `config-${i}.json`, '--outputs-file', 'out.json', '--out', `plan-${i}.json`]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(await readFile(join(local.dir, `plan-${i}.json`), 'utf8')) as { plan: { writes: { puts: { key: string; value: string }[] } } };
    tables.push(plan.plan.writes.puts.find((p) => p.key === TABLE_KEY)?.value ?? '');
  }
  expect(new Set(tables).size).toBe(RACERS);
  return tables;
}

async function race(round: number, realProcesses: boolean): Promise<void> {
  const base = local.store.get(TABLE_KEY) as string;
  const baseEtag = local.store.etag;
  const tables = await planRound(round);
  expect(local.store.etag).toBe(baseEtag);

  const runs: CliRun[] = await Promise.all(
    tables.map(async (_, i) => {
      const argv = ['apply', `plan-${i}.json`, '--outputs-file', 'out.json', '--yes'];
      if (!realProcesses) return cli(local.dir, argv);
      const r = await runCli(argv.map((a) => (a.endsWith('.json') ? join(local.dir, a) : a)), { NODE_NO_WARNINGS: '1' });
      return { code: r.code ?? -1, stdout: r.stdout, stderr: r.stderr };
    }),
  );

  const winners = runs.flatMap((r, i) => (r.code === 0 ? [i] : []));
  expect(winners, `round ${round}: exit codes ${runs.map((r) => r.code).join(',')}`).toHaveLength(1);
  const losers = runs.filter((r) => r.code === 3);
  expect(losers).toHaveLength(RACERS - 1);
  for (const loser of losers) {
    expect(loser.stderr).toMatch(/^cellfront apply: the store changed since \S*plan-\d+\.json was made \(ETag KV\w+ expected, the store is at KV\w+\); nothing was written\./);
  }
  // The winner's table, and the base kept as previous: nothing lost, nothing mixed.
  const winner = winners[0] as number;
  expect(local.store.get(TABLE_KEY)).toBe(tables[winner]);
  expect(local.store.get(PREVIOUS_TABLE_KEY)).toBe(base);
  expect(decodeTable(local.store.get(TABLE_KEY)).ok).toBe(true);
  // Besides the two tables, only the history: one entry per apply that won (the base's, then one a round).
  expect(local.store.describe().itemCount).toBe(2 + Math.min(round + 1, HISTORY_SLOTS));
  const entry = parseHistoryValue(local.store.get(historyKey(round + 1)) ?? '');
  expect(entry).toMatchObject({ seq: round + 1, action: 'apply', via: 'cli' });
  expect(entry?.what).toMatch(new RegExp(`^config-${winner}\\.json: `));
}

describe('20 parallel applies from the same base', () => {
  it('round 1 with 20 real processes: exactly one wins, 19 exit 3', async () => {
    await race(1, true);
  }, 180_000);

  it(`rounds 2 to ${ROUNDS} in-process with separate SDK clients: never a lost update or a corrupt store`, async () => {
    for (let round = 2; round <= ROUNDS; round++) await race(round, false);
  }, 180_000);
});
