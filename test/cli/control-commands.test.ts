import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EdgeStats } from '../../src/edge/stats.js';
import { PREVIOUS_TABLE_KEY, TABLE_KEY } from '../../src/router/table/index.js';
import { cli, configWith, outputsFor, put, stable, startLocalStore, type LocalStore } from '../control/support.js';

let local: LocalStore;
beforeAll(async () => {
  local = await startLocalStore();
});
afterAll(async () => {
  await local.close();
});
beforeEach(async () => {
  await local.store.clear();
  await put(local.dir, 'out.json', outputsFor(local));
});

const store = ['--outputs-file', 'out.json'];
const run = (...argv: string[]) => cli(local.dir, argv);

/** Writes `config` and applies it without asking. */
async function applyConfig(config: Record<string, unknown>, name = 'cellfront.config.json'): Promise<void> {
  await put(local.dir, name, config);
  const r = await run('apply', '--config', name, ...store, '--yes');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

describe('cellfront validate', () => {
  it('prints the cells, their shares and the byte budget', async () => {
    await put(local.dir, 'cellfront.config.json', configWith([60, 40], { overrides: { 'tenant-42': 'api2' } }));
    const r = await run('validate', ...store);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "cellfront.config.json: valid

        cell   weight    share   origin
        api1       60   60.00%   https://gw1.execute-api.eu-west-1.amazonaws.com/prod/
        api2       40   40.00%   https://gw2.execute-api.eu-west-1.amazonaws.com/prod/

      table  279 of 1,024 bytes (2 runs), proxy mode
      store  2 keys (the table and 1 override), 321 of 5,242,880 bytes
      "
    `);
    const json = JSON.parse((await run('validate', ...store, '--json')).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ valid: true, file: 'cellfront.config.json', overrides: 1, budget: { tableBytes: 279, keyCount: 2 } });
  });

  it('names the file and the JSON pointer of every problem', async () => {
    await put(local.dir, 'bad.json', {
      cells: [
        { id: 'api1', origin: '${APIGATEWAY1URL}', weight: -1 },
        { id: 'api1', origin: '${NOPE}', weight: 10 },
      ],
      overrides: { t: 'api3' },
    });
    const schema = await run('validate', '--config', 'bad.json', ...store);
    expect(schema.code).toBe(1);
    expect(schema.stderr).toBe('cellfront validate: bad.json#/cells/0/weight: must be >= 0\n');
    await put(local.dir, 'bad.json', { cells: [{ id: 'api1', origin: '${APIGATEWAY1URL}', weight: 1 }, { id: 'api1', origin: '${NOPE}', weight: 10 }], overrides: { t: 'api3' } });
    const meaning = await run('validate', '--config', 'bad.json', ...store);
    expect(meaning.code).toBe(1);
    expect(meaning.stderr).toMatchInlineSnapshot(`
      "cellfront validate: 3 problems:
        bad.json#/cells/1/id: duplicate cell id "api1" (also at #/cells/0/id)
        bad.json#/cells/1/origin: the stack output "NOPE" is not in out.json (outputs: CellfrontDev.CLOUDFRONTDOMAINNAME, CellfrontDev.APIGATEWAY1URL, CellfrontDev.APIGATEWAY2URL, CellfrontDev.APIGATEWAY3URL, CellfrontDev.APIGATEWAY4URL, CellfrontDev.KVSTOREARN, CellfrontDev.KVSENDPOINT)
        bad.json#/overrides/t: no cell "api3"; cells: api1
      "
    `);
  });

  it('--json prints {valid: false, problems} on stdout for an invalid config, each problem with its file and pointer; exit 1', async () => {
    await put(local.dir, 'bad.json', { cells: [{ id: 'api1', origin: '${APIGATEWAY1URL}', weight: 1 }, { id: 'api1', origin: '${NOPE}', weight: 10 }], overrides: { t: 'api3' } });
    const r = await run('validate', '--config', 'bad.json', ...store, '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as { valid: boolean; problems: Array<{ file: string; pointer: string; message: string }> };
    expect(json.valid).toBe(false);
    expect(json.problems.map((p) => [p.file, p.pointer])).toEqual([
      ['bad.json', '/cells/1/id'],
      ['bad.json', '/cells/1/origin'],
      ['bad.json', '/overrides/t'],
    ]);
    expect(json.problems[2]).toEqual({ file: 'bad.json', pointer: '/overrides/t', message: 'no cell "api3"; cells: api1' });
    // A missing file and a table over the KVS limit are problems of the same shape.
    const missing = await run('validate', '--config', 'nope.json', '--json');
    expect([missing.code, JSON.parse(missing.stdout)]).toEqual([1, { valid: false, problems: [{ file: 'nope.json', pointer: '', message: 'no such file' }] }]);
    const cells = Array.from({ length: 16 }, (_, i) => ({ id: `cell-number-${i}`, origin: `https://cell-${i}.execute-api.eu-west-1.amazonaws.com/production`, weight: 1 }));
    await put(local.dir, 'big.json', { cells });
    const big = await run('validate', '--config', 'big.json', '--json');
    expect(big.code).toBe(1);
    expect(JSON.parse(big.stdout)).toMatchObject({ valid: false, problems: [{ file: 'big.json', pointer: '/cells', message: expect.stringContaining('over the 1024-byte limit') }] });
  });

  it('an empty --config= is a usage error (exit 2) saying it needs a file', async () => {
    const r = await run('validate', '--config=');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('cellfront validate: --config needs a file name, got an empty value\nRun `cellfront validate --help` for usage.\n');
  });

  it('refuses a config whose table does not fit one KVS value, at #/cells', async () => {
    const cells = Array.from({ length: 16 }, (_, i) => ({ id: `cell-number-${i}`, origin: `https://cell-${i}.execute-api.eu-west-1.amazonaws.com/production`, weight: 1 }));
    await put(local.dir, 'big.json', { cells });
    const r = await run('validate', '--config', 'big.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cellfront validate: big\.json#\/cells: the routing table takes \d,?\d+ bytes, over the 1024-byte limit of one KVS value/);
  });
});

describe('cellfront plan and apply', () => {
  it('plans the difference with the share moving to and from each cell, and saves it with its ETag', async () => {
    await applyConfig(configWith([50, 30, 20], { overrides: { a: 'api1' } }));
    await put(local.dir, 'next.json', configWith([40, 30, 30], { overrides: { b: 'api3' } }));
    const r = await run('plan', '--config', 'next.json', ...store, '--out', 'plan.json');
    expect(r.code).toBe(0);
    expect(stable(r.stdout)).toMatchInlineSnapshot(`
      "Plan: next.json -> ARN
      (computed against ETag ETAG)

        cell   before    after   moves in   moves out
        api1   50.00%   40.00%      0.00%      10.00%
        api2   30.00%   30.00%      0.00%       0.00%
        api3   20.00%   30.00%     10.00%       0.00%

      Changes:
        + pin b -> api3
        - pin a (was api1)

      10.00% of keys move to another cell. Table: 364 of 1,024 bytes.
      Writes 4 keys in 1 UpdateKeys call with If-Match ETAG: cellfront:table, cellfront:table:previous, cellfront:pin:b, cellfront:pin:a (delete).

      Saved to plan.json. Apply it with: cellfront apply plan.json
      "
    `);
    const file = JSON.parse(await readFile(join(local.dir, 'plan.json'), 'utf8')) as { plan: { etag: string; arn: string } };
    expect(file.plan).toMatchObject({ etag: local.store.etag, arn: local.store.arn });
    const applied = await run('apply', 'plan.json', ...store, '--yes', '--json');
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ applied: true, calls: 1, etag: local.store.etag, previousEtag: file.plan.etag });
    expect(local.store.get('cellfront:pin:b')).toBe('api3');
    expect(local.store.get('cellfront:pin:a')).toBeUndefined();
  });

  it('says so when there is nothing to change, and keeps the previous table', async () => {
    await applyConfig(configWith([50, 50]));
    await applyConfig(configWith([70, 30]));
    const previous = local.store.get(PREVIOUS_TABLE_KEY);
    const etag = local.store.etag;
    const r = await run('apply', ...store, '--yes');
    expect(r.code).toBe(0);
    expect(stable(r.stdout)).toBe('Plan: cellfront.config.json -> ARN\n(computed against ETag ETAG)\n\nNo changes: the store already holds this config\'s table and overrides.\n\nNothing to apply; the store is at ETag ETAG.\n');
    expect(local.store.etag).toBe(etag);
    expect(local.store.get(PREVIOUS_TABLE_KEY)).toBe(previous);
  });

  it('asks on a terminal and writes only on "yes"', async () => {
    await put(local.dir, 'cellfront.config.json', configWith([50, 50]));
    const asked: string[] = [];
    const no = await cli(local.dir, ['apply', ...store], { terminal: { ask: async (q) => (asked.push(q), 'no') } });
    expect(no.code).toBe(1);
    expect(no.stderr).toBe('cellfront apply: cancelled; nothing was written\n');
    expect(local.store.get(TABLE_KEY)).toBeUndefined();
    expect(stable(asked[0]!)).toBe('\nApply these changes to ARN? Type "yes" to write: ');
    const yes = await cli(local.dir, ['apply', ...store], { terminal: { ask: async () => 'yes' } });
    expect(yes.code).toBe(0);
    expect(local.store.get(TABLE_KEY)).toBeDefined();
  });

  it('with no terminal and no --yes, refuses before reading anything (exit 2)', async () => {
    await put(local.dir, 'cellfront.config.json', configWith([50, 50]));
    const r = await run('apply', ...store);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cellfront apply: no terminal to confirm on (CI?); pass --yes to apply without asking\nRun `cellfront apply --help` for usage.\n');
    expect(local.store.get(TABLE_KEY)).toBeUndefined();
  });

  it('stops with exit 3 when the store changed since the plan, writing nothing', async () => {
    await applyConfig(configWith([50, 50]));
    await put(local.dir, 'next.json', configWith([90, 10]));
    expect((await run('plan', '--config', 'next.json', ...store, '--out', 'plan.json')).code).toBe(0);
    const planned = local.store.etag;
    await local.store.put('someone', 'else', local.store.etag);
    const table = local.store.get(TABLE_KEY);
    const r = await run('apply', 'plan.json', ...store, '--yes');
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `cellfront apply: the store changed since plan.json was made (ETag ${planned} expected, the store is at ${local.store.etag}); nothing was written. Run \`cellfront plan\` again and review the new difference\n`,
    );
    expect(local.store.get(TABLE_KEY)).toBe(table);
  });

  it('refuses a plan file whose writes were edited to differ from what it shows, writing nothing', async () => {
    await applyConfig(configWith([50, 50]));
    await put(local.dir, 'next.json', configWith([90, 10]));
    await put(local.dir, 'other.json', configWith([10, 90]));
    expect((await run('plan', '--config', 'next.json', ...store, '--out', 'plan.json')).code).toBe(0);
    expect((await run('plan', '--config', 'other.json', ...store, '--out', 'other-plan.json')).code).toBe(0);
    // The file still shows 90/10, but now writes the 10/90 table.
    const plan = JSON.parse(await readFile(join(local.dir, 'plan.json'), 'utf8')) as { plan: { writes: { puts: { key: string; value: string }[] } } };
    const other = JSON.parse(await readFile(join(local.dir, 'other-plan.json'), 'utf8')) as typeof plan;
    const tableOf = (p: typeof plan) => p.plan.writes.puts.find((x) => x.key === TABLE_KEY) as { value: string };
    tableOf(plan).value = tableOf(other).value;
    await put(local.dir, 'plan.json', plan);
    const before = local.store.get(TABLE_KEY);
    const r = await run('apply', 'plan.json', ...store, '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('plan.json: what it writes does not match what it shows');
    expect(local.store.get(TABLE_KEY)).toBe(before);
    // The untouched plan still applies.
    expect((await run('apply', 'other-plan.json', ...store, '--yes')).code).toBe(0);
  });

  it('validate, plan and apply --config refuse an origin the edge would refuse, writing nothing', async () => {
    await applyConfig(configWith([50, 50]));
    const before = { table: local.store.get(TABLE_KEY), etag: local.store.etag };
    const origins = {
      'http://localhost:0/prod/': 'port 0 is not a valid port: use 1–65535',
      'https://b_c.example.com/': 'host "b_c.example.com" is not a DNS name CloudFront accepts (label "b_c"): use labels of 1–63 letters, digits and hyphens, each beginning and ending with a letter or digit',
      'https://B.Example.COM./': 'host "b.example.com." ends with a dot, which CloudFront refuses: write "b.example.com"',
      'https://a.example.com:99999/': 'port 99999 is not a valid port: use 1–65535',
    };
    for (const [origin, message] of Object.entries(origins)) {
      await put(local.dir, 'p0.json', configWith([50, 50], { cells: [{ id: 'api1', origin: '${APIGATEWAY1URL}', weight: 50 }, { id: 'api2', origin, weight: 50 }] }));
      for (const argv of [['validate'], ['plan'], ['apply', '--yes']]) {
        const r = await run(...argv, '--config', 'p0.json', ...store);
        expect({ code: r.code, stderr: r.stderr }, `${argv[0]} ${origin}`).toEqual({ code: 1, stderr: `cellfront ${argv[0]}: p0.json#/cells/1/origin: ${message}\n` });
      }
    }
    expect({ table: local.store.get(TABLE_KEY), etag: local.store.etag }).toEqual(before);
  });

  it('--out into a folder that does not exist: one line, exit 1, no stack trace', async () => {
    await put(local.dir, 'cellfront.config.json', configWith([50, 50]));
    const r = await run('plan', ...store, '--out', 'missing/dir/p.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('cellfront plan: --out missing/dir/p.json: cannot write the plan: the folder missing/dir does not exist; the plan was not saved and nothing was written to the store\n');
  });

  it('refuses a plan made for another store', async () => {
    await put(local.dir, 'cellfront.config.json', configWith([50, 50]));
    expect((await run('plan', ...store, '--out', 'plan.json')).code).toBe(0);
    const other = await local.registry.create({ name: 'other' });
    const r = await run('apply', 'plan.json', '--kvs-arn', other.arn, '--endpoint-url', local.server.url, '--yes');
    expect(r.code).toBe(1);
    expect(stable(r.stderr)).toBe('cellfront apply: the plan was made for ARN, not ARN; plan again against this store\n');
  });
});

describe('cellfront rollback', () => {
  it('restores the previous table byte for byte, and a second rollback undoes the first', async () => {
    await applyConfig(configWith([50, 50]));
    const first = local.store.get(TABLE_KEY) as string;
    await applyConfig(configWith([20, 30, 50], { cellHeader: false }));
    const second = local.store.get(TABLE_KEY) as string;
    expect(local.store.get(PREVIOUS_TABLE_KEY)).toBe(first);

    const r = await run('rollback', ...store);
    expect(r.code).toBe(0);
    expect(local.store.get(TABLE_KEY)).toBe(first);
    expect(local.store.get(PREVIOUS_TABLE_KEY)).toBe(second);
    expect(stable(r.stdout)).toMatchInlineSnapshot(`
      "Rolled back: cellfront:table holds the previous table again; the store is at ETag ETAG (was ETAG).

        cell   before    after   moves in   moves out
        api1   20.00%   50.00%     30.00%       0.00%
        api2   30.00%   50.00%     20.00%       0.00%
        api3   50.00%        -      0.00%      50.00%

      Changes:
        - cell api3
        ~ cell header: (off) -> x-cellfront-cell

      50.00% of keys move to another cell.

      The replaced table is now in cellfront:table:previous: \`cellfront rollback\` again undoes this rollback.
      "
    `);
    expect((await run('rollback', ...store)).code).toBe(0);
    expect(local.store.get(TABLE_KEY)).toBe(second);
  });

  it('shows every difference it writes, origins included, as plan does', async () => {
    await applyConfig(configWith([50, 50]));
    const moved = configWith([50, 50]);
    (moved.cells as { origin: string }[])[1] = { id: 'api2', origin: 'http://localhost:1/', weight: 50 } as never;
    await applyConfig(moved, 'moved.json');
    const r = await run('rollback', ...store);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('~ cell api2 origin: http://localhost:1 -> https://gw2.execute-api.eu-west-1.amazonaws.com/prod');
    const json = JSON.parse((await run('rollback', ...store, '--json')).stdout) as { changes: { kind: string }[] };
    expect(json.changes).toContainEqual(expect.objectContaining({ kind: 'cell-origin', cell: 'api2' }));
  });

  it('with no current table, restores the previous one without claiming an undo; then has nothing to do', async () => {
    await applyConfig(configWith([50, 50]));
    const first = local.store.get(TABLE_KEY) as string;
    await applyConfig(configWith([20, 30, 50]));
    expect((await run('kvs', 'delete-key', '--key', TABLE_KEY, '--if-match', local.store.etag, ...store)).code).toBe(0);

    const r = await run('rollback', ...store);
    expect(r.code).toBe(0);
    expect(local.store.get(TABLE_KEY)).toBe(first);
    // There was no table to keep: the previous one stays where it is, the same bytes.
    expect(local.store.get(PREVIOUS_TABLE_KEY)).toBe(first);
    expect(stable(r.stdout)).toMatchInlineSnapshot(`
      "Rolled back: cellfront:table holds the previous table again; the store is at ETag ETAG (was ETAG).

        cell   before    after   moves in   moves out
        api1        -   50.00%          -           -
        api2        -   50.00%          -           -

      Changes:
        + the routing table: the store held none in cellfront:table

      Every key is routed by the restored table.

      There was no table in cellfront:table, so none was kept and this rollback cannot be undone: cellfront:table:previous is left as it was, the same table, and \`cellfront rollback\` again has nothing to do.
      "
    `);

    const etag = local.store.etag;
    const again = await run('rollback', ...store);
    expect(again.code).toBe(0);
    expect(stable(again.stdout)).toBe('Nothing to do: cellfront:table already holds the previous table, byte for byte; nothing was written (the store is at ETag ETAG).\n');
    expect(local.store.etag).toBe(etag);
    const json = JSON.parse((await run('rollback', ...store, '--json')).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ etag, previousEtag: etag, outcome: 'unchanged', changes: [], movedShare: 0 });
    expect(local.store.etag).toBe(etag);
  });

  it('replaces a live table the edge cannot use without keeping it', async () => {
    await applyConfig(configWith([50, 50]));
    const first = local.store.get(TABLE_KEY) as string;
    await applyConfig(configWith([20, 80]));
    await local.store.put(TABLE_KEY, '{"v":1}', local.store.etag);

    const r = await run('rollback', ...store, '--json');
    expect(r.code).toBe(0);
    expect(local.store.get(TABLE_KEY)).toBe(first);
    expect(local.store.get(PREVIOUS_TABLE_KEY)).toBe(first);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'restored', changes: [{ kind: 'unusable-table', reason: 'bad m' }] });
    expect((await run('rollback', ...store)).stdout).toMatch(/^Nothing to do: /);
  });

  it('refuses when nothing is kept', async () => {
    await applyConfig(configWith([50, 50]));
    const r = await run('rollback', ...store);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'cellfront rollback: there is no previous table (cellfront:table:previous) to roll back to; it is kept by `cellfront apply` and the other commands that change the table\n',
    );
  });
});

describe('cellfront drain, undrain, pin, unpin', () => {
  it('drain and undrain flip one cell; pin and unpin one key', async () => {
    await applyConfig(configWith([60, 40]));
    const original = local.store.get(TABLE_KEY);
    const outputs = [
      await run('drain', 'api2', ...store),
      await run('drain', 'api2', ...store),
      await run('undrain', 'api2', ...store),
      await run('pin', 'tenant-7', 'api2', ...store),
      await run('pin', 'tenant-7', 'api2', ...store),
      await run('unpin', 'tenant-7', ...store),
    ];
    expect(outputs.map((o) => o.code)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(outputs.map((o) => stable(o.stdout)).join('')).toMatchInlineSnapshot(`
      "Drained api2: its keys (40.00%) go to api1; the store is at ETag ETAG (was ETAG).
      api2 is already drained; nothing to do.
      Undrained api2: it takes back its 40.00% of keys; the store is at ETag ETAG (was ETAG).
      Pinned tenant-7 to api2; the store is at ETag ETAG (was ETAG).
      tenant-7 is already pinned to api2; nothing to do.
      Unpinned tenant-7 (was api2): it routes by its hash again; the store is at ETag ETAG (was ETAG).
      "
    `);
    expect(local.store.get(TABLE_KEY)).toBe(original);
    expect(local.store.get('cellfront:pin:tenant-7')).toBeUndefined();
  });

  it('speaks JSON for scripts', async () => {
    await applyConfig(configWith([60, 40]));
    const drained = JSON.parse((await run('drain', 'api1', ...store, '--json')).stdout) as Record<string, unknown>;
    expect(drained).toEqual({ cell: 'api1', drained: true, changed: true, etag: local.store.etag, previousEtag: expect.stringMatching(/^KV/), fallback: 'api2' });
    const pinned = JSON.parse((await run('pin', 'k', 'api2', ...store, '--json')).stdout) as Record<string, unknown>;
    expect(pinned).toMatchObject({ key: 'k', cell: 'api2', was: null, changed: true });
  });
});

describe('cellfront status', () => {
  let edge: Server;
  const stats = new EdgeStats();
  beforeAll(async () => {
    // Serves the local edge's counters in the shape the edge keeps them.
    edge = createServer((req, res) => {
      res.writeHead(req.url === '/_cellfront/stats' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(stats.snapshot()));
    });
    await new Promise<void>((ready) => edge.listen(0, '127.0.0.1', ready));
  });
  afterAll(async () => {
    await new Promise((done) => edge.close(done));
  });

  it("shows the live table, its ETag and last change, pins, and the edge's observed share", async () => {
    await applyConfig(configWith([50, 50], { overrides: { 'tenant-42': 'api2' } }));
    for (let i = 0; i < 30; i++) stats.count(200, 'gw1.execute-api.eu-west-1.amazonaws.com:443', [['x-cellfront-cell', 'api1']]);
    for (let i = 0; i < 10; i++) stats.count(i < 2 ? 502 : 200, 'gw2.execute-api.eu-west-1.amazonaws.com:443', [['x-cellfront-cell', 'api2']]);
    const port = (edge.address() as AddressInfo).port;
    const r = await run('status', ...store, '--edge', `localhost:${port}`);
    expect(r.code).toBe(0);
    expect(stable(r.stdout)).toMatchInlineSnapshot(`
      "Store     ARN
      ETag      ETAG
      Changed   DATE
      Table     279 of 1,024 bytes, 2 runs, proxy mode, fallback api1
      Rollback  no previous table kept
      Pins      1: tenant-42 -> api2

        cell   state     share   origin                                                 observed   requests   5xx
        api1   active   50.00%   https://gw1.execute-api.eu-west-1.amazonaws.com/prod     75.00%         30     0
        api2   active   50.00%   https://gw2.execute-api.eu-west-1.amazonaws.com/prod     25.00%         10     2

      Observed  requests counted by the local edge at http://localhost:PORT since it started
      "
    `);
    const json = JSON.parse((await run('status', ...store, '--edge', `localhost:${port}`, '--json')).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      arn: local.store.arn,
      etag: local.store.etag,
      lastModified: local.store.lastModified.toISOString(),
      previous: false,
      pins: { 'tenant-42': 'api2' },
      observed: { cells: { api1: { requests: 30, errors5xx: 0, share: 0.75 }, api2: { requests: 10, errors5xx: 2, share: 0.25 } } },
    });
  });

  it('says when the store holds no table yet', async () => {
    const r = await run('status', ...store);
    expect(r.code).toBe(0);
    expect(stable(r.stdout)).toContain('Table     none: the store holds no cellfront:table; write one with `cellfront apply`\n');
  });

  it('says when the function routes by the seed layout instead, naming the keys it reads (from 1 to the first missing one)', async () => {
    for (const n of [2, 10, 1]) await local.store.put(`APIGW${n}URL`, `https://api${n}.example.com/prod/`, local.store.etag);
    const r = await run('status', ...store);
    expect(r.code).toBe(0);
    expect(stable(r.stdout)).toContain(
      "Table     none: the store holds no cellfront:table; cellfront's function routes by the seed layout (APIGW1URL, APIGW2URL: an even split) until you write one with `cellfront apply`\n",
    );
  });

  it('counts runs, pools and rules in the singular when there is one', async () => {
    await applyConfig({ ...configWith([100]) });
    expect(stable((await run('status', ...store)).stdout)).toMatch(/^Table {5}\d+ of 1,024 bytes, 1 run, proxy mode, fallback api1$/m);
  });
});

describe('error texts', () => {
  it('are one line each, name what was wrong and what is accepted', async () => {
    await applyConfig(configWith([50, 50]));
    const cases = [
      ['status'],
      ['status', '--kvs-arn', ''],
      ['drain', ...store],
      ['drain', 'api9', ...store],
      ['pin', 'k', ...store],
      ['unpin', 'k', ...store],
      ['shift', '--cell', 'api1', ...store],
      ['shift', '--cell', 'api1', '--to', '120', ...store],
      ['shift', '--cell', 'api1', '--to', '50', '--interval', 'soon', ...store],
      ['shift', '--cell', 'api1', '--to', '50', '--abort-on-5xx', '5', ...store],
      ['shift', '--cell', 'api1', '--to', '50', '--abort-on-5xx', '5%', '--interval', '0', ...store],
      ['apply', 'plan.json', '--config', 'x.json', '--yes'],
      ['apply', 'missing.json', '--yes', ...store],
      ['status', '--outputs-file', 'missing.json'],
      ['status', '--kvs-arn', 'arn:aws:cloudfront::000000000000:key-value-store/00000000-0000-4000-8000-000000000000', '--endpoint-url', local.server.url],
      ['status', '--kvs-arn', local.store.arn, '--endpoint-url', 'http://localhost:1'],
      ['plan', '--config', 'missing.json', ...store],
      ['validate', '--config', 'missing.json'],
      ['undrain', 'api9', ...store],
      ['drain', 'api1', 'api2', ...store],
      ['pin', 'k', 'api9', ...store],
      ['shift', '--cell', 'api9', '--to', '10', ...store],
      ['rollback', 'now', ...store],
    ];
    const lines: string[] = [];
    for (const argv of cases) {
      const r = await run(...argv);
      lines.push(`$ cellfront ${stable(argv.join(' ')).replace(/localhost:PORT/g, 'ENDPOINT')}  [exit ${r.code}]`, stable(r.stderr).replace(/ECONNREFUSED .*$/m, 'ECONNREFUSED ...').trimEnd());
    }
    expect(lines.join('\n')).toMatchSnapshot();
  });
});
