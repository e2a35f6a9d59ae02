import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import type { SimulationReport } from '../../src/router/table/simulate.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cellfront-simulate-'));
  await put('f.json', config([50, 30, 20]));
  await put('g.json', config([40, 30, 30]));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(name: string, content: unknown): Promise<void> {
  await writeFile(join(dir, name), JSON.stringify(content), 'utf8');
}

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: dir };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function config(weights: readonly number[]) {
  return {
    cells: weights.map((weight, i) => ({ id: `cell${i + 1}`, origin: `https://cell${i + 1}.example.com`, weight })),
    partition: { from: [{ cookie: 'session' }] },
  };
}

describe('cellfront simulate', () => {
  it('prints expected and observed shares and stickiness', async () => {
    const result = await run('simulate', '--config', 'f.json', '--keys', '20000');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatchInlineSnapshot(`
      "20,000 synthetic keys (seed 1) through f.json:

      cell   weight  expected   slots  observed     error
      cell1      50    50.00%  50.00%    50.36%  +0.36 pp
      cell2      30    30.00%  30.00%    29.49%  -0.51 pp
      cell3      20    20.00%  20.00%    20.15%  +0.15 pp

      largest error: 0.51 percentage points
      stickiness: 100.00% of repeated requests reach the same cell;
                  100.00% of new visitors are back on their first cell with the visitor cookie
      "
    `);
  });

  it('with --against, prints the keys that move beside the minimum', async () => {
    const result = await run('simulate', '--config', 'f.json', '--against', 'g.json', '--keys', '20000');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("against g.json (compiled with f.json's table as the previous one):");
    expect(result.stdout).toMatch(/moved: [\d.]+% of keys \(10\.00% of slots\); the minimum possible is 10\.00%\n$/);
  });

  it('prints JSON with --json', async () => {
    const result = await run('simulate', '--config', 'f.json', '--against', 'g.json', '--keys', '5000', '--json', '--seed', '9');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as SimulationReport;
    expect(report.keys).toBe(5000);
    expect(report.seed).toBe(9);
    expect(report.cells.map((c) => c.id)).toEqual(['cell1', 'cell2', 'cell3']);
    expect(report.stickiness).toEqual({ repeatedRequests: 1, newVisitors: 1 });
    expect(report.against?.minimumShare).toBe(0.1);
  });

  it('is deterministic for a seed', async () => {
    const a = await run('simulate', '--config', 'f.json', '--keys', '3000', '--json');
    const b = await run('simulate', '--config', 'f.json', '--keys', '3000', '--json');
    expect(a.stdout).toBe(b.stdout);
  });

  it('says that the viewer\'s facts are ignored for a config without rules', async () => {
    const plain = await run('simulate', '--config', 'f.json', '--keys', '1000');
    const withFacts = await run('simulate', '--config', 'f.json', '--keys', '1000', '--country', 'DE');
    expect(withFacts.code).toBe(0);
    expect(withFacts.stdout).toBe(plain.stdout);
    expect(withFacts.stderr).toContain('has no rules or pools: the viewer\'s facts (--country, --header, --path, ...) are used only with them, and are ignored here.');
    expect(plain.stderr).not.toContain('ignored');
  });

  it('rejects a bad --keys with exit 2', async () => {
    const result = await run('simulate', '--config', 'f.json', '--keys', 'lots');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('cellfront simulate: --keys takes a whole number from 1 to 10000000, got "lots"\nRun `cellfront simulate --help` for usage.\n');
  });

  it('names the --against file when it is invalid, exit 1', async () => {
    await put('bad.json', { cells: [{ id: 'x', origin: 'nope', weight: 1 }] });
    const result = await run('simulate', '--config', 'f.json', '--against', 'bad.json', '--keys', '10');
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'cellfront simulate: bad.json#/cells/0/origin: must be an absolute http(s) URL, got "nope"\n' });
  });

  it('has stable help', async () => {
    const result = await run('simulate', '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatchSnapshot();
  });

  describe('a config with rules and pools', () => {
    const pooled = {
      cells: [1, 2, 3, 4, 5].map((n) => ({ id: `c${n}`, origin: `https://c${n}.example.com`, weight: n >= 4 ? 1 : 0 })),
      partition: { from: [{ header: 'x-tenant-id' }] },
      pools: { eu: { c1: 3, c2: 1 }, v2: { c3: 1 } },
      rules: [
        { name: 'premium', match: { header: { name: 'x-plan', equals: 'premium' } }, cell: 'c5' },
        { name: 'v2', match: { pathPrefix: '/v2/' }, pool: 'v2' },
        { name: 'eu', match: { country: ['DE', 'FR'] }, pool: 'eu' },
      ],
    };
    const shares = (stdout: string) => JSON.parse(stdout) as { rules: { rule: string; pool: string; share: number }[]; routed: { cell: string }[]; stickiness: { repeatedRequests: number; newVisitors: number } };

    it('routes every key with the viewer facts given and reports each rule, the cells reached and every pool', async () => {
      await put('p.json', pooled);
      const result = await run('simulate', '--config', 'p.json', '--keys', '4000', '--country', 'de');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatchSnapshot();
      const cases: [string[], string, string[]][] = [
        [[], '(default split)', ['c4', 'c5']],
        [['--country', 'DE'], 'eu', ['c1', 'c2']],
        [['--country', 'US', '--path', '/v2/orders'], 'v2', ['c3']],
        [['--country', 'DE', '--header', 'x-plan=premium'], 'premium', ['c5']],
      ];
      for (const [flags, rule, cells] of cases) {
        const json = await run('simulate', '--config', 'p.json', '--keys', '2000', '--json', ...flags);
        const report = shares(json.stdout);
        expect(report.rules.map((r) => [r.rule, r.share]), flags.join(' ')).toEqual([[rule, 1]]);
        expect(report.routed.map((r) => r.cell)).toEqual(cells);
        expect(report.stickiness).toEqual({ repeatedRequests: 1, newVisitors: 1 });
      }
    });

    it('says what a fact flag accepts', async () => {
      await put('p.json', pooled);
      const bad = await run('simulate', '--config', 'p.json', '--header', 'x-plan');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--header "x-plan": expected NAME=VALUE/);
      const country = await run('simulate', '--config', 'p.json', '--country', 'Germany');
      expect(country.code).toBe(2);
      expect(country.stderr).toMatch(/--country "Germany": expected two letters/);
    });
  });
});
