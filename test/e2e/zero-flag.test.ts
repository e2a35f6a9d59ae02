// `npm start` in one terminal, the control plane in another, with no flags:
// `cellfront dev` names itself in .cellfront/outputs.json, the commands find
// it there, and a saved plan remembers the endpoint it was made against.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runProcess, startDevProcess, type DevProcess } from '../support/dev-process.js';

/** Runs the CLI in `cwd` with no store in the environment, as a user's second terminal. */
function cli(cwd: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runProcess(process.execPath, [cliPath, ...args], {}, { cwd, unset: ['CELLFRONT_KVS_ARN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE'] });
}

let dev: DevProcess;

beforeAll(async () => {
  dev = await startDevProcess(['--config', join(repoRoot, 'cellfront.config.json')]);
}, 60_000);

afterAll(async () => {
  await dev?.stop();
});

describe('after `cellfront dev`, in the same folder and with no flags', () => {
  it('dev wrote its outputs to .cellfront/outputs.json', async () => {
    const written = JSON.parse(await readFile(join(dev.dir, '.cellfront/outputs.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(written.CellfrontDev).toEqual(dev.outputs);
  });

  it('status shows the live table and the observed traffic, and says where the store came from', async () => {
    const res = await cli(dev.dir, ['status']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe('Using the local system of `cellfront dev` in this folder (.cellfront/outputs.json); --outputs-file, --kvs-arn or --endpoint-url choose another store.\n');
    expect(res.stdout).toContain(`Store     ${dev.outputs.KVSTOREARN}`);
    expect(res.stdout).toMatch(/^ {2}api1\s+active\s+50\.00%\s+http:\/\/localhost:\d+\/prod/m);
    expect(res.stdout).toContain('Observed  requests counted by the local edge');
  });

  it('plan --config X --out P, then apply P --yes writes it to the same store', async () => {
    const config = JSON.parse(await readFile(join(repoRoot, 'cellfront.config.json'), 'utf8')) as { cells: Array<{ weight: number }> };
    config.cells[0]!.weight = 70;
    config.cells[1]!.weight = 30;
    await writeFile(join(dev.dir, 'shifted.json'), JSON.stringify(config));

    const plan = await cli(dev.dir, ['plan', '--config', 'shifted.json', '--out', 'plan.json']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('Apply it with: cellfront apply plan.json');
    const saved = JSON.parse(await readFile(join(dev.dir, 'plan.json'), 'utf8')) as { endpoint?: string };
    expect(saved.endpoint).toBe(dev.outputs.KVSENDPOINT);

    const apply = await cli(dev.dir, ['apply', 'plan.json', '--yes']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).toBe(`Using the endpoint plan.json was made against: ${dev.outputs.KVSENDPOINT}\n`);
    expect(apply.stdout).toMatch(/Applied: \d+ keys? in 1 UpdateKeys call/);

    const status = await cli(dev.dir, ['status', '--json']);
    const shares = (JSON.parse(status.stdout) as { table: { cells: Array<{ id: string; share: number }> } }).table.cells.map((c) => [c.id, c.share]);
    expect(shares).toEqual([['api1', 0.7], ['api2', 0.3]]);
  });

  it('validate, compile and simulate resolve ${Name} from it, and say so', async () => {
    await writeFile(join(dev.dir, 'local.json'), await readFile(join(repoRoot, 'cellfront.config.json'), 'utf8'));
    const said = 'Resolving ${Name} in the config from the outputs of `cellfront dev` in this folder (.cellfront/outputs.json); --outputs-file chooses others.\n';
    for (const args of [['validate'], ['compile'], ['simulate', '--keys', '1000']]) {
      const res = await cli(dev.dir, [...args, '--config', 'local.json']);
      expect(res.code, `${args[0]}: ${res.stderr}`).toBe(0);
      expect(res.stderr.startsWith(said), `${args[0]}: ${res.stderr}`).toBe(true);
    }
    const compiled = await cli(dev.dir, ['compile', '--config', 'local.json']);
    expect(compiled.stdout).toContain(new URL(String(dev.outputs.APIGATEWAY1URL)).port);
  });

  it('a flag still wins: --endpoint-url with no ARN is refused, not filled from the local outputs', async () => {
    const res = await cli(dev.dir, ['status', '--endpoint-url', dev.outputs.KVSENDPOINT as string]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('no store given');
  });

  it('when dev stops, the outputs file goes, and commands say no store is given', async () => {
    await dev.stop();
    expect(existsSync(join(dev.dir, '.cellfront/outputs.json'))).toBe(false);
    const res = await cli(dev.dir, ['status']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('no store given');
  });
});
