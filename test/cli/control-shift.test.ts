import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slotsOf } from '../../src/control/shift-table.js';
import { decodeTable, PREVIOUS_TABLE_KEY, TABLE_KEY, type RoutingTable } from '../../src/router/table/index.js';
import { cliPath } from '../support/dev-process.js';
import { cli, configWith, outputsFor, put, stable, startLocalStore, type LocalStore } from '../control/support.js';

let local: LocalStore;
beforeAll(async () => {
  local = await startLocalStore();
  await put(local.dir, 'out.json', outputsFor(local));
});
afterAll(async () => {
  await local.close();
});

const store = ['--outputs-file', 'out.json'];

function table(): RoutingTable {
  const decoded = decodeTable(local.store.get(TABLE_KEY));
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.table;
}

async function reset(weights: readonly number[]): Promise<string> {
  await local.store.clear();
  await put(local.dir, 'cellfront.config.json', configWith(weights));
  expect((await cli(local.dir, ['apply', ...store, '--yes'])).code).toBe(0);
  return local.store.get(TABLE_KEY) as string;
}

describe('cellfront shift', () => {
  it('steps to the target, one line per step without a terminal, keeping the pre-shift table for rollback', async () => {
    const original = await reset([50, 50]);
    const r = await cli(local.dir, ['shift', '--cell', 'api2', '--to', '80', '--step', '10', '--interval', '0', ...store]);
    expect(r.code).toBe(0);
    expect(stable(r.stderr)).toBe(
      [
        '[#######-------------] step 1/3: api2 at 60.00% (ETag ETAG)',
        '[#############-------] step 2/3: api2 at 70.00% (ETag ETAG)',
        '[####################] step 3/3: api2 at 80.00% (ETag ETAG)',
        '',
      ].join('\n'),
    );
    expect(stable(r.stdout)).toBe('Done: api2 is at 80.00% of keys (was 50.00%), in 3 steps; the store is at ETag ETAG.\n');
    expect(slotsOf(table(), 'api2')).toBe(8000);
    expect(local.store.get(PREVIOUS_TABLE_KEY)).toBe(original);
    expect((await cli(local.dir, ['rollback', ...store])).code).toBe(0);
    expect(local.store.get(TABLE_KEY)).toBe(original);
  });

  it('does nothing when the cell is already there, and reports JSON for scripts', async () => {
    await reset([50, 50]);
    const same = await cli(local.dir, ['shift', '--cell', 'api1', '--to', '50', ...store]);
    expect(same.stdout).toBe('api1 is already at 50.00% of keys; nothing to do.\n');
    const json = JSON.parse((await cli(local.dir, ['shift', '--cell', 'api1', '--to', '25', '--step', '25', '--interval', '0', '--json', ...store])).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ outcome: 'done', cell: 'api1', fromShare: 0.5, toShare: 0.25, share: 0.25, plannedSteps: 1, etag: local.store.etag });
  });

  it('stops at once with exit 3 when someone else writes during the shift', async () => {
    await reset([50, 50]);
    const running = cli(local.dir, ['shift', '--cell', 'api2', '--to', '100', '--step', '10', '--interval', '50ms', ...store]);
    // Another operator writes while the shift waits between steps.
    while (slotsOf(table(), 'api2') === 5000) await new Promise((tick) => setImmediate(tick));
    await local.store.put('operator', 'was here', local.store.etag);
    const r = await running;
    expect(r.code).toBe(3);
    expect(stable(r.stderr)).toMatch(/cellfront shift: the store changed since step \d of this shift wrote it \(ETag ETAG expected, the store is at ETAG\); nothing was written; the shift stopped after step \d of 5, with api2 at \d+\.00%\n$/);
    expect(local.store.get('operator')).toBe('was here');
  });

  /** Starts a loopback server answering every request with `status`, or (with `close`) one closed at once: a port nothing answers on. */
  async function edgeStub(status: number, close = false): Promise<{ host: string; server: Server }> {
    const server = createServer((_req, res) => res.writeHead(status, { 'content-type': 'text/plain' }).end('not the counters'));
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (close) await new Promise((done) => server.close(done));
    return { host, server };
  }

  it('--abort-on-5xx reads the counters before the first step: an edge it cannot read fails the shift with nothing written', async () => {
    const original = await reset([50, 50]);
    const etag = local.store.etag;
    const refused = await edgeStub(200, true);
    const missing = await edgeStub(404);
    try {
      for (const { host, why } of [
        { host: refused.host, why: 'connect ECONNREFUSED 127.0.0.1:PORT' },
        { host: missing.host, why: 'status 404' },
      ]) {
        const r = await cli(local.dir, ['shift', '--cell', 'api2', '--to', '100', '--step', '50', '--interval', '1s', '--abort-on-5xx', '0.05', '--edge', host, ...store]);
        expect(r.code).toBe(1);
        expect(stable(r.stdout)).toBe('');
        expect(stable(r.stderr.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT'))).toBe(
          `cellfront shift: cannot read the edge's counters at http://127.0.0.1:PORT/_cellfront/stats: ${why} (check that \`cellfront dev\` is running there, or give its edge with --edge HOST); the shift did not start and nothing was written\n`,
        );
        expect(local.store.etag).toBe(etag);
        expect(local.store.get(TABLE_KEY)).toBe(original);
      }
    } finally {
      await new Promise((done) => missing.server.close(done));
    }
  });

  /** Starts a slow shift, waits for its first step, sends `signal`; resolves with its exit code and output. */
  async function interruptAfterFirstStep(signal: NodeJS.Signals): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [cliPath, 'shift', '--cell', 'api2', '--to', '100', '--step', '10', '--interval', '10m', ...store], {
      cwd: local.dir,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await new Promise<void>((stepped) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('step 1/5')) stepped();
      }),
    );
    child.kill(signal);
    const code = await exited;
    return { code, stdout, stderr };
  }

  const STOPPED_AFTER_STEP_1 =
    'Interrupted after step 1 of 5: api2 is at 60.00% of keys, and the store holds that table as written (ETag ETAG). Run the same command to continue, or `cellfront rollback` to undo the shift in one write.\n';

  it('Ctrl-C stops between steps, leaves the table of the last step, and says where it stopped', async () => {
    const original = await reset([50, 50]);
    const { code, stdout, stderr } = await interruptAfterFirstStep('SIGINT');
    expect(code).toBe(130);
    expect(stable(stdout)).toBe(STOPPED_AFTER_STEP_1);
    expect(stderr).toContain('Stopping after the current step');
    expect(slotsOf(table(), 'api2')).toBe(6000);
    expect(local.store.get(PREVIOUS_TABLE_KEY)).toBe(original);
  }, 60_000);

  it('SIGTERM stops between steps too, with the same "stopped after" report (exit 143)', async () => {
    const original = await reset([50, 50]);
    const { code, stdout } = await interruptAfterFirstStep('SIGTERM');
    expect(code).toBe(143);
    expect(stable(stdout)).toBe(STOPPED_AFTER_STEP_1);
    expect(slotsOf(table(), 'api2')).toBe(6000);
    expect(local.store.get(PREVIOUS_TABLE_KEY)).toBe(original);
  }, 60_000);
});
